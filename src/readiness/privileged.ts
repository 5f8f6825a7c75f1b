/**
 * Which service principals are privileged: they hold a privileged directory role (roleAssignments of the snapshot,
 * resolved through roleDefinitions: Graph's isPrivileged flag, or a privileged role of core/directory-roles.ts) or
 * a high-privilege application permission (appRoleAssignments resolved through the resource's appRoles). A secret on such an app is
 * a tenant-admin password with no MFA in front of it.
 */
import { isPrivilegedRoleName } from '../core/directory-roles.js';
import { type GraphObject, nonEmptyStr, objs } from '../snapshot/graph-object.js';

// Application permissions that let an app take over the tenant or read its mail (ours, not a Microsoft list):
// role and permission management, directory and credential writes, mail access (the Storm-0558 target).
const HIGH_PRIVILEGE_APP_ROLES = new Set(
  [
    'RoleManagement.ReadWrite.Directory',
    'AppRoleAssignment.ReadWrite.All',
    'Application.ReadWrite.All',
    'Application.ReadWrite.OwnedBy',
    'Directory.ReadWrite.All',
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'GroupMember.ReadWrite.All',
    'UserAuthenticationMethod.ReadWrite.All',
    'Policy.ReadWrite.ConditionalAccess',
    'Policy.ReadWrite.AuthenticationMethod',
    'Domain.ReadWrite.All',
    'Mail.Read',
    'Mail.ReadWrite',
    'Mail.Send',
    'MailboxSettings.ReadWrite',
    'full_access_as_app',
    'Files.ReadWrite.All',
    'Sites.FullControl.All',
    'Sites.ReadWrite.All',
  ].map((r) => r.toLowerCase()),
);

/** Why a principal is privileged: role names and permission values. */
export type PrivilegeMap = ReadonlyMap<string, readonly string[]>;

/** The snapshot resources privilege is read from. */
export interface PrivilegeInputs {
  readonly servicePrincipals: readonly GraphObject[];
  readonly roleDefinitions: readonly GraphObject[];
  readonly roleAssignments: readonly GraphObject[];
  readonly appRoleAssignments: readonly GraphObject[];
}

/** Service principal object id -> the privileged roles and permissions it holds. */
export function privilegedPrincipals(input: PrivilegeInputs): PrivilegeMap {
  const out = new Map<string, string[]>();
  const add = (id: string | undefined, why: string) => {
    if (id === undefined) return;
    const list = out.get(id) ?? [];
    if (!list.includes(why)) list.push(why);
    out.set(id, list);
  };
  const roles = new Map<string, GraphObject>();
  for (const d of input.roleDefinitions) {
    for (const k of [nonEmptyStr(d, 'id'), nonEmptyStr(d, 'templateId')]) if (k !== undefined) roles.set(k, d);
  }
  for (const a of input.roleAssignments) {
    const def = roles.get(nonEmptyStr(a, 'roleDefinitionId') ?? '');
    const name = def === undefined ? undefined : nonEmptyStr(def, 'displayName');
    if (def === undefined || name === undefined) continue;
    if (def.isPrivileged === true || isPrivilegedRoleName(name)) add(nonEmptyStr(a, 'principalId'), name);
  }
  const appRoles = new Map<string, string>();
  for (const sp of input.servicePrincipals) {
    for (const r of objs(sp, 'appRoles')) {
      const id = nonEmptyStr(r, 'id');
      const value = nonEmptyStr(r, 'value');
      if (id !== undefined && value !== undefined) appRoles.set(`${nonEmptyStr(sp, 'id')}/${id}`, value);
    }
  }
  for (const a of input.appRoleAssignments) {
    const value = appRoles.get(`${nonEmptyStr(a, 'resourceId')}/${nonEmptyStr(a, 'appRoleId')}`);
    if (value !== undefined && HIGH_PRIVILEGE_APP_ROLES.has(value.toLowerCase()))
      add(nonEmptyStr(a, 'principalId'), value);
  }
  return out;
}
