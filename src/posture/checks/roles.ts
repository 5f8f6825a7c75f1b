/**
 * Privileged-role checks of incident 2 (seed 003: a permanent Global Administrator on a service principal, outside
 * PIM): no permanent privileged assignments (PM-019), none outside PIM (PM-020), no service principal in a Tier-0
 * role (PM-021), Global Administrator count (PM-023). ScubaGear lists privileged service principals as an
 * information-only table (reference/posture_checks.md, SG 7.4 note); here they are findings.
 */
import type { ObjectRef } from '../../core/objects.js';

import { str } from '../../snapshot/graph-object.js';
import { parseAll, rasiSchema, roleAssignmentSchema, type ScheduleInstance } from '../graph-shapes.js';
import type { CheckOutcome, Finding, Subject } from '../model.js';
import { type CheckContext, GLOBAL_ADMIN, PRIVILEGED_ROLES, TIER0_ROLES } from './context.js';

function principalSubject(ctx: CheckContext, id: string): Subject {
  const servicePrincipals = new Set((ctx.list('servicePrincipals') ?? []).map((s) => str(s, 'id')));
  return ctx.subject(id, servicePrincipals.has(id) ? 'servicePrincipal' : 'user');
}

function roleName(id: string): string {
  return PRIVILEGED_ROLES[id] ?? id;
}

/** The role by its definition id: the id an assignment is removed with. */
function roleObject(id: string): ObjectRef {
  return { type: 'role', id, name: PRIVILEGED_ROLES[id] ?? null };
}

/**
 * Active privileged assignments: the schedule instances when PIM data is there, otherwise every active
 * roleAssignment (a tenant without PIM has only permanent assignments: no end, no schedule).
 */
function activePrivileged(ctx: CheckContext): { source: string; items: ScheduleInstance[] } | undefined {
  const rasi = ctx.list('roleAssignmentScheduleInstances');
  if (rasi) {
    const items = parseAll(rasi, rasiSchema).items.filter((a) => a.roleDefinitionId in PRIVILEGED_ROLES);
    return { source: 'roleAssignmentScheduleInstances', items };
  }
  const plain = ctx.list('roleAssignments');
  if (!plain) return undefined;
  const items = parseAll(plain, roleAssignmentSchema)
    .items.filter((a) => a.roleDefinitionId in PRIVILEGED_ROLES)
    .map((a) => ({ ...a, assignmentType: 'Assigned', endDateTime: null, startDateTime: null }));
  return { source: 'roleAssignments (no PIM data: every assignment is permanent)', items };
}

/** PM-019: no permanent active assignment of a privileged role, to a person or a service principal. */
export function noPermanentPrivileged(ctx: CheckContext): CheckOutcome {
  const active = activePrivileged(ctx);
  if (!active) return { kind: 'no-data', missing: ['roleAssignmentScheduleInstances', 'roleAssignments'] };
  const emergency = ctx.emergencyAccounts();
  const findings: Finding[] = active.items
    .filter((a) => a.assignmentType === 'Assigned' && !a.endDateTime && !emergency.has(a.principalId))
    .map((a) => {
      const s = principalSubject(ctx, a.principalId);
      return {
        message: `${s.name ?? s.id} (${s.type}) holds ${roleName(a.roleDefinitionId)} permanently (no end date; from ${active.source})`,
        subject: s,
        objects: [roleObject(a.roleDefinitionId)],
      };
    });
  return { kind: 'evaluated', findings, passed: 'every active privileged assignment is time-bound' };
}

/** PM-020: no privileged assignment made outside PIM (an active assignment with no schedule start). */
export function assignedOutsidePim(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('roleAssignmentScheduleInstances');
  if (missing) return missing;
  const items = parseAll(ctx.list('roleAssignmentScheduleInstances') ?? [], rasiSchema).items;
  const emergency = ctx.emergencyAccounts();
  const findings: Finding[] = items
    .filter((a) => a.roleDefinitionId in PRIVILEGED_ROLES && !a.startDateTime && !emergency.has(a.principalId))
    .map((a) => {
      const s = principalSubject(ctx, a.principalId);
      return {
        message: `${s.name ?? s.id} (${s.type}) was given ${roleName(a.roleDefinitionId)} outside PIM`,
        subject: s,
        objects: [roleObject(a.roleDefinitionId)],
      };
    });
  return { kind: 'evaluated', findings, passed: 'every privileged assignment went through PIM' };
}

/** PM-021: no service principal holds Global Administrator, Privileged Role or Privileged Authentication Admin. */
export function servicePrincipalTier0(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('roleAssignments', 'servicePrincipals');
  if (missing) return missing;
  const servicePrincipals = new Set((ctx.list('servicePrincipals') ?? []).map((s) => str(s, 'id')));
  const findings: Finding[] = parseAll(ctx.list('roleAssignments') ?? [], roleAssignmentSchema)
    .items.filter(
      (a) =>
        a.roleDefinitionId in TIER0_ROLES &&
        (servicePrincipals.has(a.principalId) || a.principal?.['@odata.type'] === '#microsoft.graph.servicePrincipal'),
    )
    .map((a) => {
      const s = ctx.subject(a.principalId, 'servicePrincipal');
      return {
        message: `service principal ${s.name ?? s.id} holds ${TIER0_ROLES[a.roleDefinitionId]}: whoever holds its credentials is a tenant administrator`,
        subject: s,
        objects: [roleObject(a.roleDefinitionId)],
      };
    });
  return { kind: 'evaluated', findings, passed: 'no service principal holds a Tier-0 role' };
}

/** PM-023: two to eight Global Administrators (users, active or eligible); activation approval when the policy is known. */
export function globalAdminCount(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('roleAssignments');
  if (missing) return missing;
  const holders = new Set<string>();
  const users = new Set((ctx.list('users') ?? []).map((u) => str(u, 'id')));
  for (const list of [ctx.list('roleAssignments'), ctx.list('roleEligibilitySchedules')]) {
    for (const a of list ?? []) {
      const principal = str(a, 'principalId');
      if (str(a, 'roleDefinitionId') === GLOBAL_ADMIN && principal && (users.size === 0 || users.has(principal)))
        holders.add(principal);
    }
  }
  const findings: Finding[] = [];
  if (holders.size < 2)
    findings.push({ message: `${holders.size} Global Administrator(s): fewer than 2 risks a lockout` });
  if (holders.size > 8) findings.push({ message: `${holders.size} Global Administrators: more than 8` });
  const policies = ctx.list('roleManagementPolicyAssignments');
  if (policies) {
    const ga = policies.find((p) => str(p, 'roleDefinitionId') === GLOBAL_ADMIN);
    const rules = (ga?.policy as { rules?: Record<string, unknown>[] } | undefined)?.rules ?? [];
    const approval = rules.find((r) => str(r, 'id') === 'Approval_EndUser_Assignment');
    const setting = approval?.setting as { isApprovalRequired?: boolean } | undefined;
    if (setting?.isApprovalRequired !== true)
      findings.push({ message: 'activating Global Administrator needs no approval' });
  }
  return {
    kind: 'evaluated',
    findings,
    passed: `${holders.size} Global Administrators${policies ? ', activation needs approval' : ' (activation approval not in the snapshot)'}`,
  };
}
