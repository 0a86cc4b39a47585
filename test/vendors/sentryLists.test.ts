import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { sentryMock } from "../../mock-endpoints/sentry";
import { everyPage, sentryList, sentryPaths } from "../../vendors/sentry/sentryLists";

let mock: RunningService;
let control: MockControl;
const token = `sntryu_${"0".repeat(64)}`;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

describe("Sentry lists, read by every layer through vendors/sentry/sentryLists.ts", () => {
  it("reads every page through the Link header: 150 integrations in two requests", async () => {
    const integrations = Array.from({ length: 150 }, (_, i) => ({ provider: "pagerduty", id: String(1000 + i), name: `PagerDuty ${i}` }));
    await control.seed({ organizations: [{ slug: "acme", integrations }] });

    const found = (await sentryList({ apiUrl: `${mock.url}/api/0`, path: sentryPaths.integrations("acme", "pagerduty", false), token })) as { id: string }[];

    expect(found.map((i) => i.id)).toEqual(integrations.map((i) => i.id));
    const reads = await control.requests({ path: "/api/0/organizations/acme/integrations/" });
    expect(reads.map((r) => [r.query.cursor, r.query.includeConfig, r.headers.authorization])).toEqual([
      [undefined, "0", `Bearer ${token}`],
      ["0:100:0", "0", `Bearer ${token}`],
    ]);
  });

  it("does not follow a next link to another origin: the token would go with it", async () => {
    const link = '<https://elsewhere.example/api/0/organizations/acme/workflows/?cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    const pages: string[] = [];
    const reading = everyPage(
      "https://sentry.io/api/0/organizations/acme/workflows/",
      async (url) => {
        pages.push(url);
        return { items: [1], link };
      },
      () => new Error("too many"),
    );
    await expect(reading).rejects.toThrow("Sentry's next-page link points at https://elsewhere.example, not https://sentry.io: not followed");
    expect(pages).toEqual(["https://sentry.io/api/0/organizations/acme/workflows/"]);
  });

  it("stops at 100 pages with the reader's own error: a cursor that never ends is not Sentry", async () => {
    const link = '<https://sentry.io/api/0/x/?cursor=0:1:0>; rel="next"; results="true"; cursor="0:1:0"';
    let pages = 0;
    const reading = everyPage(
      "https://sentry.io/api/0/x/",
      async () => {
        pages += 1;
        return { items: [], link };
      },
      (max) => new Error(`more than ${max} pages`),
    );
    await expect(reading).rejects.toThrow("more than 100 pages");
    expect(pages).toBe(100);
  });
});
