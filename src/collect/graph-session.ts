/**
 * A Graph session for one command: settings resolved, token provider and client built, and the tenant that keys the
 * checkpoints known (from --tenant, or from the tid claim of PREMORTEM_GRAPH_TOKEN).
 */
import { createTokenProvider, type TokenProvider } from '../sources/graph/auth.js';
import type { Clock } from '../sources/graph/clock.js';
import { GraphClient, type RetryEvent } from '../sources/graph/http.js';
import type { GraphSettings } from '../sources/graph/settings.js';
import { tokenClaims } from '../sources/graph/token-claims.js';

export interface GraphSession {
  readonly settings: GraphSettings;
  readonly tokens: TokenProvider;
  readonly client: GraphClient;
  /** Checkpoint key: the tenant id or domain given, the token's tenant, or "default". */
  readonly tenantId: string;
}

export function openGraphSession(
  settings: GraphSettings,
  options: { clock?: Clock; onRetry?: (e: RetryEvent) => void; log?: (line: string) => void } = {},
): GraphSession {
  const tokens = createTokenProvider(settings, options.log ? { log: options.log } : {});
  const client = new GraphClient({
    graphUrl: settings.graphUrl,
    tokens,
    reportsBudget: settings.reportsBudget,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const fromToken = settings.token ? tokenClaims(settings.token)?.tenantId : undefined;
  return { settings, tokens, client, tenantId: settings.tenantId ?? fromToken ?? 'default' };
}
