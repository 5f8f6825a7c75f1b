/**
 * Partner access review, from inside the customer tenant: the service principals of apps another organisation owns
 * (a partner's, a managed service provider's tools) with every directory role, application permission and delegated
 * grant they hold, the directory audit events that changed a partner relationship (`Partner` / `PartnerCenter`
 * activities), and findings for partner access that is over-privileged or stale. Seed 003's backdoor was a
 * partner-named service principal made Global Administrator outside PIM; its victim asked its partner to review
 * exactly this.
 *
 * GDAP relationships themselves (delegatedAdminRelationships and their access assignments) are readable only from
 * the partner's own tenant (DelegatedAdminRelationship.Read.All there); docs/fleet.md says how that fits.
 */
import { isPrivilegedRoleId, roleById } from '../core/directory-roles.js';
import type { ConfigSnapshot } from '../snapshot/config-snapshot.js';
import { type GraphObject, nonEmptyStr, obj, objs, str } from '../snapshot/graph-object.js';
import type { Workspace } from '../store/workspace.js';

/** Organisations whose apps are Microsoft's own first-party services, not a partner's. */
const MICROSOFT_ORGS = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);

/**
 * Application permissions and delegated scopes that reach a tenant administrator or every mailbox: held by a
 * partner's app, they are the partner's standing admin access whatever its GDAP roles say.
 */
const HIGH_RISK_PERMISSIONS = new Set([
  'Directory.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'AppRoleAssignment.ReadWrite.All',
  'Application.ReadWrite.All',
  'User.ReadWrite.All',
  'Domain.ReadWrite.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Mail.ReadWrite',
  'Mail.Send',
  'full_access_as_app',
  'Files.ReadWrite.All',
  'Sites.FullControl.All',
]);

/** No sign-in with any of the app's credentials in this long: access nobody uses is access to remove. */
export const STALE_DAYS = 90;

/** Directory audit activities that add, change or remove a partner relationship (content/rules: partner-relationship-changed). */
export const PARTNER_ACTIVITIES = [
  'Add partner to company',
  'Remove partner from company',
  'Set Partnership',
  'Add a partner to cross-tenant access setting',
  'Update a partner cross-tenant access setting',
  'Create a partner cross-tenant identity sync setting',
];

export interface PartnerPrincipal {
  readonly id: string;
  readonly appId: string | null;
  readonly name: string;
  readonly ownerOrganization: string;
  readonly directoryRoles: readonly { readonly id: string; readonly name: string; readonly privileged: boolean }[];
  readonly appPermissions: readonly string[];
  readonly delegatedScopes: readonly string[];
  /** The newest sign-in of any of its credentials, null when none is recorded, undefined when it is not known. */
  readonly lastSignIn: string | null | undefined;
}

export interface PartnerFinding {
  readonly kind: 'over-privileged' | 'stale';
  readonly principal: { readonly id: string; readonly appId: string | null; readonly name: string };
  readonly detail: string;
}

export interface PartnerEvent {
  readonly uid: string;
  readonly at: string;
  readonly activity: string;
  readonly by: string | null;
}

export interface PartnerReview {
  readonly principals: readonly PartnerPrincipal[];
  readonly events: readonly PartnerEvent[];
  readonly findings: readonly PartnerFinding[];
}

const list = (s: ConfigSnapshot, name: string) => s.resources.get(name) ?? [];

