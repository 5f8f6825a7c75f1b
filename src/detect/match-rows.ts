import type { CompiledRule } from '../compile/compile.js';
import type { RuleTable } from '../rules/rule-tables.js';
import type { Workspace } from '../store/workspace.js';

/** A matching event with the columns alerts are built from (entities and the summary). */
export interface MatchRow {
  readonly table: RuleTable;
  readonly uid: string;
  readonly sourceId: string | null;
  readonly time: Date;
  readonly episode: number;
  readonly group: readonly (string | null)[];
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/** The columns alerts are built from, per table (entities and the summary). */
export const DETAIL: Record<RuleTable, readonly string[]> = {
  signins: [
    'user_principal_name',
    'service_principal_name',
    'ip_address',
    'app_display_name',
    'client_app',
    'error_code',
  ],
  audits: [
    'activity',
    'initiator_type',
    'initiator_upn',
    'initiator_display_name',
    'initiator_ip',
    'target_type',
    'target_upn',
    'target_display_name',
    'role_name',
  ],
  activities: [
    'operation',
    'workload',
    'user_id',
    'client_ip',
    'app_id',
    'mailbox_owner_upn',
    'object_id',
    'client_info',
  ],
  graph_activity: ['request_method', 'request_uri', 'app_id', 'service_principal_id', 'user_id', 'ip_address'],
  risk_detections: ['risk_event_type', 'risk_level', 'user_principal_name', 'ip_address'],
  pim_alerts: ['alert_type', 'incident_count'],
  risk_events: [
    'kind',
    'risk_event_type',
    'risk_level',
    'user_principal_name',
    'service_principal_id',
    'service_principal_name',
    'ip_address',
  ],
  provisioning: [
    'provisioning_action',
    'status',
    'initiator_display_name',
    'service_principal_name',
    'target_identity_id',
    'target_identity_name',
  ],
  network_access: ['action', 'user_principal_name', 'source_ip', 'destination_fqdn', 'destination_ip'],
  azure_activity: ['operation_name', 'status', 'caller', 'caller_object_id', 'caller_ip', 'scope', 'resource_id'],
  ms_alerts: ['alert_id', 'title', 'severity', 'product', 'product_name'],
  ms_alert_evidence: ['alert_id', 'entity_type', 'account_upn', 'remote_ip', 'oauth_application_id', 'application'],
};

const TABLES = Object.keys(DETAIL) as RuleTable[];
const alias = (t: RuleTable): string => `t${TABLES.indexOf(t)}`;

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
  // Only the tables the rule reads are joined: the views over graph_records cost a JSON parse per row.
  const used = TABLES.filter((t) => compiled.tables.includes(t));
  const sql = [
    `SELECT m.tbl, m.uid, m.source_id, m.ts, m.episode${g.length ? `, ${g.join(', ')}` : ''},`,
    `  ${used.flatMap((t) => DETAIL[t].map((c) => `${alias(t)}.${c} AS ${alias(t)}_${c}`)).join(', ')}`,
    `FROM (\n${compiled.query.sql}\n) m`,
    ...used.map((t) => `LEFT JOIN ${t} ${alias(t)} ON m.tbl = '${t}' AND ${alias(t)}.uid = m.uid`),
    `ORDER BY ${[...g, 'm.episode', 'm.ts', 'm.tbl', 'm.uid'].join(', ')}`,
  ].join('\n');
  const rows = await ws.all(sql, [...compiled.query.parameters]);
  const seen = new Set<string>();
  const out: MatchRow[] = [];
  for (const r of rows) {
    const table = r.tbl as RuleTable;
    const group = compiled.groupBy.map((_, i) => scalar(r[`g${i}`]));
    // The store deduplicates on uid at load; should two rows still share one, the alert lists the event once.
    const key = `${table}\u0000${r.uid}\u0000${r.episode}\u0000${group.join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const prefix = `${alias(table)}_`;
    const names = DETAIL[table];
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
