import { correlationHeader } from "./hopLog";
import { type ServiceName, serviceNames } from "./types";

/** Where each other mock answers, as this one reaches it (`http://127.0.0.1:4813`, `http://pagerduty:4813` in compose). */
export type PeerUrls = Partial<Record<ServiceName, string>>;

/** What a peer answered, or why nothing answered. */
export type PeerReply = { status: number; text: string } | { error: string };

/** Slack's `{ok, error}`, as its Web API answers a method call. */
export type SlackAnswer = { ok?: boolean; error?: string };

/**
 * What a post to the Slack mock came to: the peer's reply, and Slack's answer read from it (`{}`
 * when nothing answered or the answer was not Slack's JSON: the reply tells why).
 */
export interface SlackPost {
  reply: PeerReply;
  answer: SlackAnswer;
}

/** How long a hop to another mock may take: vendors give up on a slow partner too (Sentry's PagerDuty client: 15 s). */
const hopTimeoutMs = 10_000;

/**
 * The other mocks this one sends to when it acts on its wiring (a Sentry workflow paging PagerDuty,
 * a Datadog monitor notifying Opsgenie, a PagerDuty Slack connection posting). Set by `startMocks`
 * for mocks started together, by `npm run mocks -- --peer NAME=URL`, or by the
 * `OPERATOR_WIRING_MOCK_PEERS` variable compose sets; kept across resets (they are addresses, not state).
 */
export class Peers {
  #urls: PeerUrls = {};

  set(urls: PeerUrls): void {
    for (const [name, url] of Object.entries(urls)) {
      if (!(serviceNames as readonly string[]).includes(name)) throw new Error(`"${name}" is not a mock service (${serviceNames.join(", ")})`);
      if (typeof url !== "string" || !/^https?:\/\/[^/]+\/?$/.test(url)) throw new Error(`peer "${name}" needs a base URL like http://127.0.0.1:4813, got ${JSON.stringify(url)}`);
      this.#urls[name as ServiceName] = url.replace(/\/$/, "");
    }
  }

  all(): PeerUrls {
    return { ...this.#urls };
  }

  url(name: ServiceName): string | undefined {
    return this.#urls[name];
  }

  /**
   * POSTs JSON to a peer (by name) or to a base URL the vendor stored (Sentry's Opsgenie
   * installation keeps its own `base_url`), with the chain's correlation id.
   */
  async post(to: ServiceName | URL, path: string, body: unknown, headers: Record<string, string>, correlationId: string): Promise<PeerReply> {
    const base = to instanceof URL ? to.href.replace(/\/$/, "") : this.#urls[to];
    if (!base) return { error: `no address for the ${String(to)} mock: start the mocks together (npm run mocks) or give --peer ${String(to)}=URL` };
    try {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers, [correlationHeader]: correlationId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(hopTimeoutMs),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      return { error: `${base} did not answer (${cause})` };
    }
  }

  /**
   * Posts to the Slack mock's `chat.postMessage` as a vendor's Slack app does: with the app's bot
   * token for the workspace (`xoxb-<workspace>-<app>`, how the Slack mock tells workspace and app apart).
   */
  async postSlackMessage(workspace: string, app: string, body: unknown, correlationId: string): Promise<SlackPost> {
    const reply = await this.post("slack", "/api/chat.postMessage", body, { authorization: `Bearer xoxb-${workspace}-${app}` }, correlationId);
    let answer: SlackAnswer = {};
    if (!("error" in reply)) {
      try {
        answer = JSON.parse(reply.text) as SlackAnswer;
      } catch {
        // Not Slack's JSON: the caller reports the reply.
      }
    }
    return { reply, answer };
  }
}

/** `slack=http://slack:4811,sentry=http://sentry:4812`, as `--peer` and OPERATOR_WIRING_MOCK_PEERS give them. */
export function parsePeers(pairs: readonly string[]): PeerUrls {
  const urls: PeerUrls = {};
  for (const pair of pairs.flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf("=");
    const name = pair.slice(0, at);
    if (at < 1 || !(serviceNames as readonly string[]).includes(name)) throw new Error(`a peer is NAME=URL with NAME one of ${serviceNames.join(", ")}; got "${pair}"`);
    urls[name as ServiceName] = pair.slice(at + 1);
  }
  return urls;
}
