import type { Workspace } from '../store/workspace.js';
import type { FootprintIdentity } from './footprint-model.js';

/** A directory audit row as the footprint reads it. */
export interface AuditRow {
  uid: string;
  at: Date;
  activity: string;
  activity_key: string;
  result: string | null;
  correlation_id: string | null;
  initiator: string | null;
  initiator_ip: string | null;
  target_id: string | null;
  target_type: string | null;
  target_name: string | null;
  target_upn: string | null;
  role_name: string | null;
}

const AUDIT_SELECT = `SELECT uid, activity_at AS at, activity, activity_key, result, correlation_id,
  coalesce(initiator_upn, initiator_display_name, initiator_ip) AS initiator, initiator_ip, target_id, target_type,
  target_display_name AS target_name, target_upn, role_name FROM audits`;

function sinceParam(i: FootprintIdentity): string {
  return i.since ?? '1970-01-01T00:00:00Z';
}

/** DuckDB refuses parameters a statement does not use: pass the object id only where the filter names $3. */
function params(since: string, i: FootprintIdentity, where: string): string[] {
  return where.includes('$3') ? [since, i.name, i.id ?? ''] : [since, i.name];
}

/** Directory changes the identity initiated since it was followed. */
export function auditsBy(ws: Workspace, i: FootprintIdentity): Promise<AuditRow[]> {
  const where =
    i.kind === 'user'
      ? 'initiator_upn = $2'
      : i.kind === 'sp'
        ? `(initiator_sp_id = $3 OR (initiator_type = 'app' AND initiator_display_name = $2))`
        : 'initiator_ip = $2';
  return ws.all<AuditRow>(
    `${AUDIT_SELECT} WHERE activity_at >= $1::TIMESTAMPTZ AND ${where} ORDER BY activity_at, uid`,
    params(sinceParam(i), i, where),
  );
}

/** Directory changes made to the identity by anyone else (how a service principal got its role and secret). */
export function auditsOn(ws: Workspace, i: FootprintIdentity, since: string | null): Promise<AuditRow[]> {
  if (i.kind === 'ip') return Promise.resolve([]);
  const where =
    i.kind === 'user'
      ? "target_upn = $2 AND coalesce(initiator_upn, '') <> $2"
      : `(target_id = $3 OR (target_type = 'ServicePrincipal' AND target_display_name = $2))
         AND coalesce(initiator_sp_id, '') <> $3 AND coalesce(initiator_display_name, '') <> $2`;
  return ws.all<AuditRow>(
    `${AUDIT_SELECT} WHERE activity_at >= $1::TIMESTAMPTZ AND ${where} ORDER BY activity_at, uid`,
    params(since ?? '1970-01-01T00:00:00Z', i, where),
  );
}

/** A sign-in row as the footprint groups it. */
export interface SigninRow {
  uid: string;
  at: Date;
  who: string | null;
  sp_id: string | null;
  ip: string | null;
  country: string | null;
  client_app: string | null;
  app: string | null;
  ok: boolean;
}

/** Sign-ins of the identity (for an address: every sign-in from it) since it was followed. */
export function signinsOf(ws: Workspace, i: FootprintIdentity): Promise<SigninRow[]> {
  const where =
    i.kind === 'user'
      ? 'user_principal_name = $2'
      : i.kind === 'sp'
        ? '(service_principal_id = $3 OR service_principal_name = $2)'
        : 'ip_address = $2';
  return ws.all<SigninRow>(
    `SELECT uid, created_at AS at, coalesce(user_principal_name, service_principal_name) AS who,
            service_principal_id AS sp_id, ip_address AS ip, country, client_app,
            coalesce(resource_display_name, app_display_name) AS app, error_code = 0 AS ok
     FROM signins WHERE created_at >= $1::TIMESTAMPTZ AND ${where} ORDER BY created_at, uid`,
    params(sinceParam(i), i, where),
  );
}

/** A unified audit log row (mailbox rules, forwarding, mail access). */
export interface ActivityRow {
  uid: string;
  at: Date;
  operation: string;
  operation_key: string;
  actor: string | null;
  client_ip: string | null;
  object_id: string | null;
  mailbox_owner: string | null;
  result: string | null;
  parameters: string | null;
}

/** Unified audit log operations by the identity (by an address: from it) since it was followed. */
export function activitiesOf(ws: Workspace, i: FootprintIdentity): Promise<ActivityRow[]> {
  const where =
    i.kind === 'ip' ? 'client_ip = $2' : i.kind === 'user' ? 'user_id = $2' : '(app_id = $3 OR user_id = $2)';
  return ws.all<ActivityRow>(
    `SELECT uid, created_at AS at, operation, operation_key, user_id AS actor, client_ip, object_id,
            mailbox_owner_upn AS mailbox_owner, result_status AS result, parameters
     FROM activities WHERE created_at >= $1::TIMESTAMPTZ AND ${where} ORDER BY created_at, uid`,
    params(sinceParam(i), i, where),
  );
}
