/**
 * The demo tenant's directory as Graph v1.0 returns it: users (plus two emergency accounts), role definitions,
 * assignments, eligibilities and schedule instances, service principals, app registrations, domains, organisation
 * and subscriptions. When the seed-003 scenario ran, the snapshot at the end of the month shows its backdoor:
 * Global Administrator assigned permanently, outside PIM, to "Octiga Cloud Security", with the secret added.
 */
import { createHash } from 'node:crypto';
import { THIRD_PARTY } from '../catalog/apps.js';
import { ROLES } from '../catalog/roles.js';
import { EMERGENCY_ACCOUNTS } from '../scenarios/mfa-exception/story.js';
import type { SprayBackdoorTruth } from '../scenarios/spray-backdoor/index.js';
import { servicePrincipalOf, type Tenant } from '../tenant.js';

type Body = Record<string, unknown>;
const list = (value: Body[]): Body => ({ value });

/** The seed-003 backdoor as it stands in the directory, when it exists at the snapshot's time. */
export interface Backdoor {
  readonly truth: SprayBackdoorTruth;
  /** When "Add member to role" happened. */
  readonly assignedAt: string;
  /** The secret added right after ("Add service principal credentials"). */
  readonly secret: { readonly keyId: string; readonly addedAt: string };
}

