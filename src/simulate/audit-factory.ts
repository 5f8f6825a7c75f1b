/**
 * Builds Graph v1.0 directoryAudit records and their parts (initiators, targets, role properties), with the key
 * order Graph uses. modifiedProperties values are JSON-encoded text, as Graph writes them: a role name arrives as
 * "\"Global Administrator\"", not as a plain string.
 */
import { graphTicks } from './calendar.js';
import type { GraphDirectoryAudit, GraphInitiator, GraphModifiedProperty, GraphTargetResource } from './graph-types.js';
import type { Rng } from './random.js';
import type { TenantRole, TenantServicePrincipal, TenantUser } from './tenant.js';

/** Services that log the simulated activities (Graph loggedByService). */
export type AuditService = 'Core Directory' | 'PIM' | 'Self-service Password Management';

/** What a generator says about one audit record. */
export interface AuditSpec {
  readonly at: number;
  readonly service: AuditService;
  readonly category: 'RoleManagement' | 'UserManagement' | 'GroupManagement' | 'ApplicationManagement';
  readonly activity: string;
  readonly operationType: 'Add' | 'Assign' | 'Unassign' | 'Update' | 'Delete' | 'Other';
  readonly initiatedBy: GraphInitiator;
  readonly targets: GraphTargetResource[];
  readonly result?: 'success' | 'failure';
  readonly resultReason?: string;
  readonly additionalDetails?: { key: string; value: string }[];
  readonly correlationId?: string;
}

/** Builds one directory audit record. */
export function makeAudit(rng: Rng, spec: AuditSpec): GraphDirectoryAudit {
  const correlationId = spec.correlationId ?? rng.uuid();
  return {
    id: auditId(rng, spec.service, correlationId),
    category: spec.category,
    correlationId,
    result: spec.result ?? 'success',
    resultReason: spec.resultReason ?? '',
    activityDisplayName: spec.activity,
    activityDateTime: graphTicks(spec.at, rng.int(0, 9999)),
    loggedByService: spec.service,
    operationType: spec.operationType,
    initiatedBy: spec.initiatedBy,
    targetResources: spec.targets,
    additionalDetails: spec.additionalDetails ?? [],
  };
}

/**
 * Core Directory ids look like "Directory_<correlationId>_<5 letters>_<number>" in real exports
 * (shared/data/otrf-golden-saml); for the other services a plain GUID is used (their real shape is unverified).
 */
function auditId(rng: Rng, service: AuditService, correlationId: string): string {
  if (service === 'Core Directory')
    return `Directory_${correlationId}_${rng.letters(5)}_${rng.int(100000000, 999999999)}`;
  return rng.uuid();
}

/** initiatedBy for a person acting from an address. */
export function byUser(user: TenantUser, ipAddress: string | null): GraphInitiator {
  return {
    user: { id: user.id, displayName: null, userPrincipalName: user.userPrincipalName, ipAddress },
    app: null,
  };
}

/**
 * initiatedBy for an application (MS-PIM, or a service principal using its own credential). Core Directory leaves
 * appId and servicePrincipalName null here and names the app by displayName and servicePrincipalId (public Sentinel
 * samples of "Add member to role" by MS-PIM and by other apps): detections must key on those two.
 */
export function byApp(sp: TenantServicePrincipal): GraphInitiator {
  return {
    user: null,
    app: { appId: null, displayName: sp.displayName, servicePrincipalId: sp.id, servicePrincipalName: null },
  };
}

/** A user as a target. */
export function userTarget(user: TenantUser, modifiedProperties: GraphModifiedProperty[] = []): GraphTargetResource {
  return {
    id: user.id,
    displayName: null,
    type: 'User',
    userPrincipalName: user.userPrincipalName,
    groupType: null,
    modifiedProperties,
  };
}

/** A service principal as a target. */
export function servicePrincipalTarget(
  sp: TenantServicePrincipal,
  modifiedProperties: GraphModifiedProperty[] = [],
): GraphTargetResource {
  return {
    id: sp.id,
    displayName: sp.displayName,
    type: 'ServicePrincipal',
    userPrincipalName: null,
    groupType: null,
    modifiedProperties,
  };
}

/** Any other target (role, group, application, PIM request). */
export function otherTarget(
  type: GraphTargetResource['type'],
  id: string,
  displayName: string | null,
  modifiedProperties: GraphModifiedProperty[] = [],
): GraphTargetResource {
  return { id, displayName, type, userPrincipalName: null, groupType: null, modifiedProperties };
}

/** A changed property; values are JSON-encoded (null stays null). */
export function changed(displayName: string, oldValue: unknown, newValue: unknown): GraphModifiedProperty {
  return {
    displayName,
    oldValue: oldValue === null ? null : JSON.stringify(oldValue),
    newValue: newValue === null ? null : JSON.stringify(newValue),
  };
}

/**
 * The four Role.* properties Core Directory writes on "Add member to role" (old null, new set) and on
 * "Remove member from role" (old set, new null).
 */
export function roleMembership(role: TenantRole, direction: 'add' | 'remove'): GraphModifiedProperty[] {
  const values: [string, string][] = [
    ['Role.ObjectID', role.objectId],
    ['Role.DisplayName', role.displayName],
    ['Role.TemplateId', role.templateId],
    ['Role.WellKnownObjectName', role.wellKnownObjectName],
  ];
  return values.map(([name, value]) => (direction === 'add' ? changed(name, null, value) : changed(name, value, null)));
}

/**
 * An administrator's password reset as Entra logs it: Self-service Password Management "Reset password (by admin)"
 * and Core Directory "Reset user password", sharing one correlation id.
 */
export function passwordReset(
  rng: Rng,
  spec: {
    readonly at: number;
    readonly initiatedBy: GraphInitiator;
    readonly target: TenantUser;
    readonly userAgent: string;
    readonly failureReason?: string;
  },
): [sspr: GraphDirectoryAudit, coreDirectory: GraphDirectoryAudit] {
  const correlationId = rng.uuid();
  const outcome =
    spec.failureReason === undefined
      ? { result: 'success' as const }
      : { result: 'failure' as const, resultReason: spec.failureReason };
  return [
    makeAudit(rng, {
      at: spec.at,
      service: 'Self-service Password Management',
      category: 'UserManagement',
      activity: 'Reset password (by admin)',
      operationType: 'Update',
      initiatedBy: spec.initiatedBy,
      targets: [userTarget(spec.target)],
      correlationId,
      ...outcome,
    }),
    makeAudit(rng, {
      at: spec.at + rng.int(300, 1500),
      service: 'Core Directory',
      category: 'UserManagement',
      activity: 'Reset user password',
      operationType: 'Update',
      initiatedBy: spec.initiatedBy,
      targets: [userTarget(spec.target)],
      additionalDetails: userAgentDetail(spec.userAgent),
      correlationId,
      ...outcome,
    }),
  ];
}

/** additionalDetails with the caller's user agent, the first entry Core Directory writes for portal and API calls. */
export function userAgentDetail(userAgent: string): { key: string; value: string }[] {
  return [{ key: 'User-Agent', value: userAgent }];
}
