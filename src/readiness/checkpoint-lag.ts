/**
 * Live-collection checkpoints that fell behind (table `checkpoints`, migration 3, written by src/collect): how long
 * since each endpoint was last read to its end, and whether a pass was interrupted. An endpoint read to `covered_until`
 * has every event up to then; past `lagLimitMs` the watcher is not keeping up, and past Microsoft's retention events
 * are lost.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';

/** One endpoint's collection state at `now`. */
export interface CheckpointLag {
  readonly tenantId: string;
  readonly endpoint: string;
  readonly coveredUntil: string | null;
  readonly highWater: string | null;
  /** Hours from coveredUntil to now; null when never read to its end. */
  readonly lagHours: number | null;
  /** A pass stopped part-way (pending_* set): the next pass resumes it. */
  readonly interrupted: boolean;
  readonly behind: boolean;
}

/** Default: behind when not read to its end for over an hour (watch polls every 30 s by default). */
export const DEFAULT_LAG_LIMIT_MS = 3_600_000;

/** Every checkpoint, with its lag at `now`. */
export async function checkpointLags(
  ws: Workspace,
  now: number,
  lagLimitMs = DEFAULT_LAG_LIMIT_MS,
): Promise<CheckpointLag[]> {
  const rows = await ws.all<{
    tenant_id: string;
    endpoint: string;
    covered_until: unknown;
    high_water: unknown;
    pending_from: unknown;
  }>(
    'SELECT tenant_id, endpoint, covered_until, high_water, pending_from FROM checkpoints ORDER BY tenant_id, endpoint',
  );
  return rows.map((r) => {
    const coveredUntil = toIsoUtc(r.covered_until as Date | string | null);
    const lagMs = coveredUntil === null ? null : now - Date.parse(coveredUntil);
    const interrupted = r.pending_from !== null && r.pending_from !== undefined;
    return {
      tenantId: r.tenant_id,
      endpoint: r.endpoint,
      coveredUntil,
      highWater: toIsoUtc(r.high_water as Date | string | null),
      lagHours: lagMs === null ? null : Math.round((lagMs / 3_600_000) * 10) / 10,
      interrupted,
      behind: lagMs === null || lagMs > lagLimitMs || interrupted,
    };
  });
}
