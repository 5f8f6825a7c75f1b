/**
 * One pass over one log endpoint: plan the ranges from the checkpoint, page through each range newest first, and
 * store every page with the checkpoint it implies. After each page the checkpoint says exactly what is stored, so
 * a pass killed anywhere resumes with no gap, and whatever it reads twice is dropped as a duplicate.
 */
import { toIsoUtc } from '../core/time.js';
import type { GraphRecord, LogEndpoint } from '../sources/graph/endpoints/index.js';
import type { GraphClient } from '../sources/graph/http.js';
import { allOf, timeWindow } from '../sources/graph/odata.js';
import { listPages } from '../sources/graph/paging.js';
import { addCounts } from '../store/load.js';
import type { Workspace } from '../store/workspace.js';
import { type Checkpoint, readCheckpoint } from './checkpoints.js';
import { storedIdOf, storePage } from './store-page.js';
import { planRanges, type TimeRange, type WindowOptions } from './window.js';

export interface EndpointPassOptions extends Omit<WindowOptions, 'now'> {
  readonly tenantId: string;
  readonly now: () => number;
  /** Overrides the endpoint's $top (tests use small pages). */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  readonly onPage?: (p: PageProgress) => void;
}

export interface PageProgress {
  readonly endpoint: string;
  readonly pages: number;
  readonly read: number;
  readonly loaded: number;
}

export interface EndpointCounts {
  pages: number;
  read: number;
  loaded: number;
  duplicate: number;
  rejected: number;
}

export interface EndpointPass extends EndpointCounts {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly highWater: string | undefined;
}

function timeMs(endpoint: LogEndpoint, item: GraphRecord): number | undefined {
  const t = endpoint.timeOf(item);
  const v = t === undefined ? Number.NaN : Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/** Raises the high-water mark with a page's items; the boundary holds the ids at exactly the newest time. */
function advanceHighWater(
  endpoint: LogEndpoint,
  cp: Checkpoint,
  items: readonly GraphRecord[],
): Pick<Checkpoint, 'highWater' | 'boundaryIds'> {
  let high = cp.highWater;
  let ids = new Set(cp.boundaryIds);
  for (const item of items) {
    const t = timeMs(endpoint, item);
    const id = storedIdOf(endpoint, item);
    if (t === undefined || id === undefined) continue;
    if (high === undefined || t > high) {
      high = t;
      ids = new Set([id]);
    } else if (t === high) ids.add(id);
  }
  return { highWater: high, boundaryIds: [...ids] };
}

/** Reads the endpoint's new records into the store; returns what it read. */
export async function collectEndpoint(
  ws: Workspace,
  client: GraphClient,
  endpoint: LogEndpoint,
  o: EndpointPassOptions,
): Promise<EndpointPass> {
  let cp = await readCheckpoint(ws, o.tenantId, endpoint.name);
  const now = o.now();
  // An endpoint without a time filter is read whole every pass: one range, its "time" only the pass's.
  const ranges: TimeRange[] =
    endpoint.timeField === undefined ? [{ from: now, to: now }] : planRanges(cp, { ...o, now });
  const counts: EndpointCounts = { pages: 0, read: 0, loaded: 0, duplicate: 0, rejected: 0 };

  for (const range of ranges) {
    const filter = allOf(
      endpoint.timeField === undefined ? undefined : timeWindow(endpoint.timeField, range.from, range.to),
      endpoint.filter,
    );
    const top = endpoint.top === undefined ? undefined : Math.min(endpoint.top, o.pageSize ?? endpoint.top);
    const url = client.url(endpoint.path, { $filter: filter, $top: top });
    let oldest = endpoint.timeField === undefined ? undefined : cp.pendingOldest;
    if (range.completes === undefined) oldest = undefined;
    const boundary = new Set(cp.boundaryIds);

    for await (const page of listPages(client, url, { budget: endpoint.budget, signal: o.signal })) {
      const skip = new Set<number>();
      page.items.forEach((item, i) => {
        const id = storedIdOf(endpoint, item);
        if (id !== undefined && boundary.has(id)) skip.add(i);
      });
      for (const item of page.items) {
        const t = timeMs(endpoint, item);
        if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
      }
      const last = page.nextLink === undefined;
      const until = range.completes ?? range.to;
      const next: Checkpoint = {
        ...cp,
        ...advanceHighWater(endpoint, cp, page.items),
        ...(last
          ? {
              coveredFrom: Math.min(cp.coveredFrom ?? range.from, range.from),
              coveredUntil: Math.max(cp.coveredUntil ?? until, until),
              pendingFrom: undefined,
              pendingUntil: undefined,
              pendingOldest: undefined,
            }
          : {
              pendingFrom: range.from,
              pendingUntil: until,
              pendingOldest: oldest,
            }),
        pages: cp.pages + 1,
        records: cp.records + page.items.length,
      };
      const c = await storePage(ws, endpoint, { url: page.url, body: page.body, items: page.items, skip }, next);
      cp = next;
      counts.pages++;
      addCounts(counts, c);
      o.onPage?.({ endpoint: endpoint.name, pages: counts.pages, read: counts.read, loaded: counts.loaded });
    }
  }
  const first = ranges[0];
  const lastRange = ranges[ranges.length - 1];
  return {
    ...counts,
    from: endpoint.timeField === undefined || first === undefined ? undefined : new Date(first.from).toISOString(),
    to: endpoint.timeField === undefined || lastRange === undefined ? undefined : new Date(lastRange.to).toISOString(),
    highWater: cp.highWater === undefined ? undefined : (toIsoUtc(new Date(cp.highWater)) ?? undefined),
  };
}
