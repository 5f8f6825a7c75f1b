/**
 * The Office 365 Management Activity API on its own listener (it has its own host and token audience in every
 * cloud): start a subscription (POST .../subscriptions/start, AF20024 when already enabled), list subscriptions,
 * list available content (.../subscriptions/content with startTime/endTime at most 24 h apart and 7 days back,
 * AF20055 otherwise; AF20022 without a subscription; pages through the NextPageUri header), and serve content blobs
 * (.../activity/feed/audit/{contentId}). Tokens must be for the management audience and carry ActivityFeed.Read
 * (401 AF10001 otherwise, as the real API answers). The Graph server's fault injector applies to every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UAL_CONTENT_TYPES, type UalContentType } from '../../src/sources/graph/management/content-types.js';
import type { FaultInjector, FaultKind } from './faults.js';
import type { TenantStore } from './tenant-data.js';
import type { TokenService } from './token-service.js';
import { contentBlobs, findBlob, type UalFeedFaults } from './ual-feed.js';

export interface ManagementContext {
  readonly tenantId: string;
  readonly tokens: TokenService;
  readonly data: TenantStore;
  readonly faults: FaultInjector;
  readonly now: () => number;
  /** The listener's base URL (http://127.0.0.1:port): contentUri and NextPageUri point at it. */
  base: string;
  /** Content types with an enabled subscription. */
  readonly subscriptions: Set<UalContentType>;
  feedFaults: UalFeedFaults;
  /** Entries per listing page. */
  listPageSize: number;
}

export interface ManagementServed {
  readonly status: number;
  readonly fault?: FaultKind;
  readonly items?: number;
}

const DAY = 86_400_000;
const afError = (code: string, message: string) => ({ error: { code, message } });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A 200 body, or the fault drawn for it (cut, truncated, not the promised shape). */
function sendBody(
  res: ServerResponse,
  body: unknown,
  items: number,
  fault: FaultKind | undefined,
  headers: Record<string, string> = {},
): ManagementServed {
  const text = JSON.stringify(body);
  if (fault === 'truncated') {
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return { status: 200, items: 0, fault };
  }
  if (fault === 'cut-connection') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
    return { status: 200, items: 0, fault };
  }
  if (fault === 'invalid-page') {
    send(res, 200, { value: [] });
    return { status: 200, items: 0, fault };
  }
  send(res, 200, body, headers);
  return { status: 200, items };
}

