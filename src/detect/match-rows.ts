import type { CompiledRule } from '../compile/compile.js';
import type { EventTable } from '../core/event-model.js';
import type { Workspace } from '../store/workspace.js';

/** A matching event with the columns alerts are built from (entities and the summary). */
export interface MatchRow {
  readonly table: EventTable;
  readonly uid: string;
  readonly sourceId: string | null;
  readonly time: Date;
  readonly episode: number;
  readonly group: readonly (string | null)[];
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

const SIGNIN_DETAIL = [
  'user_principal_name',
  'service_principal_name',
  'ip_address',
  'app_display_name',
  'client_app',
  'error_code',
];
const AUDIT_DETAIL = [
  'activity',
  'initiator_type',
  'initiator_upn',
  'initiator_display_name',
  'initiator_ip',
  'target_type',
  'target_upn',
  'target_display_name',
  'role_name',
];

function scalar(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

/**
 * Runs a compiled rule and joins each match to the columns alerts need. The compiled query is used as is, as a
 * subquery: its parameters stay bound.
 */
export async function readMatches(ws: Workspace, compiled: CompiledRule): Promise<MatchRow[]> {
  const g = compiled.groupBy.map((_, i) => `m.g${i}`);
  const sql = [
    `SELECT m.tbl, m.uid, m.source_id, m.ts, m.episode${g.length ? `, ${g.join(', ')}` : ''},`,
    `  ${[...SIGNIN_DETAIL.map((c) => `s.${c} AS s_${c}`), ...AUDIT_DETAIL.map((c) => `a.${c} AS a_${c}`)].join(', ')}`,
    `FROM (\n${compiled.query.sql}\n) m`,
    "LEFT JOIN signins s ON m.tbl = 'signins' AND s.uid = m.uid",
    "LEFT JOIN audits a ON m.tbl = 'audits' AND a.uid = m.uid",
    `ORDER BY ${[...g, 'm.episode', 'm.ts', 'm.tbl', 'm.uid'].join(', ')}`,
  ].join('\n');
  const rows = await ws.all(sql, [...compiled.query.parameters]);
  const seen = new Set<string>();
  const out: MatchRow[] = [];
  for (const r of rows) {
    const table = r.tbl as EventTable;
    const group = compiled.groupBy.map((_, i) => scalar(r[`g${i}`]));
    // The store deduplicates on uid at load; should two rows still share one, the alert lists the event once.
    const key = `${table}\u0000${r.uid}\u0000${r.episode}\u0000${group.join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const prefix = table === 'signins' ? 's_' : 'a_';
    const names = table === 'signins' ? SIGNIN_DETAIL : AUDIT_DETAIL;
    out.push({
      table,
      uid: String(r.uid),
      sourceId: r.source_id === null || r.source_id === undefined ? null : String(r.source_id),
      time: r.ts as Date,
      episode: Number(r.episode),
      group: group.map((v) => (v === null ? null : String(v))),
      detail: Object.fromEntries(names.map((n) => [n, scalar(r[`${prefix}${n}`])])),
    });
  }
  return out;
}
