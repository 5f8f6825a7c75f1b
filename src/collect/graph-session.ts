/**
 * A Graph session for one command: settings resolved, token provider and client built, and the tenant that keys the
 * checkpoints known (from --tenant, or from the tid claim of PREMORTEM_GRAPH_TOKEN). Beside Graph, the Office 365
 * Management Activity API (the unified audit log): a second client with a second token from the same credentials,
 * or the reason it cannot be read.
 */
import { createTokenProvider, type TokenProvider } from '../sources/graph/auth.js';
import type { Clock } from '../sources/graph/clock.js';
import { GraphClient, type RetryEvent } from '../sources/graph/http.js';
import { ManagementActivityApi } from '../sources/graph/management/activity-api.js';
import type { GraphSettings } from '../sources/graph/settings.js';
import { tokenClaims } from '../sources/graph/token-claims.js';
import type { UalSource } from './collect-logs.js';

export interface GraphSession {
  readonly settings: GraphSettings;
  readonly tokens: TokenProvider;
  readonly client: GraphClient;
  /** Checkpoint key: the tenant id or domain given, the token's tenant, or "default". */
  readonly tenantId: string;
  /** The unified audit log's source, or why there is none. */
  readonly ual: UalSource;
}

type SessionOptions = { clock?: Clock; onRetry?: (e: RetryEvent) => void; log?: (line: string) => void };

function ualSource(settings: GraphSettings, tenantId: string, options: SessionOptions): UalSource {
  if (settings.managementUrl === undefined) {
    return { unavailable: 'no Management Activity API URL for a local Graph: give --management-url' };
  }
  if (settings.token && !settings.managementToken) {
    return {
      unavailable:
        'PREMORTEM_GRAPH_TOKEN is for Graph only: set PREMORTEM_MANAGEMENT_TOKEN too, or sign in with app credentials',
    };
  }
  if (tenantId === 'default') return { unavailable: 'the tenant is unknown: give --tenant' };
  const tokens = createTokenProvider(settings, {
    scope: `${new URL(settings.managementUrl).origin}/.default`,
    ...(settings.managementToken ? { staticToken: settings.managementToken } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const client = new GraphClient({
    graphUrl: settings.managementUrl,
    tokens,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  return { api: new ManagementActivityApi(client, tenantId) };
}

export function openGraphSession(settings: GraphSettings, options: SessionOptions = {}): GraphSession {
  const tokens = createTokenProvider(settings, options.log ? { log: options.log } : {});
  const client = new GraphClient({
    graphUrl: settings.graphUrl,
    tokens,
    reportsBudget: settings.reportsBudget,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const fromToken = settings.token ? tokenClaims(settings.token)?.tenantId : undefined;
  const tenantId = settings.tenantId ?? fromToken ?? 'default';
  return { settings, tokens, client, tenantId, ual: ualSource(settings, tenantId, options) };
}
