/**
 * The Graph paths the test server answers, with what each needs: an application permission (any of those listed), a licence,
 * the request budget it draws from, the fields its $filter accepts, and its page sizes. Paths, permissions and
 * limits follow reference/graph_api_limits_permissions.md.
 */
import type { LogCollection } from './tenant-data.js';

export type Licence = 'none' | 'P1' | 'P2';

export type RouteKind =
  | { readonly type: 'log'; readonly collection: LogCollection }
  | { readonly type: 'list'; readonly resource: string }
  | { readonly type: 'single'; readonly resource: string }
  | { readonly type: 'appRoleAssignedTo' }
  | { readonly type: 'accessAssignments' }
  | { readonly type: 'federation' };

export interface Route {
  readonly pattern: RegExp;
  readonly kind: RouteKind;
  /** Application permissions any one of which allows the call. */
  readonly roles: readonly string[];
  readonly licence?: Licence;
  readonly budget?: 'reports' | 'identityProtection';
  readonly filterable: ReadonlySet<string>;
  readonly defaultTop: number;
  readonly maxTop: number;
  /** A filter this path insists on, or says it refuses, as Graph does. */
  readonly checkFilter?: (filter: string | null) => string | undefined;
}

const none = new Set<string>();
const log = (collection: LogCollection) => ({ type: 'log', collection }) as const;
const list = (resource: string) => ({ type: 'list', resource }) as const;
const single = (resource: string) => ({ type: 'single', resource }) as const;

const directory = (pattern: RegExp, kind: RouteKind, roles: string[], licence?: Licence): Route => ({
  pattern,
  kind,
  roles,
  ...(licence ? { licence } : {}),
  filterable: none,
  defaultTop: 100,
  maxTop: 999,
});

