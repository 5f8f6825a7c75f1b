import { toIsoUtc } from '../core/time.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import { MAX_UIDS, type TimelineEntry } from './timeline-model.js';

/**
 * Alerts whose evidence is failed sign-ins only: sprays and brute force, whatever rule raised them. The timeline
 * folds them into one line, as responders write "7,000 failed attempts" rather than one row per address.
 */
export async function failureOnlyAlerts(
  ws: Workspace,
  alertIds: readonly string[],
  signins = 'signins',
): Promise<Set<string>> {
  if (alertIds.length === 0) return new Set();
  const rows = await ws.all<{ alert_id: string }>(
    `SELECT e.alert_id FROM alert_evidence e LEFT JOIN ${signins} s ON s.uid = e.uid AND e.table_name = 'signins'
     WHERE list_contains($1::VARCHAR[], e.alert_id)
     GROUP BY e.alert_id HAVING bool_and(e.table_name = 'signins' AND coalesce(s.error_code, 0) <> 0)`,
    [sqlList(alertIds)],
  );
  return new Set(rows.map((r) => r.alert_id));
}

/**
 * One timeline line for many failure-only alerts: counts, first and last time, addresses, protocols, error codes.
 * `signins`: the table to read their evidence from (the sign-ins, or the timeline's staged copy of its evidence).
 */
export async function sprayEntry(
  ws: Workspace,
  alertIds: readonly string[],
  severity: string,
  signins = 'signins',
): Promise<TimelineEntry> {
  const r = await ws.one<{
    n: bigint;
    accounts: bigint;
    first: Date;
    last: Date;
    ips: string[];
    clients: string[];
    codes: number[];
    uids: string[];
  }>(
    `WITH ev AS (SELECT DISTINCT uid FROM alert_evidence WHERE table_name = 'signins' AND list_contains($1::VARCHAR[], alert_id))
     SELECT count(*) AS n, count(DISTINCT s.user_principal_name) AS accounts, min(s.created_at) AS first,
            max(s.created_at) AS last, list(DISTINCT s.ip_address ORDER BY s.ip_address) AS ips,
            list(DISTINCT s.client_app ORDER BY s.client_app) FILTER (WHERE s.client_app IS NOT NULL) AS clients,
            list(DISTINCT s.error_code ORDER BY s.error_code) AS codes,
            list(s.uid ORDER BY s.created_at, s.uid)[1:${MAX_UIDS}] AS uids
     FROM ev JOIN ${signins} s ON s.uid = ev.uid`,
    [sqlList(alertIds)],
  );
  const n = Number(r?.n ?? 0);
  const ips = r?.ips ?? [];
  // A campaign alert (src/detect/campaigns.ts) counts as the member alerts it folds.
  const alerts = Number(
    await ws.scalar(
      `SELECT count(*) FROM (SELECT alert_id FROM alert_campaigns WHERE list_contains($1::VARCHAR[], campaign_id)
       UNION SELECT unnest($1::VARCHAR[]) AS id EXCEPT SELECT DISTINCT campaign_id FROM alert_campaigns)`,
      [sqlList(alertIds)],
    ),
  );
  return {
    start: toIsoUtc(r?.first ?? null) ?? '',
    end: toIsoUtc(r?.last ?? null) ?? '',
    kind: 'alert',
    action:
      `Password spray: ${n.toLocaleString('en-US')} failed sign-ins against ${Number(r?.accounts ?? 0).toLocaleString('en-US')} accounts ` +
      `from ${ips.length} addresses (${ips.join(', ')}) over ${(r?.clients ?? []).join(', ') || 'unknown protocols'}, ` +
      `errors ${(r?.codes ?? []).join(', ')} (${alerts} alerts)`,
    severity,
    evidence: { source: 'Sign-in logs', table: 'signins', count: n, uids: r?.uids ?? [] },
    objects: [],
  };
}
