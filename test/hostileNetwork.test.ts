import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { opsgenieRequest } from "../vendors/opsgenie/opsgenieApi";
import { sentryRequest } from "../vendors/sentry/sentryApi";
import { splunkHecTokenProvider } from "../components/dynamic/splunkHecToken";
import { SecretValue } from "../config/secretValue";
import { opsgenieKeyRegionOverHttp } from "../lookups/opsgenieKeyRegion";
import { lookupSentryOrganizationOverHttp } from "../lookups/sentryOrganizationOverHttp";
import { Deadline } from "../verify/deadline";
import { HttpClient } from "../verify/http/httpClient";
import { NotTheVendor } from "../verify/http/httpErrors";
import type { InputsByIntegration } from "../verify/inputs/integrationInputs";
import { type Integration, integrationTitles } from "../verify/integrations";
import type { Probe } from "../verify/probe";
import { loadProbe } from "../verify/probes";
import { Redactor } from "../verify/redactor";
import { credentialCanaries, canarySecrets } from "./support/credentialCanaries";
import { runMockProbe } from "./support/runMockProbe";

/** A server that answers every request by `answer`, recording what it was sent. */
async function recordingServer(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; hits: { url: string; headers: IncomingMessage["headers"]; body: string }[]; server: Server }> {
  const hits: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      hits.push({ url: req.url ?? "", headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

let attacker: Awaited<ReturnType<typeof recordingServer>>;
let redirecting: Awaited<ReturnType<typeof recordingServer>>;
/** What the redirecting "vendor" sends back, by test. */
let redirectStatus = 302;
let html: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
  attacker = await recordingServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"valid":true,"status":"success"}'));
  // The Location echoes the request's path and query, where credentials may ride.
  redirecting = await recordingServer((req, res) => res.writeHead(redirectStatus, { location: `${attacker.url}/capture${req.url}` }).end());
  html = await recordingServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Please log in to the proxy</body></html>"));
});
afterAll(() => {
  for (const s of [attacker, redirecting, html]) {
    s.server.closeAllConnections();
    s.server.close();
  }
});
beforeEach(() => {
  redirectStatus = 302;
  for (const s of [attacker, redirecting, html]) s.hits.length = 0;
});

describe("verify's HTTP layer on a hostile network", () => {
  function client() {
    const lines: string[] = [];
    return { http: new HttpClient({ integration: "test", deadline: new Deadline(5_000), log: (l) => lines.push(l) }), lines };
  }

  it.each([301, 302, 303, 307, 308])("follows no %i, names its Location, and does not retry", async (status) => {
    redirectStatus = status;
    const { http, lines } = client();
    const sent = http.send({ label: "post it", method: "POST", url: `${redirecting.url}/v2/enqueue`, headers: { "dd-api-key": credentialCanaries.datadogApiKey.value }, json: { routing_key: credentialCanaries.pagerdutyRoutingKey.value } });
    await expect(sent).rejects.toThrow(new NotTheVendor("post it", `a redirect to ${attacker.url}/capture/v2/enqueue`));
    await expect(sent).rejects.toThrow(`post it: something other than the vendor answered: a redirect to ${attacker.url}/capture/v2/enqueue`);
    expect(redirecting.hits).toHaveLength(1);
    expect(attacker.hits).toEqual([]);
    expect(lines.map((l) => l.replace(/\(\d+ ms\)/, ""))).toEqual([`[test] POST ${redirecting.url}/v2/enqueue (post it; at most once: no idempotency key) → ${status} a redirect to ${attacker.url}/capture/v2/enqueue, not followed `]);
  });

  it("calls a 2xx body that is not JSON something other than the vendor", async () => {
    const { http } = client();
    const response = await http.send({ label: "validate the API key", method: "GET", url: `${html.url}/api/v1/validate` });
    expect(() => response.json()).toThrow(new NotTheVendor("validate the API key", "HTTP 200 with a body that is not JSON (text/html)"));
  });
});

