import { type RunningService, startService } from "./core/mockServer";
import type { PeerUrls } from "./core/peers";
import { type ServiceName, serviceNames } from "./core/types";
import { mockServices } from "./services";

export interface StartMocksOptions {
  /** Which services; @default all six */
  only?: readonly ServiceName[];
  /** Port per service; 0 for a free one. @default each service's default port */
  ports?: Partial<Record<ServiceName, number>>;
  /** Every port 0 (free ports): what parallel tests want. */
  anyFreePort?: boolean;
  /** @default "127.0.0.1" */
  host?: string;
  onUnmatched?: (service: ServiceName, method: string, path: string) => void;
  /**
   * Addresses of mocks running elsewhere (compose's service names), for the hops these mocks send.
   * Mocks started together always know each other's addresses; these are added to them.
   */
  peers?: PeerUrls;
}

export interface RunningMocks {
  /** Base URL per service, e.g. `{ slack: "http://127.0.0.1:4811" }`. */
  urls: Partial<Record<ServiceName, string>>;
  services: Partial<Record<ServiceName, RunningService>>;
  close(): Promise<void>;
}

/** Starts the mock services in this process; stops any already started if one fails. */
export async function startMocks(options: StartMocksOptions = {}): Promise<RunningMocks> {
  const started: RunningService[] = [];
  try {
    for (const name of options.only ?? serviceNames) {
      const definition = mockServices[name];
      const port = options.anyFreePort ? 0 : (options.ports?.[name] ?? definition.defaultPort);
      started.push(
        await startService(definition, {
          port,
          host: options.host,
          onUnmatched: options.onUnmatched && ((method, path) => options.onUnmatched?.(name, method, path)),
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
  // Mocks started together route to each other (a Sentry workflow pages the PagerDuty mock, …).
  const urls: PeerUrls = { ...options.peers, ...Object.fromEntries(started.map((s) => [s.name, s.url])) };
  for (const service of started) service.runtime.links.peers.set(urls);
  return {
    urls: Object.fromEntries(started.map((s) => [s.name, s.url])),
    services: Object.fromEntries(started.map((s) => [s.name, s])),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
