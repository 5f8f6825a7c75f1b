/**
 * What one PIM role activation leaves in the directory audit log, in the order Entra writes it:
 * PIM "Add member to role requested (PIM activation)" and "... completed (PIM activation)" by the admin, then Core
 * Directory "Add member to role" initiated by the MS-PIM application; when the activation runs out, PIM
 * "Remove member from role (PIM activation expired)" and Core Directory "Remove member from role", both by MS-PIM.
 * A Core Directory role change without this PIM trail is what a bypass of PIM looks like (seed 003).
 */

import { byApp, byUser, makeAudit, otherTarget, roleMembership, userTarget } from '../audit-factory.js';
import { graphSeconds, SECOND } from '../calendar.js';
import { MS } from '../catalog/apps.js';
import type { RoleKey } from '../catalog/roles.js';
import type { GraphDirectoryAudit, GraphTargetResource } from '../graph-types.js';
import type { Rng } from '../random.js';
import { servicePrincipalOf, type Tenant, type TenantUser } from '../tenant.js';

/** One activation: who, which role, from where, when it starts and when it expires. */
export interface Activation {
  readonly admin: TenantUser;
  readonly role: RoleKey;
  readonly ip: string;
  readonly start: number;
  readonly end: number;
  readonly justification: string;
}

/** The audit records of one activation; the expiry pair only when it falls before `horizon`. */
export function activationAudits(tenant: Tenant, rng: Rng, a: Activation, horizon: number): GraphDirectoryAudit[] {
  const role = tenant.roles[a.role];
  const pim = servicePrincipalOf(tenant, MS.msPim);
  const requestId = rng.uuid();
  const pimTargets = (): GraphTargetResource[] => [
    otherTarget('Role', role.templateId, role.displayName),
    otherTarget('Request', requestId, null),
    userTarget(a.admin),
    otherTarget('Other', tenant.id, 'Directory'),
  ];
  const details = [
    { key: 'RoleDefinitionOriginId', value: role.templateId },
    { key: 'RoleDefinitionOriginType', value: 'BuiltInRole' },
    { key: 'TemplateId', value: role.templateId },
    { key: 'StartTime', value: graphSeconds(a.start) },
    { key: 'ExpirationTime', value: graphSeconds(a.end) },
    { key: 'Justification', value: a.justification },
  ];
  const pimCorrelation = rng.uuid();
  const out = [
    makeAudit(rng, {
      at: a.start,
      service: 'PIM',
      category: 'RoleManagement',
      activity: 'Add member to role requested (PIM activation)',
      operationType: 'Add',
      initiatedBy: byUser(a.admin, a.ip),
      targets: pimTargets(),
      additionalDetails: details,
      correlationId: pimCorrelation,
    }),
    makeAudit(rng, {
      at: a.start + rng.int(2, 6) * SECOND,
      service: 'PIM',
      category: 'RoleManagement',
      activity: 'Add member to role completed (PIM activation)',
      operationType: 'Add',
      initiatedBy: byUser(a.admin, a.ip),
      targets: pimTargets(),
      additionalDetails: details,
      correlationId: pimCorrelation,
    }),
    makeAudit(rng, {
      at: a.start + rng.int(7, 12) * SECOND,
      service: 'Core Directory',
      category: 'RoleManagement',
      activity: 'Add member to role',
      operationType: 'Assign',
      initiatedBy: byApp(pim),
      targets: [userTarget(a.admin, roleMembership(role, 'add')), otherTarget('Role', role.objectId, null)],
    }),
  ];
  if (a.end >= horizon) return out;
  const expiryCorrelation = rng.uuid();
  out.push(
    makeAudit(rng, {
      at: a.end,
      service: 'PIM',
      category: 'RoleManagement',
      activity: 'Remove member from role (PIM activation expired)',
      operationType: 'Delete',
      initiatedBy: byApp(pim),
      targets: pimTargets(),
      additionalDetails: details,
      correlationId: expiryCorrelation,
    }),
    makeAudit(rng, {
      at: a.end + rng.int(1, 4) * SECOND,
      service: 'Core Directory',
      category: 'RoleManagement',
      activity: 'Remove member from role',
      operationType: 'Unassign',
      initiatedBy: byApp(pim),
      targets: [userTarget(a.admin, roleMembership(role, 'remove')), otherTarget('Role', role.objectId, null)],
    }),
  );
  return out;
}
