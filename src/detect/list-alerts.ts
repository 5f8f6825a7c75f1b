import { isSeverity } from '../core/severity.js';
import { toIsoUtc } from '../core/time.js';
import type { RuleTable } from '../rules/rule-tables.js';
import type { Workspace } from '../store/workspace.js';
import { type Alert, type AlertEntities, type EvidenceRef, emptyEntities } from './alert.js';
import { objectsOfRecords } from './record-objects.js';

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Reads alerts back in the contract shape, oldest first (by first_seen). `ids` limits the list. Without ids, the
 * alerts folded into a campaign (campaigns.ts) are left out unless `members` asks for them: the campaign alert
 * stands for them.
 */
export async function listAlerts(
  ws: Workspace,
  ids?: readonly string[],
  options: { members?: boolean } = {},
): Promise<Alert[]> {
  if (ids !== undefined && ids.length === 0) return [];
  const filter =
    ids !== undefined
      ? 'WHERE id IN (SELECT unnest(string_split($1, chr(31))))'
      : options.members
        ? ''
        : 'WHERE id NOT IN (SELECT alert_id FROM alert_campaigns)';
  const params = ids === undefined ? [] : [ids.join('\u001f')];
  const rows = await ws.all(`SELECT * FROM alerts ${filter} ORDER BY first_seen, id`, params);
  const evidence = await ws.all(
    `SELECT alert_id, uid, source_id, table_name FROM alert_evidence
     ${ids === undefined ? '' : 'WHERE alert_id IN (SELECT unnest(string_split($1, chr(31))))'}
     ORDER BY alert_id, event_time, table_name, uid`,
    params,
  );
  const objects = await objectsOfRecords(
    ws,
    `SELECT alert_id AS k, table_name AS tbl, uid FROM alert_evidence
     ${ids === undefined ? '' : 'WHERE alert_id IN (SELECT unnest(string_split($1, chr(31))))'}`,
    params,
  );
  const byAlert = new Map<string, EvidenceRef[]>();
  for (const e of evidence) {
    const id = String(e.alert_id);
    const list = byAlert.get(id) ?? [];
    list.push({
      uid: String(e.uid),
      source_id: e.source_id === null ? null : String(e.source_id),
      table: e.table_name as RuleTable,
    });
    byAlert.set(id, list);
  }
  return rows.map((r) => {
    const id = String(r.id);
    const severity = String(r.severity);
    return {
      id,
      rule_id: String(r.rule_id),
      title: String(r.title),
      severity: isSeverity(severity) ? severity : 'medium',
      first_seen: toIsoUtc(r.first_seen as Date) ?? '',
      last_seen: toIsoUtc(r.last_seen as Date) ?? '',
      entities: { ...emptyEntities(), ...parseJson<Partial<AlertEntities>>(r.entities, {}) },
      objects: objects.get(id) ?? [],
      evidence: byAlert.get(id) ?? [],
      tags: parseJson<string[]>(r.tags, []),
      summary: String(r.summary),
      event_count: Number(r.event_count),
    };
  });
}
