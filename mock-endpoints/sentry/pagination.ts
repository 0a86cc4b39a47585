import { json } from "../core/replies";
import type { MockReply, MockRequest } from "../core/types";

const maxPerPage = 100;

/**
 * Sentry's cursor pagination, on every list endpoint: `per_page` (default and most 100), a
 * `cursor` of the form `<value>:<offset>:<is_prev>`, and a `Link` header with a `previous` and a
 * `next` link, each saying `results="true"` when that page has items. A client that reads only
 * the first page misses the rest.
 * @see https://docs.sentry.io/api/pagination/
 */
export function paginated(request: MockRequest, items: unknown[]): MockReply {
  const asked = Number.parseInt(request.query.get("per_page") ?? "", 10);
  const perPage = Number.isNaN(asked) || asked < 1 ? maxPerPage : Math.min(asked, maxPerPage);
  const offset = Math.max(0, Number.parseInt((request.query.get("cursor") ?? "").split(":")[1] ?? "", 10) || 0);
  const link = (cursor: string, rel: string, results: boolean) => {
    const query = new URLSearchParams(request.query);
    query.set("cursor", cursor);
    return `<http://${request.headers.host ?? "sentry.io"}${request.path}?${query}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  const previous = link(`0:${Math.max(0, offset - perPage)}:1`, "previous", offset > 0);
  const next = link(`0:${offset + perPage}:0`, "next", offset + perPage < items.length);
  return json(200, items.slice(offset, offset + perPage), { link: `${previous}, ${next}` });
}