/** users.json: the tenant's people and the two emergency accounts. */
export function usersBody(tenant: Tenant): Body {
  const people = tenant.users.map((u) => ({
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    userType: 'Member',
    accountEnabled: true,
    creationType: null,
    externalUserState: null,
    mail: u.userPrincipalName,
    department: u.department,
    jobTitle: u.jobTitle,
    onPremisesSyncEnabled: null,
    assignedLicenses: [{ disabledPlans: [], skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965' }],
    passwordPolicies: null,
  }));
  const emergency = EMERGENCY_ACCOUNTS.map((a) => ({
    id: a.id,
    displayName: a.displayName,
    userPrincipalName: `${a.localPart}@${tenant.domain}`,
    userType: 'Member',
    accountEnabled: true,
    creationType: null,
    externalUserState: null,
    mail: null,
    department: 'IT',
    jobTitle: 'Emergency access account',
    onPremisesSyncEnabled: null,
    assignedLicenses: [],
    passwordPolicies: 'DisablePasswordExpiration',
  }));
  return list([...people, ...emergency]);
}

/** roleDefinitions.json: the built-in roles the tenant uses (id = template id for built-ins). */
export function roleDefinitionsBody(tenant: Tenant): Body {
  return list(
    Object.values(tenant.roles).map((r) => ({
      id: r.templateId,
      templateId: r.templateId,
      displayName: r.displayName,
      isBuiltIn: true,
      isEnabled: true,
    })),
  );
}

/**
 * A stable object id from what the object is (principal and role), shaped like Graph's role assignment ids: the
 * same assignment keeps its id from one snapshot to the next, so drift sees changes, not churn.
 */
function stableId(...parts: string[]): string {
  return `${createHash('sha256').update(parts.join(':')).digest('base64url').slice(0, 43)}-1`;
}

/** roleAssignments, roleEligibilitySchedules and roleAssignmentScheduleInstances. */
export function roleBodies(tenant: Tenant, backdoor: Backdoor | undefined): Record<string, Body> {
  const assignments: Body[] = [];
  const instances: Body[] = [];
  const add = (principalId: string, roleId: string, odata: string, start: string | null) => {
    const id = stableId(principalId, roleId);
    assignments.push({
      id,
      principalId,
      roleDefinitionId: roleId,
      directoryScopeId: '/',
      principal: { '@odata.type': odata },
    });
    // Direct assignments outside PIM have no schedule: no start, no end (ScubaGear MS.AAD.7.4/7.5 read exactly that).
    instances.push({
      id,
      principalId,
      roleDefinitionId: roleId,
      directoryScopeId: '/',
      assignmentType: 'Assigned',
      memberType: 'Direct',
      startDateTime: start,
      endDateTime: null,
    });
  };
  for (const a of tenant.standingAssignments)
    add(a.principalId, ROLES[a.role].templateId, '#microsoft.graph.user', null);
  for (const e of EMERGENCY_ACCOUNTS)
    add(e.id, ROLES.globalAdmin.templateId, '#microsoft.graph.user', '2024-02-01T00:00:00Z');
  if (backdoor)
    add(
      backdoor.truth.backdoor.servicePrincipalId,
      backdoor.truth.backdoor.roleTemplateId,
      '#microsoft.graph.servicePrincipal',
      null,
    );
  const eligibility = tenant.admins.flatMap((a) =>
    a.eligibleRoles.map((role) => ({
      id: stableId('eligible', a.user.id, ROLES[role].templateId),
      principalId: a.user.id,
      roleDefinitionId: ROLES[role].templateId,
      directoryScopeId: '/',
      memberType: 'Direct',
      status: 'Provisioned',
      scheduleInfo: {
        startDateTime: '2025-03-01T00:00:00Z',
        expiration: { type: 'noExpiration', endDateTime: null, duration: null },
      },
    })),
  );
  // The attacker's fallback: the backdoor also made eligible for Global Administrator in PIM during the takeover, so
  // removing the active assignment alone would leave it one activation away. Only the directory shows it: the
  // simulated audit log has no record of its creation (PIM writes its own audit trail).
  if (backdoor)
    eligibility.push({
      id: stableId('eligible', backdoor.truth.backdoor.servicePrincipalId, backdoor.truth.backdoor.roleTemplateId),
      principalId: backdoor.truth.backdoor.servicePrincipalId,
      roleDefinitionId: backdoor.truth.backdoor.roleTemplateId,
      directoryScopeId: '/',
      memberType: 'Direct',
      status: 'Provisioned',
      scheduleInfo: {
        startDateTime: '2025-09-26T01:31:12Z',
        expiration: { type: 'noExpiration', endDateTime: null, duration: null },
      },
    });
  return {
    roleAssignments: list(assignments),
    roleEligibilitySchedules: list(eligibility),
    roleAssignmentScheduleInstances: list(instances),
  };
}

/** servicePrincipals.json and appRoleAssignments.json: the tenant's enterprise apps; Graph exposes two app roles. */
export function servicePrincipalBodies(tenant: Tenant, backdoor: Backdoor | undefined): Record<string, Body> {
  const graphRoles = [
    { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', value: 'Directory.Read.All' },
    { id: 'b0afded3-3588-46d8-8b3d-9842eff778da', value: 'AuditLog.Read.All' },
    { id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', value: 'RoleManagement.ReadWrite.Directory' },
  ];
  const graphSp = tenant.servicePrincipals.find((s) => s.appId === '00000003-0000-0000-c000-000000000000');
  const octiga = servicePrincipalOf(tenant, THIRD_PARTY.octiga);
  const sps = tenant.servicePrincipals.map((s) => ({
    id: s.id,
    appId: s.appId,
    displayName: s.displayName,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoles:
      s === graphSp ? graphRoles.map((r) => ({ ...r, allowedMemberTypes: ['Application'], isEnabled: true })) : [],
    keyCredentials: [],
    passwordCredentials:
      backdoor && s.id === octiga.id
        ? [
            {
              customKeyIdentifier: null,
              displayName: 'sync',
              endDateTime: new Date(Date.parse(backdoor.secret.addedAt) + 2 * 365 * 86_400_000).toISOString(),
              hint: 'Qx~',
              keyId: backdoor.secret.keyId,
              secretText: null,
              startDateTime: backdoor.secret.addedAt,
            },
          ]
        : [],
    owners: [],
  }));
  // Octiga reads the directory and the audit log, as a security monitoring product does (consented before the month).
  const grants = graphSp
    ? graphRoles.slice(0, 2).map((r, i) => ({
        id: `ara-octiga-${i + 1}`,
        principalType: 'ServicePrincipal',
        principalId: octiga.id,
        principalDisplayName: octiga.displayName,
        resourceId: graphSp.id,
        resourceDisplayName: graphSp.displayName,
        appRoleId: r.id,
        createdDateTime: '2025-04-14T03:12:00Z',
      }))
    : [];
  return { servicePrincipals: list(sps), appRoleAssignments: list(grants) };
}

/** applications.json: the tenant's own single-tenant line-of-business apps, each with a one-year secret. */
export function applicationsBody(tenant: Tenant): Body {
  return list(
    tenant.applications.map((a, i) => ({
      id: a.id,
      appId: a.appId,
      displayName: a.displayName,
      signInAudience: 'AzureADMyOrg',
      servicePrincipalLockConfiguration: null,
      keyCredentials: [],
      passwordCredentials: [
        {
          customKeyIdentifier: null,
          displayName: 'prod',
          endDateTime: `2026-0${i + 2}-01T00:00:00Z`,
          hint: 'k3P',
          keyId: `0c0ffee${i}-0000-4000-8000-000000000000`,
          secretText: null,
          startDateTime: `2025-0${i + 2}-01T00:00:00Z`,
        },
      ],
      owners: [],
    })),
  );
}

/** domains.json, organization.json and subscribedSkus.json. */
export function tenantBodies(tenant: Tenant): Record<string, Body> {
  return {
    domains: list([
      {
        id: tenant.domain,
        authenticationType: 'Managed',
        isDefault: true,
        isInitial: false,
        isVerified: true,
        supportedServices: ['Email', 'OfficeCommunicationsOnline'],
      },
      {
        id: 'contosodemo.onmicrosoft.com',
        authenticationType: 'Managed',
        isDefault: false,
        isInitial: true,
        isVerified: true,
        supportedServices: ['Email'],
      },
    ]),
    organization: list([
      {
        id: tenant.id,
        displayName: tenant.displayName,
        countryLetterCode: 'SG',
        verifiedDomains: [
          { name: tenant.domain, isDefault: true, isInitial: false, type: 'Managed', capabilities: 'Email' },
        ],
      },
    ]),
    subscribedSkus: list([
      {
        id: `${tenant.id}_05e9a617-0261-4cee-bb44-138d3ef5d965`,
        skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965',
        skuPartNumber: 'SPE_E3',
        capabilityStatus: 'Enabled',
        consumedUnits: tenant.users.length,
        prepaidUnits: { enabled: 550, suspended: 0, warning: 0 },
        servicePlans: [
          {
            servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
            servicePlanName: 'AAD_PREMIUM',
            provisioningStatus: 'Success',
            appliesTo: 'User',
          },
          {
            servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
            servicePlanName: 'EXCHANGE_S_ENTERPRISE',
            provisioningStatus: 'Success',
            appliesTo: 'User',
          },
        ],
      },
    ]),
  };
}
