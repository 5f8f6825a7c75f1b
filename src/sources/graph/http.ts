/**
 * GET against Microsoft Graph with everything a long collection needs to survive: the request budgets, 429 with and
 * without Retry-After, 5xx and dropped connections retried a bounded number of times, a body that is cut off or is
 * not what Graph promises asked for again (never half-used), and a token refreshed once when Graph answers 401.
 * Uses Node's global fetch (undici). All waiting goes through the Clock, so tests run on virtual time.
 */

import type { TokenProvider } from './auth.js';
import { type BudgetClass, FIXED_BUDGETS, RequestBudget } from './budget.js';
import { abortReason, type Clock, realClock } from './clock.js';
import { GraphError, graphErrorBody, isLicenceMessage } from './errors.js';
import { redact } from './redact.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import { type BudgetSetting, REPORTS_BUDGET } from './settings.js';
import { tlsHint, tlsProblem } from './tls.js';

export interface GraphClientOptions {
  /** Graph's base URL without a version. */
  readonly graphUrl: string;
  readonly tokens: TokenProvider;
  readonly reportsBudget?: BudgetSetting;
  readonly clock?: Clock;
  /** Jitter source (0..1); tests pass a seeded one. */
  readonly random?: () => number;
  readonly retry?: Partial<RetryPolicy>;
  readonly requestTimeoutMs?: number;
  /** Told about every retry: progress lines and tests. */
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  readonly url: string;
  readonly attempt: number;
  readonly reason: string;
  readonly delayMs: number;
}

export interface GraphResponse {
  readonly url: string;
  readonly status: number;
  /** The body exactly as received (hashed as evidence). */
  readonly body: Buffer;
  readonly json: unknown;
  /** Response headers (the Management Activity API pages through NextPageUri, a header). */
  readonly headers: Headers;
}

export interface GetOptions {
  readonly budget?: BudgetClass;
  readonly signal?: AbortSignal;
  /** Says what is wrong with a parsed body, or undefined when it is usable; a wrong body is asked for again. */
  readonly validate?: (json: unknown) => string | undefined;
}

export interface RequestOptions extends GetOptions {
  /** GET unless said (the Management Activity API starts subscriptions with a POST without a body). */
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A JSON body (containment's write requests). */
  readonly body?: unknown;
  /** Answer a 404 as a response (json null) instead of an error: a read-back asking whether a thing is gone. */
  readonly notFoundOk?: boolean;
}

/** Counters for the summary: how hard Graph pushed back. */
export interface GraphStats {
  requests: number;
  retries: number;
  throttled: number;
}

/** Statuses that pass: throttling, and the 5xx a busy or restarting service answers. Every other 5xx is permanent. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

const STATUS_TEXT: Readonly<Record<number, string>> = {
  405: 'Method Not Allowed',
  410: 'Gone',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};
const statusText = (status: number): string => STATUS_TEXT[status] ?? '';
const USER_AGENT = 'premortem (+https://github.com/premortem)';

/** Why a fetch threw, in a few words (undici hides the socket error in cause). */
function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'request timed out';
  const code = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return `connection failed (${code})`;
}

