/**
 * The configuration a snapshot reads (`premortem collect --config`), one resource per file of the snapshot folder
 * (`users.json`, `conditionalAccessPolicies.json`, ...: the names issue 5 fixes, which posture checks read).
 * Lists are read through every page; per-object lists (app role assignments, federation settings) are read for the
 * objects that can have them. Permissions: the least privileged application permission Graph documents for each.
 */
import type { BudgetClass } from './budget.js';
import type { GraphRecord } from './endpoints/types.js';

export interface ConfigResource {
  /** The file name without ".json" and the `resource` of its rows in `snapshots`. */
  readonly name: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  /** One object (a policy), not a list. */
  readonly single?: boolean;
  readonly budget: BudgetClass;
  readonly permissions: readonly string[];
  readonly licence?: string;
  /** Asked for instead when the tenant lacks the licence for the first query (users without signInActivity). */
  readonly unlicensedQuery?: Readonly<Record<string, string | number>>;
}

/** A list read once per object of another resource; its items are stored under this resource's name. */
export interface PerObjectResource {
  readonly name: string;
  readonly of: string;
  /** Which objects of `of` can have items (reading all would cost one request per object). */
  readonly applies: (parent: GraphRecord) => boolean;
  readonly path: (parent: GraphRecord) => string;
  /** Items that do not name their parent get it under this annotation. */
  readonly parentAnnotation?: string;
  readonly permissions: readonly string[];
}

const USER_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'userType',
  'accountEnabled',
  'createdDateTime',
  'creationType',
  'externalUserState',
  'mail',
  'department',
  'jobTitle',
  'onPremisesSyncEnabled',
  'assignedLicenses',
  'lastPasswordChangeDateTime',
  'passwordPolicies',
].join(',');

export const CONFIG_RESOURCES: readonly ConfigResource[] = [
  {
    name: 'users',
    path: '/v1.0/users',
    // signInActivity needs P1/P2 and has its own budget (10 requests a minute) and a smaller page: $top=500
    // (reference/graph_api_limits_permissions.md, Throttling).
    query: { $select: `${USER_FIELDS},signInActivity`, $top: 500 },
    unlicensedQuery: { $select: USER_FIELDS, $top: 999 },
    budget: 'signInActivity',
    permissions: ['User.Read.All', 'AuditLog.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2 (for signInActivity)',
  },
  {
    name: 'userRegistrationDetails',
    path: '/v1.0/reports/authenticationMethods/userRegistrationDetails',
    budget: 'reports',
    permissions: ['AuditLog.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2',
  },
  {
    name: 'conditionalAccessPolicies',
    path: '/v1.0/identity/conditionalAccess/policies',
    budget: 'identityProtection',
    permissions: ['Policy.Read.All'],
  },
  {
    name: 'namedLocations',
    path: '/v1.0/identity/conditionalAccess/namedLocations',
    budget: 'identityProtection',
    permissions: ['Policy.Read.All'],
  },
  {
    name: 'securityDefaults',
    path: '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy',
    single: true,
    budget: 'directory',
    permissions: ['Policy.Read.All'],
  },
  {
    name: 'authenticationMethodsPolicy',
    path: '/v1.0/policies/authenticationMethodsPolicy',
    single: true,
    budget: 'directory',
    permissions: ['Policy.Read.All'],
  },
  {
    name: 'authorizationPolicy',
    path: '/v1.0/policies/authorizationPolicy',
    single: true,
    budget: 'directory',
    permissions: ['Policy.Read.All'],
  },
  {
    name: 'roleDefinitions',
    path: '/v1.0/roleManagement/directory/roleDefinitions',
    budget: 'directory',
    permissions: ['RoleManagement.Read.Directory'],
  },
  {
    name: 'roleAssignments',
    path: '/v1.0/roleManagement/directory/roleAssignments',
    budget: 'directory',
    permissions: ['RoleManagement.Read.Directory'],
  },
  {
    name: 'roleEligibilitySchedules',
    path: '/v1.0/roleManagement/directory/roleEligibilitySchedules',
    budget: 'directory',
    permissions: ['RoleManagement.Read.Directory'],
    licence: 'Microsoft Entra ID P2 (PIM)',
  },
  {
    name: 'roleAssignmentScheduleInstances',
    path: '/v1.0/roleManagement/directory/roleAssignmentScheduleInstances',
    budget: 'directory',
    permissions: ['RoleManagement.Read.Directory'],
    licence: 'Microsoft Entra ID P2 (PIM)',
  },
  {
    name: 'servicePrincipals',
    path: '/v1.0/servicePrincipals',
    // keyCredentials and passwordCredentials come with the object; owners need $expand (Graph expands 20 at most).
    query: { $expand: 'owners' },
    budget: 'directory',
    permissions: ['Application.Read.All'],
  },
  {
    name: 'applications',
    path: '/v1.0/applications',
    query: { $expand: 'owners' },
    budget: 'directory',
    permissions: ['Application.Read.All'],
  },
  {
    name: 'oauth2PermissionGrants',
    path: '/v1.0/oauth2PermissionGrants',
    budget: 'directory',
    permissions: ['Directory.Read.All'],
  },
  { name: 'domains', path: '/v1.0/domains', budget: 'directory', permissions: ['Domain.Read.All'] },
  { name: 'organization', path: '/v1.0/organization', budget: 'directory', permissions: ['Organization.Read.All'] },
  { name: 'subscribedSkus', path: '/v1.0/subscribedSkus', budget: 'directory', permissions: ['Organization.Read.All'] },
  {
    // When each app credential (secret or certificate) was last used to sign in: readiness tells a dormant
    // credential, a persistence risk, from one in use. Beta only; reports a key by keyId with its appId.
    name: 'appCredentialSignInActivities',
    path: '/beta/reports/appCredentialSignInActivities',
    budget: 'directory',
    permissions: ['AuditLog.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2',
  },
];

export const PER_OBJECT_RESOURCES: readonly PerObjectResource[] = [
  {
    // Who holds the app roles a service principal exposes. Application permissions on Microsoft Graph are app role
    // assignments to its service principal: the grants a backdoor app needs (seed 003). Only principals that
    // expose app roles can have them.
    name: 'appRoleAssignments',
    of: 'servicePrincipals',
    applies: (sp) => Array.isArray(sp.appRoles) && sp.appRoles.length > 0,
    path: (sp) => `/v1.0/servicePrincipals/${encodeURIComponent(String(sp.id))}/appRoleAssignedTo`,
    permissions: ['Application.Read.All'],
  },
  {
    // A federated domain trusts tokens signed by its issuer: a rogue federation is a tenant takeover.
    name: 'federationConfigurations',
    of: 'domains',
    applies: (d) => String(d.authenticationType ?? '').toLowerCase() === 'federated',
    path: (d) => `/v1.0/domains/${encodeURIComponent(String(d.id))}/federationConfiguration`,
    parentAnnotation: '@premortem.domainId',
    permissions: ['Domain.Read.All'],
  },
];

/** Every file a snapshot folder can hold, by resource name. */
export const SNAPSHOT_RESOURCE_NAMES: readonly string[] = [
  ...CONFIG_RESOURCES.map((r) => r.name),
  ...PER_OBJECT_RESOURCES.map((r) => r.name),
];
