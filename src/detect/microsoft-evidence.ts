import { type ObjectRef, objectRef } from '../core/objects.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function parseList(json: unknown): Obj[] {
  if (typeof json !== 'string' || json.trim() === '') return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter(isObj) : [];
  } catch {
    return [];
  }
}

/** A user named by an alert's evidence: Graph's userAccount, a SecurityAlert account entity, an AlertEvidence row. */
function user(id: unknown, upn: unknown, name: unknown): ObjectRef | undefined {
  const u = text(upn);
  return objectRef('user', text(id) ?? u, text(name) ?? u, { upn: u });
}

/** An OAuth application: by its service principal (object id) where given, else by its app id. */
function oauthApp(objectId: unknown, appId: unknown, name: unknown): ObjectRef | undefined {
  return text(objectId) !== undefined
    ? objectRef('service_principal', objectId, name, { app_id: appId })
    : objectRef('application', appId, name, { app_id: appId });
}

/**
 * The objects one evidence item names. Graph alerts_v2 evidence (@odata.type #microsoft.graph.security.userEvidence,
 * ipEvidence, mailboxEvidence, oauthApplicationEvidence, cloudApplicationEvidence, deviceEvidence, ...) and
 * SecurityAlert entities (Type account, ip, mailbox, cloud-application, host, ...). UNVERIFIED: the SecurityAlert
 * entity field names (AadUserId, UPNSuffix, Address, MailboxPrimaryAddress, AppId, OAuthAppId, OAuthObjectId), written
 * from Sentinel's entity reference as remembered; an unknown kind of item names nothing.
 */
function itemObjects(e: Obj): (ObjectRef | undefined)[] {
  const kind = String(e['@odata.type'] ?? e.Type ?? '')
    .replace(/^#?microsoft\.graph\.security\./i, '')
    .toLowerCase();
  const account = isObj(e.userAccount) ? e.userAccount : undefined;
  switch (kind) {
    case 'userevidence':
      return [user(account?.azureAdUserId, account?.userPrincipalName, account?.displayName ?? account?.accountName)];
    case 'mailboxevidence':
      return [user(account?.azureAdUserId, e.primaryAddress ?? account?.userPrincipalName, e.displayName)];
    case 'ipevidence':
      return [objectRef('ip', e.ipAddress, e.ipAddress)];
    case 'oauthapplicationevidence':
      return [oauthApp(e.objectId, e.appId, e.displayName)];
    case 'cloudapplicationevidence':
      return [];
    case 'account': {
      const upn =
        text(e.UPNSuffix) && text(e.Name) ? `${text(e.Name)}@${text(e.UPNSuffix)}` : (e.UserPrincipalName ?? undefined);
      return [user(e.AadUserId ?? e.ObjectGuid, upn, e.DisplayName ?? e.Name)];
    }
    case 'mailbox':
      return [user(e.AadId, e.MailboxPrimaryAddress ?? e.Upn, e.DisplayName)];
    case 'ip':
      return [objectRef('ip', e.Address, e.Address)];
    case 'oauth-application':
      return [oauthApp(e.OAuthObjectId, e.OAuthAppId ?? e.AppId, e.Name)];
    default:
      return [];
  }
}

/** The objects a stored evidence collection (alerts_v2 evidence or SecurityAlert Entities, JSON text) names. */
export function evidenceObjects(evidenceJson: unknown): (ObjectRef | undefined)[] {
  return parseList(evidenceJson).flatMap(itemObjects);
}

/** The objects one AlertEvidence row names, by its EntityType. */
export function evidenceRowObjects(r: Record<string, unknown>): (ObjectRef | undefined)[] {
  const type = String(r.entity_type ?? '').toLowerCase();
  if (type === 'user' || type === 'mailbox') return [user(r.account_object_id, r.account_upn, r.account_name)];
  if (type === 'ip') return [objectRef('ip', r.remote_ip, r.remote_ip)];
  if (type === 'oauthapplication') return [oauthApp(undefined, r.oauth_application_id, r.application)];
  return [];
}