/** The partner principals of a snapshot and the findings about them. */
export function reviewPartnerAccess(
  snapshot: ConfigSnapshot,
  tenantId: string,
  events: readonly PartnerEvent[],
  now: number,
): PartnerReview {
  const sps = list(snapshot, 'servicePrincipals');
  const spById = new Map(sps.map((sp) => [str(sp, 'id') ?? '', sp]));
  const activities = snapshot.resources.get('appCredentialSignInActivities');
  const principals: PartnerPrincipal[] = [];
  for (const sp of sps) {
    const owner = nonEmptyStr(sp, 'appOwnerOrganizationId')?.toLowerCase();
    if (owner === undefined || owner === tenantId.toLowerCase() || MICROSOFT_ORGS.has(owner)) continue;
    const id = str(sp, 'id') ?? '';
    const appId = nonEmptyStr(sp, 'appId') ?? null;
    principals.push({
      id,
      appId,
      name: str(sp, 'displayName') ?? id,
      ownerOrganization: owner,
      directoryRoles: list(snapshot, 'roleAssignments')
        .filter((a) => str(a, 'principalId') === id)
        .map((a) => {
          const roleId = str(a, 'roleDefinitionId') ?? '';
          return { id: roleId, name: roleById(roleId)?.name ?? roleId, privileged: isPrivilegedRoleId(roleId) };
        }),
      appPermissions: appPermissionsOf(id, snapshot, spById),
      delegatedScopes: list(snapshot, 'oauth2PermissionGrants')
        .filter((g) => str(g, 'clientId') === id)
        .flatMap((g) => (str(g, 'scope') ?? '').split(/\s+/).filter(Boolean)),
      lastSignIn: activities === undefined ? undefined : lastUse(activities, appId),
    });
  }
  const findings: PartnerFinding[] = [];
  for (const p of principals) {
    const principal = { id: p.id, appId: p.appId, name: p.name };
    const risky = [
      ...p.directoryRoles.filter((r) => r.privileged).map((r) => `directory role ${r.name}`),
      ...[...p.appPermissions, ...p.delegatedScopes].filter((x) => HIGH_RISK_PERMISSIONS.has(x)),
    ];
    if (risky.length > 0)
      findings.push({ kind: 'over-privileged', principal, detail: `partner app holds ${risky.join(', ')}` });
    const holds = p.directoryRoles.length + p.appPermissions.length + p.delegatedScopes.length > 0;
    if (holds && p.lastSignIn !== undefined) {
      const days = p.lastSignIn === null ? null : Math.floor((now - Date.parse(p.lastSignIn)) / 86_400_000);
      if (days === null || days > STALE_DAYS)
        findings.push({
          kind: 'stale',
          principal,
          detail:
            days === null
              ? 'partner app holds access and none of its credentials has signed in'
              : `partner app holds access and last signed in ${days} days ago (more than ${STALE_DAYS})`,
        });
    }
  }
  return { principals, events, findings };
}

/** "Resource: permission" for every app role assigned to the principal, named by the resource's appRoles. */
function appPermissionsOf(id: string, snapshot: ConfigSnapshot, spById: ReadonlyMap<string, GraphObject>): string[] {
  const out: string[] = [];
  for (const a of list(snapshot, 'appRoleAssignments')) {
    if (str(a, 'principalId') !== id) continue;
    const resource = spById.get(str(a, 'resourceId') ?? '');
    const roleId = str(a, 'appRoleId');
    const role = objs(resource, 'appRoles').find((r) => str(r, 'id') === roleId);
    out.push(str(role, 'value') ?? roleId ?? 'unknown app role');
  }
  return out;
}

function lastUse(activities: readonly GraphObject[], appId: string | null): string | null {
  if (appId === null) return null;
  const times = activities
    .filter((a) => str(a, 'appId') === appId)
    .map((a) => str(obj(a, 'signInActivity'), 'lastSignInDateTime'))
    .filter((t): t is string => t !== undefined)
    .sort();
  return times.at(-1) ?? null;
}

/** The stored directory audit events of partner relationships, oldest first. */
export async function partnerEvents(ws: Workspace): Promise<PartnerEvent[]> {
  const rows = await ws.all<{ uid: string; at: string; activity: string; by: string | null }>(
    `SELECT uid, strftime(activity_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS at, activity,
            coalesce(initiator_upn, initiator_display_name, initiator_app_id) AS by
       FROM audits WHERE lower(activity) IN (SELECT lower(unnest($1::VARCHAR[]))) ORDER BY activity_at, uid`,
    [PARTNER_ACTIVITIES],
  );
  return rows.map((r) => ({ uid: r.uid, at: r.at, activity: r.activity, by: r.by }));
}
