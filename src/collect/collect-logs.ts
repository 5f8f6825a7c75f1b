/**
 * One collection pass over the log endpoints (`premortem collect`, and each poll of `watch`): the Graph endpoints,
 * then the unified audit log's content types when a Management Activity API source is given. Endpoints are read
 * one after another: they share the reports budget anyway, and one DuckDB connection takes one transaction at a
 * time. A licence or an optional permission the tenant lacks makes an endpoint "unavailable" and the pass goes on;
 * rejected credentials stop the pass (every endpoint would fail the same way).
 */

import { LOG_ENDPOINTS, type LogEndpoint } from '../sources/graph/endpoints/index.js';
import { GraphError, type GraphFailure } from '../sources/graph/errors.js';
import type { GraphClient } from '../sources/graph/http.js';
import type { ManagementActivityApi } from '../sources/graph/management/activity-api.js';
import {
  ACTIVITY_FEED_PERMISSION,
  UAL_CONTENT_TYPES,
  type UalContentType,
  ualEndpointName,
  ualTitle,
} from '../sources/graph/management/content-types.js';
import { redact } from '../sources/graph/redact.js';
import { compactIfNeeded } from '../store/compact.js';
import type { Workspace } from '../store/workspace.js';
import { collectEndpoint, type EndpointCounts, type EndpointPass } from './collect-endpoint.js';
import { collectUalContentType } from './collect-ual.js';

/**
 * Where the unified audit log comes from: the Management Activity API, or why it cannot be read (a token given
 * from outside is for Graph only; a test server without a management URL). Absent: the pass reads Graph only.
 */
export type UalSource = { readonly api: ManagementActivityApi } | { readonly unavailable: string };

export interface CollectOptions {
  /** Checkpoints are kept per tenant. */
  readonly tenantId: string;
  /** How far back the first pass reads (ms); default 30 days, Entra's longest retention (P1/P2). */
  readonly sinceMs?: number;
  /** --since was given: read back that far even where checkpoints start later. */
  readonly sinceExplicit?: boolean;
  /** Re-read before each checkpoint for late events; default 10 minutes. */
  readonly overlapMs?: number;
  /** Longest time range per request; default 7 days. */
  readonly sliceMs?: number;
  readonly pageSize?: number;
  readonly endpoints?: readonly LogEndpoint[];
  /** The unified audit log's source; without it no content type is read. */
  readonly ual?: UalSource;
  /** Content types to read (default: all four). */
  readonly contentTypes?: readonly UalContentType[];
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: CollectEvent) => void;
  /**
   * Awaited after each endpoint that stored new records, before the next endpoint is read: watch detects there, so
   * an alert on the interactive sign-ins does not wait for the paced requests of the endpoints after them.
   */
  readonly onLanded?: (result: EndpointResult) => Promise<void>;
}

export type EndpointStatus = 'ok' | 'unavailable' | 'failed';

export interface EndpointResult extends EndpointCounts {
  readonly endpoint: string;
  readonly title: string;
  readonly status: EndpointStatus;
  /** Why it is unavailable or failed, with the permission or licence named. */
  readonly detail?: string;
  /** What kind of failure, when it did not succeed. */
  readonly failure?: GraphFailure;
  readonly from?: string;
  readonly to?: string;
  readonly highWater?: string;
}

export interface CollectSummary {
  readonly tenantId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly endpoints: readonly EndpointResult[];
  readonly totals: EndpointCounts & { requests: number; retries: number; throttled: number };
}

export type CollectEvent =
  | { readonly type: 'endpoint-start'; readonly endpoint: string; readonly title: string }
  | {
      readonly type: 'page';
      readonly endpoint: string;
      readonly pages: number;
      readonly read: number;
      readonly loaded: number;
    }
  | { readonly type: 'endpoint-end'; readonly result: EndpointResult };

export const DEFAULT_SINCE_MS = 30 * 86_400_000;
export const DEFAULT_OVERLAP_MS = 10 * 60_000;
export const DEFAULT_SLICE_MS = 7 * 86_400_000;

/** A failure's words; a TLS or other permanent failure with what to do about it. */
const failedDetail = (err: GraphError): string =>
  (err.failure === 'tls' || err.failure === 'permanent') && err.hint ? `${err.message}; ${err.hint}` : err.message;

/** What a permission or licence problem means for this endpoint. */
function classify(endpoint: LogEndpoint, err: GraphError): { status: EndpointStatus; detail: string } {
  if (err.failure === 'licence') {
    return { status: 'unavailable', detail: `needs ${endpoint.licence ?? 'a Premium licence'} (${err.message})` };
  }
  if (err.failure === 'permission') {
    const detail = `needs the application permission ${endpoint.permissions.join(' and ')} (${err.message})`;
    if (endpoint.optional) return { status: 'unavailable', detail };
    return { status: 'failed', detail };
  }
  return { status: 'failed', detail: failedDetail(err) };
}

/** What an endpoint that did not succeed reports. */
function notOk(
  name: string,
  title: string,
  status: EndpointStatus,
  detail: string,
  failure: GraphFailure | undefined,
): EndpointResult {
  return {
    endpoint: name,
    title,
    status,
    detail: redact(detail),
    ...(failure ? { failure } : {}),
    pages: 0,
    read: 0,
    loaded: 0,
    duplicate: 0,
    rejected: 0,
  };
}