describe("every probe on a hostile network", () => {
  const inputsFor = (base: string): { [N in Integration]: InputsByIntegration[N] } => ({
    slack: { webhookUrls: [`${base}/services/T0CANARY1/B0CANARY1/c4n4ryW3bh00kS3cr3tXyZ12`] },
    sentry: { dsn: `http://c4a7e0d1b2c3d4e5f60718293a4b5c6d@${new URL(base).host}/4501234`, environment: "verify" },
    pagerduty: { eventsUrl: base, routingKey: credentialCanaries.pagerdutyRoutingKey.value },
    opsgenie: { apiUrl: base, apiKey: credentialCanaries.opsgenieKey.value, team: "Payments" },
    datadog: { apiUrl: base, site: "datadoghq.com", apiKey: credentialCanaries.datadogApiKey.value, appKey: credentialCanaries.datadogAppKey.value },
    splunk: { hecUrl: base, token: credentialCanaries.splunkHecToken.value, insecure: false },
  });

  async function probeAgainst<N extends Integration>(integration: N, base: string) {
    const inputs = inputsFor(base)[integration];
    const run = await runMockProbe({ integration, probe: (await loadProbe[integration]()) as Probe<N>, inputs, runId: "vt-hostile-1", deadlineMs: 8_000, mode: "real" });
    // What verify prints and logs goes through its redactor, with every input secret registered.
    const redactor = new Redactor();
    for (const secret of Object.values(inputs).flat()) if (typeof secret === "string") redactor.add(secret);
    const printed = [...run.lines, run.result.summary, run.result.diagnosis ?? ""].map((l) => redactor.redact(l)).join("\n");
    return { ...run, printed };
  }

  it.each(Object.keys(integrationTitles) as Integration[])("%s: a redirect is a FAIL naming it, and no credential reaches its target", async (integration) => {
    const { result, printed } = await probeAgainst(integration, redirecting.url);
    expect(result.status).toBe("FAIL");
    expect(result.diagnosis).toMatch(
      new RegExp(`^Something other than ${integrationTitles[integration]} answered \\(a redirect to ${attacker.url}/capture/[^)]*\\): a proxy, captive portal or wrong host\\. verify follows no redirect and judges no credential on such an answer; check the URL it was given and the network path\\.$`),
    );
    expect(attacker.hits).toEqual([]);
    for (const secret of canarySecrets) expect(printed).not.toContain(secret);
  });

  it.each(Object.keys(integrationTitles) as Integration[])("%s: an HTML 200 is not judged as the vendor's answer", async (integration) => {
    const { result, printed } = await probeAgainst(integration, html.url);
    expect(result.status).toBe("FAIL");
    expect(result.diagnosis ?? "").toMatch(/^Something other than (the )?(Slack|Sentry|PagerDuty|Opsgenie|Datadog|Splunk)/);
    expect(result.diagnosis).not.toMatch(/revoked|rotate|refused the|does not accept|invalid token|Check DD_SITE/i);
    for (const secret of canarySecrets) expect(printed).not.toContain(secret);
  });

  it("datadog: a 200 without valid:true is not a rejected DD_API_KEY", async () => {
    const odd = await recordingServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    try {
      const { result } = await probeAgainst("datadog", odd.url);
      expect([result.summary, result.diagnosis]).toEqual([
        'validate the API key: something other than the vendor answered: HTTP 200 without {"valid":true}',
        'Something other than Datadog answered (HTTP 200 without {"valid":true}): a proxy, captive portal or wrong host. verify follows no redirect and judges no credential on such an answer; check the URL it was given and the network path.',
      ]);
    } finally {
      odd.server.close();
    }
  });
});

describe("the dynamic providers and lookups on a hostile network", () => {
  beforeEach(() => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", credentialCanaries.sentryUserToken.value);
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", credentialCanaries.opsgenieKey.value);
    vi.stubEnv("SPLUNK_MGMT_TOKEN", credentialCanaries.splunkManagementToken.value);
  });
  afterEach(() => vi.unstubAllEnvs());

  const noCanary = (error: unknown) => {
    for (const secret of canarySecrets) expect(String((error as Error).message)).not.toContain(secret);
    expect(attacker.hits).toEqual([]);
  };

  it("Sentry's web API calls follow no redirect", async () => {
    const error = await sentryRequest({ apiUrl: `${redirecting.url}/api/0`, method: "GET", path: "/organizations/acme/workflows/" }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Sentry GET /organizations/acme/workflows/: something other than Sentry answered: a redirect to ${attacker.url}/capture/api/0/organizations/acme/workflows/ (not followed)`);
    noCanary(error);
  });

  it("Sentry's web API answering HTML is not taken for Sentry", async () => {
    const error = await sentryRequest({ apiUrl: `${html.url}/api/0`, method: "GET", path: "/organizations/acme/workflows/" }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("Sentry GET /organizations/acme/workflows/: something other than Sentry answered: HTTP 200 with a body that is not JSON");
  });

  it("Opsgenie's API calls follow no redirect", async () => {
    const error = await opsgenieRequest("teams", redirecting.url, "POST", "/v2/teams", { name: "Payments" }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Opsgenie POST /v2/teams at ${redirecting.url}: something other than Opsgenie answered: a redirect to ${attacker.url}/capture/v2/teams (not followed). Hint: check apiUrl and any proxy in between.`);
    noCanary(error);
  });

  it("Splunk's management API calls follow no redirect", async () => {
    const error = await splunkHecTokenProvider
      .create({ managementUrl: redirecting.url, name: "operator-wiring-dev", defaultIndex: "main", allowedIndexes: ["main"], disabled: false, insecureTls: false })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Splunk management API (GET|POST) ${redirecting.url}/servicesNS/admin/splunk_httpinput/data/inputs/http[^:]*: something other than Splunk answered: a redirect to ${attacker.url}/capture/servicesNS/`));
    noCanary(error);
  });

  it("the Opsgenie key-region lookup follows no redirect", async () => {
    const hosts = { us: redirecting.url, eu: redirecting.url };
    const error = await opsgenieKeyRegionOverHttp()("staging", { region: "us", apiUrl: "https://api.opsgenie.com", hosts, accountKey: new SecretValue("x", "$OPSGENIE_ACCOUNT_API_KEY") }, credentialCanaries.opsgenieKey.value).catch((e: unknown) => e);
    expect((error as Error).message.split("\n")[1]).toBe(
      `  - Stack "staging", key operator-wiring:opsgenieRegion: is "us", but ${redirecting.url} could not be reached to check $OPSGENIE_ACCOUNT_API_KEY (something other than Opsgenie answered: a redirect to ${attacker.url}/capture/v2/teams, not followed). Hint: check that Opsgenie is reachable from where Pulumi runs, then run pulumi preview again.`,
    );
    noCanary(error);
  });

  it("the Sentry organization lookup follows no redirect", async () => {
    const sentry = { organization: "acme", apiUrl: `${redirecting.url}/api/0`, alerting: "workflows" as const, token: new SecretValue("x", "$SENTRY_AUTH_TOKEN"), datadogForwarding: false };
    const error = await lookupSentryOrganizationOverHttp("staging", sentry).catch((e: unknown) => e);
    expect((error as Error).message).toContain("something other than Sentry answered: a redirect to");
    noCanary(error);
  });
});