export const ROUTES: readonly Route[] = [
  {
    pattern: /^\/beta\/auditLogs\/signIns$/,
    kind: log('signIns'),
    roles: ['AuditLog.Read.All'],
    licence: 'P1',
    budget: 'reports',
    filterable: new Set(['createdDateTime', 'signInEventTypes', 'userPrincipalName', 'ipAddress']),
    defaultTop: 1000,
    maxTop: 1000,
  },
  {
    // v1.0 has no signInEventTypes: it lists interactive sign-ins only.
    pattern: /^\/v1\.0\/auditLogs\/signIns$/,
    kind: log('signIns'),
    roles: ['AuditLog.Read.All'],
    licence: 'P1',
    budget: 'reports',
    filterable: new Set(['createdDateTime', 'userPrincipalName', 'ipAddress']),
    defaultTop: 1000,
    maxTop: 1000,
  },
  {
    pattern: /^\/(v1\.0|beta)\/auditLogs\/directoryAudits$/,
    kind: log('directoryAudits'),
    roles: ['AuditLog.Read.All'],
    budget: 'reports',
    filterable: new Set(['activityDateTime', 'activityDisplayName', 'category', 'loggedByService']),
    defaultTop: 1000,
    maxTop: 1000,
  },
  {
    // Microsoft Graph security alerts_v2: SecurityAlert.Read.All; $top up to 2,000 (UNVERIFIED: the list page's limit).
    pattern: /^\/(v1\.0|beta)\/security\/alerts_v2$/,
    kind: log('securityAlerts'),
    roles: ['SecurityAlert.Read.All'],
    budget: 'reports',
    filterable: new Set(['createdDateTime', 'lastUpdateDateTime', 'severity', 'serviceSource', 'status']),
    defaultTop: 2000,
    maxTop: 2000,
  },
  {
    pattern: /^\/(v1\.0|beta)\/identityProtection\/riskDetections$/,
    kind: log('riskDetections'),
    roles: ['IdentityRiskEvent.Read.All'],
    licence: 'P2',
    budget: 'identityProtection',
    filterable: new Set(['detectedDateTime', 'activityDateTime', 'lastUpdatedDateTime', 'riskLevel']),
    defaultTop: 500,
    maxTop: 500,
  },
  {
    pattern: /^\/(v1\.0|beta)\/identityProtection\/riskyUsers$/,
    kind: log('riskyUsers'),
    roles: ['IdentityRiskyUser.Read.All'],
    licence: 'P2',
    budget: 'identityProtection',
    filterable: new Set(['riskLastUpdatedDateTime', 'riskLevel', 'riskState']),
    defaultTop: 500,
    maxTop: 500,
  },
  {
    pattern: /^\/(v1\.0|beta)\/identityProtection\/servicePrincipalRiskDetections$/,
    kind: log('servicePrincipalRiskDetections'),
    roles: ['IdentityRiskyServicePrincipal.Read.All'],
    licence: 'P2',
    budget: 'identityProtection',
    filterable: new Set(['detectedDateTime', 'activityDateTime', 'lastUpdatedDateTime', 'riskLevel']),
    defaultTop: 500,
    maxTop: 500,
  },
  {
    pattern: /^\/(v1\.0|beta)\/identityProtection\/riskyServicePrincipals$/,
    kind: log('riskyServicePrincipals'),
    roles: ['IdentityRiskyServicePrincipal.Read.All'],
    licence: 'P2',
    budget: 'identityProtection',
    filterable: new Set(['riskLastUpdatedDateTime', 'riskLevel', 'riskState']),
    defaultTop: 500,
    maxTop: 500,
  },
  {
    pattern: /^\/beta\/identityGovernance\/roleManagementAlerts\/alerts$/,
    kind: log('roleManagementAlerts'),
    roles: ['RoleManagementAlert.Read.Directory'],
    licence: 'P2',
    filterable: new Set(['scopeId', 'scopeType']),
    defaultTop: 100,
    maxTop: 100,
    checkFilter: (f) =>
      f !== null && /scopeId eq '\/'/.test(f) && /scopeType eq 'DirectoryRole'/.test(f)
        ? undefined
        : "The filter must be scopeId eq '/' and scopeType eq 'DirectoryRole'",
  },
  directory(/^\/v1\.0\/users$/, list('users'), ['User.Read.All', 'Directory.Read.All']),
  {
    ...directory(
      /^\/v1\.0\/reports\/authenticationMethods\/userRegistrationDetails$/,
      list('userRegistrationDetails'),
      ['AuditLog.Read.All'],
      'P1',
    ),
    budget: 'reports',
  },
  {
    ...directory(/^\/v1\.0\/identity\/conditionalAccess\/policies$/, list('conditionalAccessPolicies'), [
      'Policy.Read.All',
    ]),
    budget: 'identityProtection',
  },
  {
    ...directory(/^\/v1\.0\/identity\/conditionalAccess\/namedLocations$/, list('namedLocations'), ['Policy.Read.All']),
    budget: 'identityProtection',
  },
  directory(/^\/v1\.0\/policies\/identitySecurityDefaultsEnforcementPolicy$/, single('securityDefaults'), [
    'Policy.Read.All',
  ]),
  directory(/^\/v1\.0\/policies\/authenticationMethodsPolicy$/, single('authenticationMethodsPolicy'), [
    'Policy.Read.All',
  ]),
  directory(/^\/v1\.0\/policies\/authorizationPolicy$/, single('authorizationPolicy'), ['Policy.Read.All']),
  directory(/^\/v1\.0\/roleManagement\/directory\/roleDefinitions$/, list('roleDefinitions'), [
    'RoleManagement.Read.Directory',
    'Directory.Read.All',
  ]),
  directory(/^\/v1\.0\/roleManagement\/directory\/roleAssignments$/, list('roleAssignments'), [
    'RoleManagement.Read.Directory',
    'Directory.Read.All',
  ]),
  directory(
    /^\/v1\.0\/roleManagement\/directory\/roleEligibilitySchedules$/,
    list('roleEligibilitySchedules'),
    ['RoleManagement.Read.Directory'],
    'P2',
  ),
  directory(
    /^\/v1\.0\/roleManagement\/directory\/roleAssignmentScheduleInstances$/,
    list('roleAssignmentScheduleInstances'),
    ['RoleManagement.Read.Directory'],
    'P2',
  ),
  directory(/^\/v1\.0\/servicePrincipals$/, list('servicePrincipals'), ['Application.Read.All', 'Directory.Read.All']),
  directory(/^\/v1\.0\/servicePrincipals\/[^/]+\/appRoleAssignedTo$/, { type: 'appRoleAssignedTo' }, [
    'Application.Read.All',
    'Directory.Read.All',
  ]),
  directory(/^\/v1\.0\/applications$/, list('applications'), ['Application.Read.All', 'Directory.Read.All']),
  directory(/^\/v1\.0\/oauth2PermissionGrants$/, list('oauth2PermissionGrants'), ['Directory.Read.All']),
  directory(/^\/v1\.0\/domains$/, list('domains'), ['Domain.Read.All', 'Directory.Read.All']),
  directory(/^\/v1\.0\/domains\/[^/]+\/federationConfiguration$/, { type: 'federation' }, [
    'Domain.Read.All',
    'Directory.Read.All',
  ]),
  directory(/^\/v1\.0\/organization$/, list('organization'), ['Organization.Read.All', 'Directory.Read.All']),
  directory(/^\/v1\.0\/subscribedSkus$/, list('subscribedSkus'), ['Organization.Read.All', 'Directory.Read.All']),
  // When each app credential last signed in (beta report): AuditLog.Read.All and Entra ID P1.
  directory(
    /^\/beta\/reports\/appCredentialSignInActivities$/,
    list('appCredentialSignInActivities'),
    ['AuditLog.Read.All'],
    'P1',
  ),
  // GDAP: answered only in the partner's own tenant; $top up to 300 (Microsoft Graph v1.0 reference).
  {
    ...directory(/^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships$/, list('delegatedAdminRelationships'), [
      'DelegatedAdminRelationship.Read.All',
      'DelegatedAdminRelationship.ReadWrite.All',
    ]),
    defaultTop: 300,
    maxTop: 300,
  },
  {
    ...directory(
      /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\/[^/]+\/accessAssignments$/,
      { type: 'accessAssignments' },
      ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All'],
    ),
    defaultTop: 300,
    maxTop: 300,
  },
];

export function findRoute(path: string): Route | undefined {
  return ROUTES.find((r) => r.pattern.test(path));
}

/** Whether the tenant's licence covers what the route needs. */
export function licensed(have: Licence, need: Licence | undefined): boolean {
  const rank: Record<Licence, number> = { none: 0, P1: 1, P2: 2 };
  return need === undefined || rank[have] >= rank[need];
}
