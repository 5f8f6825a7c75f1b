/**
 * The Office 365 Management Activity API (the unified audit log): start a subscription per content type, list the
 * content blobs made available in a time window (paging through the NextPageUri header), and fetch a blob (a JSON
 * array of audit records). Every request goes through a GraphClient of its own, pointed at the management host with
 * a management token, so throttling, faults, cut bodies and the token's redaction are handled exactly as for Graph.
 * Limits (the API's AF20055): a window of at most 24 hours, starting at most 7 days back.
 */
import { GraphError } from '../errors.js';
import type { GraphClient } from '../http.js';
import { tokenClaims } from '../token-claims.js';
import type { UalContentType } from './content-types.js';

/** One entry of the content listing. */
export interface ContentEntry {
  readonly contentType: string;
  readonly contentId: string;
  readonly contentUri: string;
  /** When the blob was made available (ISO 8601 UTC): what listings filter on, and the checkpoint's high water. */
  readonly contentCreated: string;
  readonly contentExpiration?: string;
}

export interface ContentListPage {
  readonly url: string;
  readonly entries: readonly ContentEntry[];
}

export interface ContentBlob {
  readonly url: string;
  readonly body: Buffer;
  readonly records: readonly Record<string, unknown>[];
}

/** The longest window one listing may ask for, and how far back it may start. */
export const MAX_LIST_WINDOW_MS = 24 * 3_600_000;
export const MAX_LIST_AGE_MS = 7 * 86_400_000;

/** "2025-01-02T03:04:05": the API's documented time form, UTC without a zone letter. */
export function feedTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** What is wrong with a content listing, or undefined when it is one. */
export function contentListProblem(json: unknown): string | undefined {
  if (!Array.isArray(json)) return 'the content listing is not a JSON array';
  const bad = json.findIndex((e) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return true;
    const r = e as Record<string, unknown>;
    return (
      typeof r.contentId !== 'string' ||
      typeof r.contentUri !== 'string' ||
      typeof r.contentCreated !== 'string' ||
      Number.isNaN(Date.parse(r.contentCreated))
    );
  });
  return bad >= 0 ? `content entry ${bad} lacks contentId, contentUri or contentCreated` : undefined;
}

/** What is wrong with a content blob, or undefined when it is an array of records. */
export function blobProblem(json: unknown): string | undefined {
  if (!Array.isArray(json)) return 'the content blob is not a JSON array';
  const bad = json.findIndex((v) => v === null || typeof v !== 'object' || Array.isArray(v));
  return bad >= 0 ? `record ${bad} of the blob is not an object` : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ManagementActivityApi {
  private tenantGuid: string | undefined;

  constructor(
    /** A client whose base URL is the management host and whose tokens are for it. */
    readonly client: GraphClient,
    /** The tenant as given (a GUID, or a domain: the feed's paths need the GUID, read from the token then). */
    readonly tenant: string,
  ) {
    if (GUID.test(tenant)) this.tenantGuid = tenant;
  }

  private async feedUrl(path: string, query: Readonly<Record<string, string | undefined>>): Promise<string> {
    if (this.tenantGuid === undefined) {
      this.tenantGuid = tokenClaims(await this.client.tokens.getToken())?.tenantId ?? this.tenant;
    }
    return this.client.url(`/api/v1.0/${encodeURIComponent(this.tenantGuid)}/activity/feed${path}`, {
      ...query,
      // Microsoft counts the request quota per publisher; without it every caller shares one "unknown" quota.
      PublisherIdentifier: this.tenantGuid,
    });
  }

  /** Starts the subscription; one already enabled (AF20024) is what we want, not an error. */
  async startSubscription(contentType: UalContentType, signal?: AbortSignal): Promise<'started' | 'enabled'> {
    try {
      await this.client.request(await this.feedUrl('/subscriptions/start', { contentType }), {
        method: 'POST',
        ...(signal ? { signal } : {}),
      });
      return 'started';
    } catch (err) {
      if (err instanceof GraphError && err.graphCode === 'AF20024') return 'enabled';
      throw err;
    }
  }

  /** The content made available in [fromMs, toMs), page by page (NextPageUri). */
  async *listContent(
    contentType: UalContentType,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): AsyncGenerator<ContentListPage> {
    if (toMs - fromMs > MAX_LIST_WINDOW_MS) throw new Error('a content listing spans at most 24 hours');
    const seen = new Set<string>();
    let url: string | undefined = await this.feedUrl('/subscriptions/content', {
      contentType,
      startTime: feedTime(fromMs),
      endTime: feedTime(toMs),
    });
    while (url !== undefined) {
      if (seen.has(url)) throw new GraphError('invalid-body', 'the content listing repeated a NextPageUri (a loop)');
      seen.add(url);
      const res = await this.client.get(url, { validate: contentListProblem, ...(signal ? { signal } : {}) });
      yield { url, entries: res.json as ContentEntry[] };
      const next = res.headers.get('nextpageuri');
      url = next === null || next.trim() === '' ? undefined : next.trim();
    }
  }

  /** The subscriptions of the tenant: the smallest call that needs ActivityFeed.Read (doctor's probe). */
  async listSubscriptions(signal?: AbortSignal): Promise<unknown> {
    const url = await this.feedUrl('/subscriptions/list', {});
    return (await this.client.get(url, signal ? { signal } : {})).json;
  }

  /** One content blob; a cut or malformed body is asked for again by the client, never half-used. */
  async fetchBlob(contentUri: string, signal?: AbortSignal): Promise<ContentBlob> {
    const res = await this.client.get(contentUri, { validate: blobProblem, ...(signal ? { signal } : {}) });
    return { url: contentUri, body: res.body, records: res.json as Record<string, unknown>[] };
  }
}
