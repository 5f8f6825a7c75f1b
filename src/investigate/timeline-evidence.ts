import { EVENT_LAKE_TABLES, IN_LIST_MAX, selectByUids } from '../store/lake.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';

/** Tables an alert's evidence can point to that may be large (the lake's event tables). */
const STAGED = new Set(EVENT_LAKE_TABLES.map((t) => t.table));

let staged = 0;

/**
 * The evidence records of the alerts in scope, read once: one scan per event table for the whole timeline instead
 * of one per alert and per question (is it failure-only, who acted, which objects, was PIM used). Sign-ins are
 * looked up through the lake's id index (store/lake.ts selectByUids); a lookup by `uid` alone reads the whole `uid`
 * column of the table's month files (files are clustered by account or by time, not by id). The rows land in temporary tables of this connection, named per call
 * so two timelines built at once never share one; `tables` maps each event table to its staged copy, and `drop`
 * removes them.
 */
export async function stageEvidence(
  ws: Workspace,
  alertIds: readonly string[],
): Promise<{ tables: ReadonlyMap<string, string>; drop: () => Promise<void> }> {
  const tables = new Map<string, string>();
  const drop = async () => {
    for (const t of tables.values()) await ws.run(`DROP TABLE IF EXISTS ${t}`);
  };
  if (alertIds.length === 0) return { tables, drop };
  const rows = await ws.all<{ table_name: string; uids: string[] }>(
    `SELECT table_name, list(DISTINCT uid ORDER BY uid) AS uids FROM alert_evidence
     WHERE list_contains($1::VARCHAR[], alert_id) GROUP BY table_name ORDER BY table_name`,
    [sqlList(alertIds)],
  );
  const call = staged++;
  try {
    for (const { table_name: table, uids } of rows) {
      if (!STAGED.has(table)) continue;
      const name = `timeline_${table}_${call}`;
      tables.set(table, name);
      if (uids.length <= IN_LIST_MAX) {
        await selectByUids(ws, table, uids, name);
      } else {
        await ws.run(
          `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT * FROM ${table}
           WHERE uid IN (SELECT uid FROM alert_evidence WHERE table_name = $1 AND list_contains($2::VARCHAR[], alert_id))`,
          [table, sqlList(alertIds)],
        );
      }
    }
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { tables, drop };
}