function okResult(name: string, title: string, pass: EndpointPass): EndpointResult {
  return {
    endpoint: name,
    title,
    status: 'ok',
    pages: pass.pages,
    read: pass.read,
    loaded: pass.loaded,
    duplicate: pass.duplicate,
    rejected: pass.rejected,
    ...(pass.from ? { from: pass.from } : {}),
    ...(pass.to ? { to: pass.to } : {}),
    ...(pass.highWater ? { highWater: pass.highWater } : {}),
  };
}

/**
 * The unified audit log is optional: a missing ActivityFeed.Read (or a tenant without the Office 365 Management
 * APIs) leaves it unavailable, and the pass goes on.
 */
function classifyUal(err: GraphError): { status: EndpointStatus; detail: string } {
  if (err.failure === 'permission' || err.failure === 'licence') {
    return {
      status: 'unavailable',
      detail: `needs the application permission ${ACTIVITY_FEED_PERMISSION} (Office 365 Management APIs) (${err.message})`,
    };
  }
  return { status: 'failed', detail: failedDetail(err) };
}

/** Runs one pass; a failed endpoint is reported and the others still run. */
export async function collectLogs(ws: Workspace, client: GraphClient, o: CollectOptions): Promise<CollectSummary> {
  const now = o.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const before = { ...client.stats };
  const ualClient = o.ual && 'api' in o.ual ? o.ual.api.client : undefined;
  const ualBefore = { requests: 0, retries: 0, throttled: 0, ...ualClient?.stats };
  const results: EndpointResult[] = [];
  for (const endpoint of o.endpoints ?? LOG_ENDPOINTS) {
    o.onEvent?.({ type: 'endpoint-start', endpoint: endpoint.name, title: endpoint.title });
    let result: EndpointResult;
    try {
      const pass = await collectEndpoint(ws, client, endpoint, {
        tenantId: o.tenantId,
        now,
        sinceMs: o.sinceMs ?? DEFAULT_SINCE_MS,
        sinceExplicit: o.sinceExplicit ?? false,
        overlapMs: o.overlapMs ?? DEFAULT_OVERLAP_MS,
        sliceMs: o.sliceMs ?? DEFAULT_SLICE_MS,
        ...(o.pageSize === undefined ? {} : { pageSize: o.pageSize }),
        ...(o.signal === undefined ? {} : { signal: o.signal }),
        onPage: (p) => o.onEvent?.({ type: 'page', ...p }),
      });
      result = okResult(endpoint.name, endpoint.title, pass);
    } catch (err) {
      if (o.signal?.aborted) throw err;
      // Rejected credentials fail every endpoint alike; anything that is not Graph's doing is a bug to surface.
      if (!(err instanceof GraphError) || err.failure === 'auth') throw err;
      const { status, detail } = classify(endpoint, err);
      result = notOk(endpoint.name, endpoint.title, status, detail, err.failure);
    }
    results.push(result);
    o.onEvent?.({ type: 'endpoint-end', result });
    if (result.loaded > 0) await o.onLanded?.(result);
  }
  for (const contentType of o.ual ? (o.contentTypes ?? UAL_CONTENT_TYPES) : []) {
    const name = ualEndpointName(contentType);
    const title = ualTitle(contentType);
    o.onEvent?.({ type: 'endpoint-start', endpoint: name, title });
    let result: EndpointResult;
    const source = o.ual as UalSource;
    if ('unavailable' in source) result = notOk(name, title, 'unavailable', source.unavailable, undefined);
    else {
      try {
        const pass = await collectUalContentType(ws, source.api, contentType, {
          tenantId: o.tenantId,
          now,
          sinceMs: o.sinceMs ?? DEFAULT_SINCE_MS,
          sinceExplicit: o.sinceExplicit ?? false,
          overlapMs: o.overlapMs ?? DEFAULT_OVERLAP_MS,
          ...(o.signal === undefined ? {} : { signal: o.signal }),
          onPage: (p) => o.onEvent?.({ type: 'page', ...p }),
        });
        result = okResult(name, title, pass);
      } catch (err) {
        if (o.signal?.aborted) throw err;
        // The Graph endpoints before it signed in with the same credentials: an auth error here is this API's
        // (the tenant has no Office 365 Management APIs service principal), so it is reported, not fatal.
        if (!(err instanceof GraphError)) throw err;
        const { status, detail } = classifyUal(err);
        result = notOk(name, title, status, detail, err.failure);
      }
    }
    results.push(result);
    o.onEvent?.({ type: 'endpoint-end', result });
    if (result.loaded > 0) await o.onLanded?.(result);
  }
  // Pages land in the write buffer; once it holds enough, it moves into month files (store/compact.ts).
  await compactIfNeeded(ws);
  const sum = (k: keyof EndpointCounts) => results.reduce((a, r) => a + r[k], 0);
  // Both clients' requests count: the management API's retries and throttling are Microsoft's too.
  const ualStats = ualClient?.stats ?? ualBefore;
  return {
    tenantId: o.tenantId,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    endpoints: results,
    totals: {
      pages: sum('pages'),
      read: sum('read'),
      loaded: sum('loaded'),
      duplicate: sum('duplicate'),
      rejected: sum('rejected'),
      requests: client.stats.requests - before.requests + ualStats.requests - ualBefore.requests,
      retries: client.stats.retries - before.retries + ualStats.retries - ualBefore.retries,
      throttled: client.stats.throttled - before.throttled + ualStats.throttled - ualBefore.throttled,
    },
  };
}
