import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';

/**
 * The identities an alert's evidence shows acting: accounts with a successful sign-in among the evidence, the
 * initiators of its directory changes, and service principals those changes targeted or that signed in. The
 * hundreds of accounts a spray merely tried are named by the alert but are victims of an attempt, not actors.
 */
export async function actorsOfAlerts(
  ws: Workspace,
  alertIds: readonly string[],
): Promise<Map<string, { users: string[]; service_principals: string[] }>> {
  const out = new Map<string, { users: string[]; service_principals: string[] }>();
  for (const id of alertIds) out.set(id, { users: [], service_principals: [] });
  if (alertIds.length === 0) return out;
  const rows = await ws.all<{ alert_id: string; kind: string; name: string }>(
    `WITH ev AS (SELECT alert_id, uid, table_name FROM alert_evidence WHERE list_contains($1::VARCHAR[], alert_id))
     SELECT ev.alert_id, 'user' AS kind, lower(s.user_principal_name) AS name FROM ev JOIN signins s ON s.uid = ev.uid
       WHERE ev.table_name = 'signins' AND s.error_code = 0 AND s.user_principal_name IS NOT NULL
     UNION SELECT ev.alert_id, 'sp', s.service_principal_name FROM ev JOIN signins s ON s.uid = ev.uid
       WHERE ev.table_name = 'signins' AND s.error_code = 0 AND s.service_principal_name IS NOT NULL
     UNION SELECT ev.alert_id, 'user', a.initiator_upn FROM ev JOIN audits a ON a.uid = ev.uid
       WHERE ev.table_name = 'audits' AND a.initiator_upn IS NOT NULL
     UNION SELECT ev.alert_id, 'sp', a.initiator_display_name FROM ev JOIN audits a ON a.uid = ev.uid
       WHERE ev.table_name = 'audits' AND a.initiator_type = 'app' AND a.initiator_display_name IS NOT NULL
     UNION SELECT ev.alert_id, 'sp', a.target_display_name FROM ev JOIN audits a ON a.uid = ev.uid
       WHERE ev.table_name = 'audits' AND a.target_type = 'ServicePrincipal' AND a.target_display_name IS NOT NULL
     UNION SELECT ev.alert_id, 'user', lower(x.user_id) FROM ev JOIN activities x ON x.uid = ev.uid
       WHERE ev.table_name = 'activities' AND x.user_id IS NOT NULL
     ORDER BY 1, 2, 3`,
    [sqlList(alertIds)],
  );
  for (const r of rows) {
    const a = out.get(r.alert_id);
    if (!a) continue;
    (r.kind === 'user' ? a.users : a.service_principals).push(r.name);
  }
  return out;
}
