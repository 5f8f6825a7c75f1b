/**
 * A test server and a premortem Graph client wired to it, on one virtual clock by default: Retry-After, backoff
 * and the reports budget all take virtual time, so a collection through every fault runs in well under a second.
 */
import { createTokenProvider, type TokenProvider } from '../../src/sources/graph/auth.js';
import { type Clock, VirtualClock } from '../../src/sources/graph/clock.js';
import { GraphClient, type RetryEvent } from '../../src/sources/graph/http.js';
import { ManagementActivityApi } from '../../src/sources/graph/management/activity-api.js';
import { type GraphSettings, resolveGraphSettings } from '../../src/sources/graph/settings.js';
import { type GraphServerOptions, type GraphTestServer, startGraphServer } from './server.js';

export interface Harness {
  readonly server: GraphTestServer;
  readonly clock: Clock;
  readonly settings: GraphSettings;
  readonly tokens: TokenProvider;
  readonly client: GraphClient;
  /** The Management Activity API (unified audit log) on the server's management listener, same clock and jitter. */
  readonly management: ManagementActivityApi;
  readonly retries: RetryEvent[];
  close(): Promise<void>;
}

export interface HarnessOptions extends Omit<GraphServerOptions, 'now'> {
  /** Default: a VirtualClock shared by client and server. */
  readonly clock?: Clock;
  /** Sign in with the certificate app instead of the secret one. */
  readonly certificate?: boolean;
}

/** Settings that point premortem at the server (secret app unless certificate is asked for). */
export function serverSettings(server: GraphTestServer, certificate = false): GraphSettings {
  const flags = certificate
    ? { certificate: server.certApp.certificatePath, clientId: server.certApp.clientId }
    : { clientSecret: server.app.clientSecret, clientId: server.app.clientId };
  const s = resolveGraphSettings(
    {
      ...flags,
      tenant: server.tenantId,
      graphUrl: server.graphUrl,
      authorityHost: server.authorityHost,
      managementUrl: server.managementUrl,
    },
    {},
  );
  return { ...s, authorityCa: server.authorityCa };
}

export async function graphHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock();
  const server = await startGraphServer({ ...options, now: () => clock.now() });
  const settings = serverSettings(server, options.certificate);
  const tokens = createTokenProvider(settings);
  const retries: RetryEvent[] = [];
  let seed = 7;
  // A seeded jitter source: a failing run replays exactly.
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const client = new GraphClient({
    graphUrl: settings.graphUrl,
    tokens,
    reportsBudget: settings.reportsBudget,
    clock,
    random,
    onRetry: (e) => retries.push(e),
  });
  const managementClient = new GraphClient({
    graphUrl: server.managementUrl,
    tokens: createTokenProvider(settings, { scope: `${server.managementUrl}/.default` }),
    clock,
    random,
    onRetry: (e) => retries.push(e),
  });
  const management = new ManagementActivityApi(managementClient, server.tenantId);
  return { server, clock, settings, tokens, client, management, retries, close: () => server.close() };
}
