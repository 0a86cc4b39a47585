import type { MockReply, MockRequest } from "../core/types";

/**
 * How splunkd renders REST answers: `output_mode=json` (query string or form field) gives
 * JSON; anything else, and no `output_mode` at all, gives the Atom/XML default.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTprolog ("output_mode")
 */
export type OutputMode = "json" | "xml";

export function outputMode(request: MockRequest, form?: URLSearchParams): OutputMode {
  const mode = request.query.get("output_mode") ?? form?.get("output_mode") ?? "xml";
  return mode.startsWith("json") ? "json" : "xml";
}

export type MessageType = "WARN" | "ERROR" | "INFO" | "FATAL";

const xmlHeaders = { "content-type": "text/xml; charset=UTF-8" };
const jsonHeaders = { "content-type": "application/json; charset=UTF-8" };

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * splunkd's error form: `{"messages":[{"type","text"}]}`, or `<response><messages><msg type=…>`.
 * E.g. 401 WARN "call not properly authenticated" (splunk/terraform-provider-splunk#49,
 * PaloAltoNetworks/Splunk-Apps#334 show the JSON form verbatim).
 */
export function managementError(request: MockRequest, status: number, type: MessageType, text: string, headers: Record<string, string> = {}, form?: URLSearchParams): MockReply {
  if (outputMode(request, form) === "json") return { status, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify({ messages: [{ type, text }] }) };
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <messages>\n    <msg type="${type}">${escapeXml(text)}</msg>\n  </messages>\n</response>\n`;
  return { status, headers: { ...xmlHeaders, ...headers }, body };
}

/** One REST entity: its title (`http://<name>` for a HEC token) and its content keys. */
export interface FeedEntry {
  title: string;
  content: Record<string, string | boolean | string[]>;
}

function xmlValue(value: string | boolean | string[]): string {
  if (Array.isArray(value)) return `<s:list>${value.map((item) => `<s:item>${escapeXml(item)}</s:item>`).join("")}</s:list>`;
  if (typeof value === "boolean") return value ? "1" : "0";
  return escapeXml(value);
}

/**
 * A collection answer (list, create, edit, delete all answer with a feed). `collection` is
 * the collection's path, e.g. `/servicesNS/admin/splunk_httpinput/data/inputs/http`.
 * The JSON layout (`entry[].name/content`, `paging`, `messages`) is splunkd's; see the
 * token GUID read as `entry[0].content.token` in integrations.md.
 */
export function renderFeed(request: MockRequest, form: URLSearchParams | undefined, collection: string, entries: FeedEntry[], status = 200): MockReply {
  const origin = `http://${request.headers.host ?? "localhost"}`;
  const updated = new Date().toISOString();
  const linkOf = (entry: FeedEntry) => `${collection}/${encodeURIComponent(entry.title)}`;
  if (outputMode(request, form) === "json") {
    return {
      status,
      headers: jsonHeaders,
      body: JSON.stringify({
        links: { create: `${collection}/_new`, _reload: `${collection}/_reload` },
        origin: `${origin}${collection}`,
        updated,
        // Clients such as splunk-sdk read the version to pick features; this mock claims a current 9.x.
        generator: { build: "operator-wiring-mock", version: "9.4.0" },
        entry: entries.map((entry) => ({
          name: entry.title,
          id: `${origin}${linkOf(entry)}`,
          updated,
          links: { alternate: linkOf(entry), list: linkOf(entry), edit: linkOf(entry), remove: linkOf(entry) },
          author: "nobody",
          acl: { app: "splunk_httpinput", owner: "nobody", sharing: "app", can_write: true, modifiable: true, removable: true },
          content: entry.content,
        })),
        paging: { total: entries.length, perPage: 30, offset: 0 },
        messages: [],
      }),
    };
  }
  const xmlEntries = entries.map(
    (entry) =>
      `  <entry>\n    <title>${escapeXml(entry.title)}</title>\n    <id>${escapeXml(origin + linkOf(entry))}</id>\n    <updated>${updated}</updated>\n` +
      `    <link href="${escapeXml(linkOf(entry))}" rel="alternate"/>\n    <author><name>nobody</name></author>\n    <content type="text/xml">\n      <s:dict>\n` +
      Object.entries(entry.content)
        .map(([key, value]) => `        <s:key name="${escapeXml(key)}">${xmlValue(value)}</s:key>\n`)
        .join("") +
      `      </s:dict>\n    </content>\n  </entry>\n`,
  );
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n` +
    `  <title>http</title>\n  <id>${escapeXml(origin + collection)}</id>\n  <updated>${updated}</updated>\n  <generator build="operator-wiring-mock" version="9.4.0"/>\n` +
    `  <author><name>Splunk</name></author>\n  <opensearch:totalResults>${entries.length}</opensearch:totalResults>\n  <opensearch:itemsPerPage>30</opensearch:itemsPerPage>\n` +
    `  <opensearch:startIndex>0</opensearch:startIndex>\n  <s:messages/>\n${xmlEntries.join("")}</feed>\n`;
  return { status, headers: xmlHeaders, body };
}
