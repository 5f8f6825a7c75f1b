import { toIsoUtc } from '../core/time.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import type { FootprintSubject } from './footprint-model.js';

/**
 * The first suspicious event for a subject: the earliest alert that names it (as user, service principal or
 * address). Null when no alert names it; the footprint then starts at the beginning of the data.
 */
export async function firstSuspicious(
  ws: Workspace,
  subject: FootprintSubject,
  names: string[],
): Promise<string | null> {
  const field = subject.kind === 'user' ? 'users' : subject.kind === 'sp' ? 'service_principals' : 'ips';
  const at = await ws.scalar(
    `SELECT min(first_seen) FROM alerts
     WHERE list_has_any(CAST(json_extract_string(entities, '$.${field}[*]') AS VARCHAR[]), $1::VARCHAR[])`,
    [sqlList(names)],
  );
  return toIsoUtc(at as Date | null);
}

/** Every address an alert names: the footprint marks sign-ins from them. */
export async function alertIps(ws: Workspace): Promise<string[]> {
  const rows = await ws.all<{ ip: string }>(
    `SELECT DISTINCT unnest(CAST(json_extract_string(entities, '$.ips[*]') AS VARCHAR[])) AS ip FROM alerts ORDER BY ip`,
  );
  return rows.map((r) => r.ip);
}

/**
 * A service principal named on the command line by object id, app id or display name, resolved against what the
 * logs say about it. Returns its display name and object id where known.
 */
export async function resolveServicePrincipal(
  ws: Workspace,
  idOrName: string,
): Promise<{ name: string; id: string | null } | null> {
  const row = await ws.one<{ name: string | null; id: string | null }>(
    `SELECT any_value(name) AS name, any_value(id) AS id FROM (
       SELECT target_display_name AS name, target_id AS id FROM audits
         WHERE target_type = 'ServicePrincipal' AND (target_id = $1 OR lower(target_display_name) = lower($1))
       UNION ALL SELECT initiator_display_name, initiator_sp_id FROM audits
         WHERE initiator_type = 'app' AND (initiator_sp_id = $1 OR initiator_app_id = $1 OR lower(initiator_display_name) = lower($1))
       UNION ALL SELECT service_principal_name, service_principal_id FROM signins
         WHERE service_principal_id = $1 OR app_id = $1 OR lower(service_principal_name) = lower($1)
     ) WHERE name IS NOT NULL`,
    [idOrName],
  );
  if (!row || row.name === null) return null;
  return { name: row.name, id: row.id };
}
