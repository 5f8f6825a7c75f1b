/**
 * One pass over one unified audit log content type (Office 365 Management Activity API). The API lists blobs by
 * contentCreated, the time a blob was made available, not by event time, and a listing is eventually consistent:
 * a blob can show up after later ones were listed. So each pass lists from `overlap` before the last listing's end,
 * in windows of at most 24 hours and never more than 7 days back, and skips the blobs it has stored already: the
 * checkpoint holds the high-water contentCreated and the ids of the blobs stored near it ("boundary" ids, each
 * with its contentCreated so old ones can be dropped). Each blob is stored with the checkpoint that includes it in
 * one transaction; killed anywhere, a rerun fetches at most the blob it was reading again, and records met twice
 * are dropped by their Id.
 */
import { toIsoUtc } from '../core/time.js';
import {
  type ContentEntry,
  MAX_LIST_AGE_MS,
  MAX_LIST_WINDOW_MS,
  type ManagementActivityApi,
} from '../sources/graph/management/activity-api.js';
import { type UalContentType, ualEndpointName } from '../sources/graph/management/content-types.js';
import { addCounts } from '../store/load.js';
import type { Workspace } from '../store/workspace.js';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoints.js';
import type { EndpointCounts, EndpointPass, PageProgress } from './collect-endpoint.js';
import { storeBlob } from './store-blob.js';

export interface UalPassOptions {
  readonly tenantId: string;
  readonly now: () => number;
  readonly sinceMs: number;
  readonly sinceExplicit: boolean;
  readonly overlapMs: number;
  readonly signal?: AbortSignal;
  readonly onPage?: (p: PageProgress) => void;
}

/**
 * The API refuses a startTime more than 7 days back (AF20055); this much inside the limit absorbs the skew between
 * this machine's clock and Microsoft's.
 */
const AGE_MARGIN_MS = 10 * 60_000;

/** Boundary entries are "<contentCreated ISO> <contentId>": content ids hold no spaces. */
function parseBoundary(ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of ids) {
    const at = s.indexOf(' ');
    const t = Date.parse(s.slice(0, at));
    if (at > 0 && !Number.isNaN(t)) out.set(s.slice(at + 1), t);
  }
  return out;
}

function formatBoundary(seen: ReadonlyMap<string, number>, keepFrom: number): string[] {
  return [...seen]
    .filter(([, t]) => t >= keepFrom)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .map(([id, t]) => `${new Date(t).toISOString()} ${id}`);
}

/** The listing windows of this pass, oldest first, each at most 24 hours. */
export function ualWindows(cp: Checkpoint, o: UalPassOptions, now: number): { from: number; to: number }[] {
  const floor = now - MAX_LIST_AGE_MS + AGE_MARGIN_MS;
  const wanted = now - o.sinceMs;
  let start = cp.coveredUntil === undefined ? wanted : cp.coveredUntil - o.overlapMs;
  if (o.sinceExplicit && (cp.coveredFrom === undefined || wanted < cp.coveredFrom) && wanted < start) start = wanted;
  start = Math.min(Math.max(start, floor), now);
  const windows: { from: number; to: number }[] = [];
  for (let from = start; ; from += MAX_LIST_WINDOW_MS) {
    const to = Math.min(now, from + MAX_LIST_WINDOW_MS);
    windows.push({ from, to });
    if (to >= now) break;
  }
  return windows;
}

/** Every entry of a window's listing once (the API can list a blob twice), oldest first. */
async function listWindow(
  api: ManagementActivityApi,
  contentType: UalContentType,
  w: { from: number; to: number },
  signal: AbortSignal | undefined,
): Promise<ContentEntry[]> {
  const byId = new Map<string, ContentEntry>();
  for await (const page of api.listContent(contentType, w.from, w.to, signal)) {
    for (const e of page.entries) if (!byId.has(e.contentId)) byId.set(e.contentId, e);
  }
  const t = (e: ContentEntry) => Date.parse(e.contentCreated);
  return [...byId.values()].sort((a, b) => t(a) - t(b) || a.contentId.localeCompare(b.contentId));
}

/** Starts the subscription (idempotent), then reads the content type's new blobs into the store. */
export async function collectUalContentType(
  ws: Workspace,
  api: ManagementActivityApi,
  contentType: UalContentType,
  o: UalPassOptions,
): Promise<EndpointPass> {
  const endpoint = ualEndpointName(contentType);
  await api.startSubscription(contentType, o.signal);
  let cp = await readCheckpoint(ws, o.tenantId, endpoint);
  const now = o.now();
  const windows = ualWindows(cp, o, now);
  const seen = parseBoundary(cp.boundaryIds);
  const counts: EndpointCounts = { pages: 0, read: 0, loaded: 0, duplicate: 0, rejected: 0 };

  for (const w of windows) {
    // Ids older than where the next listing can start will never be listed again: no need to remember them.
    const keepFrom = Math.min(cp.coveredUntil ?? w.from, w.from) - o.overlapMs;
    for (const entry of await listWindow(api, contentType, w, o.signal)) {
      if (seen.has(entry.contentId)) continue;
      const blob = await api.fetchBlob(entry.contentUri, o.signal);
      const created = Date.parse(entry.contentCreated);
      seen.set(entry.contentId, created);
      const next: Checkpoint = {
        ...cp,
        highWater: cp.highWater === undefined ? created : Math.max(cp.highWater, created),
        boundaryIds: formatBoundary(seen, keepFrom),
        pages: cp.pages + 1,
        records: cp.records + blob.records.length,
      };
      const c = await storeBlob(ws, blob, next);
      cp = next;
      counts.pages++;
      addCounts(counts, c);
      o.onPage?.({ endpoint, pages: counts.pages, read: counts.read, loaded: counts.loaded });
    }
    // The window was listed to its end and every blob in it stored: the next pass lists from here (less overlap).
    const covered: Checkpoint = {
      ...cp,
      boundaryIds: formatBoundary(seen, Math.min(w.to, cp.highWater ?? w.to) - o.overlapMs),
      coveredFrom: Math.min(cp.coveredFrom ?? w.from, w.from),
      coveredUntil: Math.max(cp.coveredUntil ?? w.to, w.to),
    };
    await ws.transaction(() => writeCheckpoint(ws, covered));
    cp = covered;
  }
  const first = windows[0];
  const last = windows[windows.length - 1];
  return {
    ...counts,
    from: first === undefined ? undefined : new Date(first.from).toISOString(),
    to: last === undefined ? undefined : new Date(last.to).toISOString(),
    highWater: cp.highWater === undefined ? undefined : (toIsoUtc(new Date(cp.highWater)) ?? undefined),
  };
}
