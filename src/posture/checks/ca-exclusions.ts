/**
 * Exclusions, governed: every excluded object approved (PM-003), emergency accounts excluded (PM-004), no dangling
 * or tamperable references (PM-006). ScubaGear's number-one support question is failures from exclusions missing
 * from its config (#2117, reference/posture_checks.md §4); here an exclusion is covered by an entry in the
 * exceptions register, with an owner, an approver and an expiry, not by a line in a config file.
 */
import { str } from '../../snapshot/graph-object.js';
import type { CheckOutcome, Finding } from '../model.js';
import { blocks, describePolicy, exclusionFindings, requiresMfa } from './ca-scope.js';
import type { CheckContext } from './context.js';

/** PM-003: every object excluded from an enforced policy is covered by an exception (or is an emergency account). */
export function exclusionsApproved(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const findings = ctx.enforced().flatMap((p) => exclusionFindings(ctx, 'PM-003', p));
  return { kind: 'evaluated', findings, passed: 'no enforced policy excludes anything but emergency accounts' };
}

/** PM-004: emergency accounts exist and every enforced MFA or block policy excludes them. */
export function breakGlassExcluded(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies', 'users');
  if (missing) return missing;
  const emergency = [...ctx.emergencyAccounts()];
  if (emergency.length === 0) {
    return {
      kind: 'evaluated',
      findings: [
        {
          message:
            'no emergency access account found (Maester MT.1005 expects accounts named "break glass" or "emergency")',
        },
      ],
      passed: '',
    };
  }
  const findings: Finding[] = [];
  for (const p of ctx.enforced().filter((x) => requiresMfa(x) || blocks(x))) {
    for (const id of emergency) {
      if (p.conditions?.users?.excludeUsers.includes(id)) continue;
      const s = ctx.subject(id, 'user');
      findings.push({
        message: `emergency account ${s.name ?? id} is not excluded from ${describePolicy(p)}: a lockout has no way back`,
        subject: s,
        policy: { id: p.id, displayName: p.displayName },
      });
    }
  }
  return { kind: 'evaluated', findings, passed: `${emergency.length} emergency account(s), excluded everywhere` };
}

/** PM-006: every user and role a policy names exists; exclusion groups are role-assignable when groups are known. */
export function noDanglingReferences(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies', 'users');
  if (missing) return missing;
  const users = new Set((ctx.list('users') ?? []).map((u) => str(u, 'id')));
  const roles = ctx.list('roleDefinitions');
  const roleIds = new Set((roles ?? []).flatMap((r) => [str(r, 'id'), str(r, 'templateId')]));
  const groups = ctx.list('groups');
  const groupById = new Map((groups ?? []).map((g) => [str(g, 'id'), g]));
  const findings: Finding[] = [];
  const special = new Set(['All', 'None', 'GuestsOrExternalUsers']);
  for (const p of ctx.policies) {
    const u = p.conditions?.users;
    const policy = { id: p.id, displayName: p.displayName };
    for (const id of [...(u?.includeUsers ?? []), ...(u?.excludeUsers ?? [])]) {
      if (!special.has(id) && !users.has(id))
        findings.push({
          message: `"${p.displayName}" names user ${id}, which does not exist`,
          subject: { type: 'user', id },
          policy,
        });
    }
    if (roles) {
      for (const id of [...(u?.includeRoles ?? []), ...(u?.excludeRoles ?? [])]) {
        if (!roleIds.has(id))
          findings.push({
            message: `"${p.displayName}" names role ${id}, which does not exist`,
            subject: { type: 'role', id },
            policy,
          });
      }
    }
    if (groups) {
      for (const id of u?.excludeGroups ?? []) {
        const g = groupById.get(id);
        if (!g)
          findings.push({
            message: `"${p.displayName}" excludes group ${id}, which does not exist`,
            subject: { type: 'group', id },
            policy,
          });
        else if (g.isAssignableToRole !== true)
          findings.push({
            message: `"${p.displayName}" excludes group "${str(g, 'displayName') ?? id}", which any Groups or User Administrator can add members to (not role-assignable)`,
            subject: { type: 'group', id, name: str(g, 'displayName') ?? id },
            policy,
          });
      }
    }
  }
  return {
    kind: 'evaluated',
    findings,
    passed: `every user${roles ? ' and role' : ''} the policies name exists${groups ? '; exclusion groups are role-assignable' : ' (groups not in the snapshot)'}`,
  };
}