/** "2025-01-02T03:04:05" (UTC, as the API documents it) or with a zone; NaN when unreadable. */
function feedTimeMs(text: string | null): number {
  if (text === null) return Number.NaN;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

const isContentType = (v: string | null): v is UalContentType =>
  v !== null && (UAL_CONTENT_TYPES as readonly string[]).includes(v);

export async function handleManagement(
  ctx: ManagementContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<ManagementServed> {
  const url = new URL(req.url ?? '/', ctx.base);
  const who = ctx.tokens.verify(req.headers.authorization);
  if ('error' in who) {
    send(res, 401, afError('AF10000', `Authorization has been denied for this request. ${who.error}`));
    return { status: 401 };
  }
  if (!ctx.tokens.isManagementAudience(who.audience)) {
    // A Graph token is refused: the audience must be the management resource.
    send(res, 401, afError('AF10000', `Invalid audience ${who.audience}.`));
    return { status: 401 };
  }
  if (!who.roles.includes('ActivityFeed.Read')) {
    send(
      res,
      401,
      afError(
        'AF10001',
        `The permission set (${who.roles.join(' ')}) sent in the request does not include the expected permission.`,
      ),
    );
    return { status: 401 };
  }
  const m = /^\/api\/v1\.0\/([^/]+)\/activity\/feed\/(subscriptions\/(start|stop|list|content)|audit\/([^/]+))$/.exec(
    url.pathname,
  );
  if (!m || decodeURIComponent(m[1] ?? '') !== ctx.tenantId) {
    send(res, 404, afError('AF20001', `Resource not found: ${url.pathname}`));
    return { status: 404 };
  }
  const fault = ctx.faults.draw(url.pathname, req.url ?? '');
  if (fault === 'reset') {
    req.socket.destroy();
    return { status: 0, fault };
  }
  if (fault === 'throttle' || fault === 'throttle-no-retry-after' || fault === 'unavailable-503') {
    const status = fault === 'unavailable-503' ? 503 : 429;
    const headers: Record<string, string> =
      fault === 'throttle' ? { 'Retry-After': String(ctx.faults.current.retryAfterSeconds ?? 1) } : {};
    send(res, status, afError(status === 429 ? 'AF429' : 'AF50000', 'Try again later'), headers);
    return { status, fault };
  }

  const op = m[3];
  const contentType = url.searchParams.get('contentType');
  if (op === 'start' || op === 'stop') {
    if (req.method !== 'POST') {
      send(res, 405, afError('AF20000', 'The requested resource does not support http method GET.'));
      return { status: 405 };
    }
    if (!isContentType(contentType)) {
      send(res, 400, afError('AF20051', `Content type ${contentType} is invalid.`));
      return { status: 400 };
    }
    if (op === 'start' && ctx.subscriptions.has(contentType)) {
      send(res, 400, afError('AF20024', 'The subscription is already enabled. No property change.'));
      return { status: 400 };
    }
    if (op === 'start') ctx.subscriptions.add(contentType);
    else ctx.subscriptions.delete(contentType);
    return sendBody(res, { contentType, status: op === 'start' ? 'enabled' : 'disabled', webhook: null }, 1, fault);
  }
  if (req.method !== 'GET') {
    send(res, 405, afError('AF20000', `The requested resource does not support http method ${req.method}.`));
    return { status: 405 };
  }
  if (op === 'list') {
    const list = [...ctx.subscriptions].map((c) => ({ contentType: c, status: 'enabled', webhook: null }));
    return sendBody(res, list, list.length, fault);
  }
  if (op === 'content') {
    if (!isContentType(contentType)) {
      send(res, 400, afError('AF20051', `Content type ${contentType} is invalid.`));
      return { status: 400 };
    }
    if (!ctx.subscriptions.has(contentType)) {
      send(res, 400, afError('AF20022', 'No subscription found for the specified content type'));
      return { status: 400 };
    }
    const now = ctx.now();
    const startText = url.searchParams.get('startTime');
    const endText = url.searchParams.get('endTime');
    let start = now - DAY;
    let end = now;
    if (startText !== null || endText !== null) {
      start = feedTimeMs(startText);
      end = feedTimeMs(endText);
      if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > DAY || start < now - 7 * DAY) {
        send(
          res,
          400,
          afError(
            'AF20055',
            'Start time and end time must both be specified (or both omitted) and must be less than or equal to 24 hours apart, with the start time no more than 7 days in the past.',
          ),
        );
        return { status: 400 };
      }
    }
    const listed = contentBlobs(ctx.data, contentType, ctx.feedFaults).filter(
      (b) => b.contentCreated >= start && b.contentCreated <= end,
    );
    const offset = Number(url.searchParams.get('nextPage') ?? '0');
    const size = ctx.listPageSize;
    let page = listed.slice(offset, offset + size);
    // The "same content listed twice" fault: an entry twice in a page, and one listed again on the next page.
    if (ctx.feedFaults.listContentTwice && page.length > 0) {
      page = [...page, page[0] as (typeof page)[number], ...listed.slice(offset + size, offset + size + 1)];
    }
    const headers: Record<string, string> = {};
    if (offset + size < listed.length) {
      const q = new URLSearchParams(url.searchParams);
      q.set('nextPage', String(offset + size));
      headers.NextPageUri = `${ctx.base}${url.pathname}?${q.toString()}`;
    }
    const entries = page.map((b) => ({
      contentType: b.contentType,
      contentId: b.contentId,
      contentUri: `${ctx.base}/api/v1.0/${ctx.tenantId}/activity/feed/audit/${encodeURIComponent(b.contentId)}`,
      contentCreated: new Date(b.contentCreated).toISOString(),
      contentExpiration: new Date(b.contentCreated + 7 * DAY).toISOString(),
    }));
    return sendBody(res, entries, entries.length, fault, headers);
  }
  const blob = findBlob(ctx.data, decodeURIComponent(m[4] ?? ''), UAL_CONTENT_TYPES, ctx.feedFaults);
  if (!blob || blob.contentCreated < ctx.now() - 7 * DAY) {
    send(res, 404, afError('AF20001', 'The content is not found or has expired.'));
    return { status: 404 };
  }
  return sendBody(res, blob.records, blob.records.length, fault);
}
