/**
 * What the store holds of each source: how many events, the earliest and the latest. One aggregate query per
 * source; the filters are the constants of sources.ts.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import { SOURCES, type SourceDef, type SourceId } from './sources.js';

/** The events of one source held in the store. */
export interface SourceExtent {
  readonly source: SourceId;
  readonly count: number;
  /** ISO 8601 UTC, null when the store holds none. */
  readonly earliest: string | null;
  readonly latest: string | null;
}

/** Earliest, latest and count for one source. */
export async function sourceExtent(ws: Workspace, def: SourceDef): Promise<SourceExtent> {
  const sql =
    def.table === 'snapshots'
      ? 'SELECT count(DISTINCT snapshot_id) AS n, min(taken_at) AS lo, max(taken_at) AS hi FROM snapshots'
      : `SELECT count(*) AS n, min(${def.timeColumn}) AS lo, max(${def.timeColumn}) AS hi FROM ${def.table} WHERE ${def.where}`;
  const row = await ws.one<{ n: unknown; lo: unknown; hi: unknown }>(sql);
  return {
    source: def.id,
    count: Number(row?.n ?? 0),
    earliest: toIsoUtc(row?.lo as Date | string | null | undefined),
    latest: toIsoUtc(row?.hi as Date | string | null | undefined),
  };
}

/** Every source's extent, in SOURCES order. */
export async function allExtents(ws: Workspace): Promise<SourceExtent[]> {
  const out: SourceExtent[] = [];
  for (const def of SOURCES) out.push(await sourceExtent(ws, def));
  return out;
}

/** The newest event of any source: the `now` of a workspace whose collection has stopped (demo data). */
export function newestEvent(extents: readonly SourceExtent[]): string | null {
  let best: string | null = null;
  for (const e of extents) {
    if (e.source === 'snapshots' || e.latest === null) continue;
    if (best === null || Date.parse(e.latest) > Date.parse(best)) best = e.latest;
  }
  return best;
}