export class GraphClient {
  /** e.g. https://graph.microsoft.com */
  readonly baseUrl: string;
  readonly origin: string;
  readonly stats: GraphStats = { requests: 0, retries: 0, throttled: 0 };
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly budgets = new Map<BudgetClass, RequestBudget>();
  private forceRefresh = false;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = options.graphUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.budgets.set('reports', new RequestBudget(options.reportsBudget ?? REPORTS_BUDGET, this.clock));
    for (const [k, v] of Object.entries(FIXED_BUDGETS))
      this.budgets.set(k as BudgetClass, new RequestBudget(v, this.clock));
  }

  get tokens(): TokenProvider {
    return this.options.tokens;
  }

  /**
   * The URL of a path ("/beta/auditLogs/signIns") with OData options. Values are percent-encoded by hand: Graph
   * documents "$filter=", and URLSearchParams would write "%24filter" and "+" for spaces.
   */
  url(path: string, query: Readonly<Record<string, string | number | undefined>> = {}): string {
    const parts = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
    return `${this.baseUrl}${path}${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
  }

  /** GETs a URL of this Graph (a nextLink included) and returns its parsed JSON body. */
  get(url: string, options: GetOptions = {}): Promise<GraphResponse> {
    return this.request(url, options);
  }

  /** A request to this API with the retries, budgets and checks of get(); POST sends no body. */
  async request(url: string, options: RequestOptions = {}): Promise<GraphResponse> {
    if (new URL(url).origin !== this.origin) {
      // A nextLink to another host would receive our bearer token.
      throw new GraphError('invalid-body', `refusing to send the Graph token to ${new URL(url).origin}`);
    }
    const { signal } = options;
    const budget = this.budgets.get(options.budget ?? 'directory');
    let refreshedFor401 = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      await budget?.take(signal);
      let token: string;
      try {
        token = await this.options.tokens.getToken({ forceRefresh: this.forceRefresh });
      } catch (err) {
        // The authority unreachable for a moment is retried like Graph itself; rejected credentials are not.
        if (!(err instanceof GraphError) || err.failure !== 'unavailable') throw err;
        await this.pause(url, attempt, err.message, undefined, signal, 'unavailable');
        continue;
      }
      this.forceRefresh = false;
      this.stats.requests++;

      let status: number;
      let body: Buffer;
      let retryAfter: string | null = null;
      let headers: Headers;
      try {
        const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 120_000);
        const res = await fetch(url, {
          method: options.method ?? 'GET',
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'User-Agent': USER_AGENT,
            ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        headers = res.headers;
        // A connection dropped mid-body rejects here: the whole response is retried.
        body = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        const tls = tlsProblem(err);
        if (tls) {
          throw new GraphError(tls.failure, `${new URL(url).origin}: ${tls.what} (${tls.code})`, {
            hint: tlsHint(tls),
          });
        }
        await this.pause(url, attempt, networkReason(err), undefined, signal, 'unavailable');
        continue;
      }

      if (status === 404 && options.notFoundOk) return { url, status, body, json: null, headers };
      // Writes answer 204 No Content (or an empty 200/202): nothing to parse.
      if (status >= 200 && status < 300 && body.length === 0 && (options.method ?? 'GET') !== 'GET')
        return { url, status, body, json: null, headers };
      if (status >= 200 && status < 300) {
        let json: unknown;
        let problem: string | undefined;
        try {
          json = JSON.parse(body.toString('utf8'));
          problem = options.validate?.(json);
        } catch (err) {
          const cut = /end of JSON input|Unterminated/i.test((err as Error).message);
          problem = cut ? `body cut off after ${body.length} bytes` : `body is not JSON (${(err as Error).message})`;
        }
        if (problem === undefined) return { url, status, body, json, headers };
        await this.pause(url, attempt, problem, undefined, signal, 'invalid-body');
        continue;
      }

      const text = body.toString('utf8');
      const err = graphErrorBody(text);
      const said = err.message ? `: ${err.message}` : '';
      // The Management Activity API answers a token without ActivityFeed.Read with 401 AF10001 ("the permission set
      // ... does not include the expected permission"): a missing permission, which a new token does not fix.
      if (status === 401 && err.code === 'AF10001') {
        throw new GraphError('permission', `${pathOf(url)}: 401 ${err.code}${said}`, { status, graphCode: err.code });
      }
      if (status === 401) {
        if (!refreshedFor401 && this.options.tokens.kind !== 'token') {
          refreshedFor401 = true;
          this.forceRefresh = true;
          continue;
        }
        throw new GraphError('auth', `Graph rejected the token (401 ${err.code ?? 'Unauthorized'})${said}`, {
          status,
          ...(err.code ? { graphCode: err.code } : {}),
          hint:
            this.options.tokens.kind === 'token'
              ? 'PREMORTEM_GRAPH_TOKEN has expired or is not a Graph token for this tenant'
              : 'check the app registration and --tenant',
        });
      }
      if (status === 403) {
        const licence = isLicenceMessage(err.code, err.message);
        throw new GraphError(
          licence ? 'licence' : 'permission',
          `${pathOf(url)}: 403 ${err.code ?? 'Forbidden'}${said}`,
          {
            status,
            ...(err.code ? { graphCode: err.code } : {}),
          },
        );
      }
      if (RETRYABLE_STATUS.has(status)) {
        if (status === 429) this.stats.throttled++;
        const after = parseRetryAfter(retryAfter, this.clock.now());
        const reason = `${status}${after === undefined ? '' : ` (Retry-After ${Math.round(after / 1000)} s)`}`;
        await this.pause(url, attempt, reason, after, signal, 'unavailable');
        continue;
      }
      // Any other status is the same on every attempt (501 Not Implemented, 505 HTTP Version Not Supported, 410...):
      // named at once with the endpoint, never retried.
      const failure = status === 404 ? 'not-found' : status === 400 ? 'bad-request' : 'permanent';
      throw new GraphError(failure, `${pathOf(url)}: ${status} ${err.code ?? statusText(status)}${said}`.trim(), {
        status,
        ...(err.code ? { graphCode: err.code } : {}),
        ...(failure === 'permanent'
          ? { hint: `${this.origin} answers ${status} on every attempt: check --graph-url, or the proxy in between` }
          : {}),
      });
    }
  }

  /** Waits before the next attempt, or gives up when the attempts are spent. */
  private async pause(
    url: string,
    attempt: number,
    reason: string,
    retryAfterMs: number | undefined,
    signal: AbortSignal | undefined,
    failure: 'unavailable' | 'invalid-body',
  ): Promise<void> {
    if (attempt >= this.policy.maxAttempts) {
      throw new GraphError(failure, `${pathOf(url)}: gave up after ${attempt} attempts (last: ${reason})`, {
        hint: 'Graph is throttling or failing; run again later (collection resumes where it stopped)',
      });
    }
    const delayMs =
      retryAfterMs === undefined
        ? backoffDelay(attempt, this.policy, this.random)
        : Math.min(retryAfterMs, this.policy.maxRetryAfterMs);
    this.stats.retries++;
    this.options.onRetry?.({ url: redact(url), attempt, reason, delayMs });
    await this.clock.sleep(delayMs, signal);
  }
}

/** "/beta/auditLogs/signIns" of a URL, for messages (the query can be long). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
