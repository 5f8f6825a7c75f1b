/**
 * Rows stored before the mapping SQL checked event times (normalize/plausible-time.ts) can still hold a time the
 * rules cannot place: one sign-in dated 9999-12-31 made every windowed rule fail, on every later detect. Such rows
 * leave the event tables for `rejects`, once per workspace (migration 140 queues the task), table by table in one
 * transaction each: the reject (file, record index, reason, the stored row as JSON; the kept original still holds
 * the record), the evidence counts (one loaded fewer, one rejected more) and the row's removal from its month file.
 * A kill in between leaves the task queued; the next open finishes it.
 */
import { implausibleTime, PLAUSIBLE_RANGE_TEXT } from '../core/plausible-range.js';
import { deleteEvents } from './compact.js';
import { EVENT_LAKE_TABLES } from './lake.js';
import { rejectStored } from './rejects.js';
import type { Workspace } from './workspace.js';

export const QUARANTINE_TASK = 'quarantine-implausible-times';

/** Rows moved out of one event table. */
export interface Quarantined {
  readonly table: string;
  readonly rows: number;
}

/** Runs the quarantine when the workspace still owes it; returns what moved (empty when nothing did). */
export async function quarantineIfOwed(ws: Workspace): Promise<Quarantined[]> {
  const owed = await ws.scalar('SELECT count(*) FROM store_tasks WHERE name = $1 AND done_at IS NULL', [
    QUARANTINE_TASK,
  ]);
  if (Number(owed) === 0) return [];
  const moved = await quarantineImplausibleTimes(ws);
  await ws.run('UPDATE store_tasks SET done_at = now(), detail = $2 WHERE name = $1', [
    QUARANTINE_TASK,
    JSON.stringify(moved),
  ]);
  return moved;
}

/** Moves every stored row whose event time is outside the plausible range into rejects. */
export async function quarantineImplausibleTimes(ws: Workspace): Promise<Quarantined[]> {
  const out: Quarantined[] = [];
  for (const { table, timeColumn } of EVENT_LAKE_TABLES) {
    const where = implausibleTime(timeColumn);
    if (Number(await ws.scalar(`SELECT count(*) FROM ${table} WHERE ${where}`)) === 0) continue;
    const reason = `'${timeColumn} ' || strftime(${timeColumn}, '%Y-%m-%dT%H:%M:%SZ') || ' is outside the plausible range (${PLAUSIBLE_RANGE_TEXT}): removed from ${table}, where it was stored before that check'`;
    const rows = await deleteEvents(ws, table, where, async () => {
      await rejectStored(
        ws,
        `SELECT coalesce(t.evidence_sha256, '') AS evidence_sha256, coalesce(e.path, '(unknown)') AS path,
                t.record_index, ${reason} AS reason, CAST(to_json(t) AS VARCHAR) AS raw
         FROM ${table} t LEFT JOIN evidence e ON e.sha256 = t.evidence_sha256
         WHERE ${where.replaceAll(timeColumn, `t.${timeColumn}`)}`,
      );
      await ws.run(
        `UPDATE evidence SET records_loaded = records_loaded - q.n, records_rejected = records_rejected + q.n
         FROM (SELECT evidence_sha256, count(*) AS n FROM ${table} WHERE ${where} GROUP BY 1) q
         WHERE evidence.sha256 = q.evidence_sha256`,
      );
    });
    out.push({ table, rows });
  }
  return out;
}
