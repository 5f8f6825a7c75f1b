/**
 * Conditional Access checks on how people may sign in: legacy authentication blocked (PM-011) and blocked for every
 * user (PM-012), device-code flow blocked (PM-013), high risk blocked (PM-018), token protection and admin sign-in
 * frequency (PM-030). Pass/fail rules from reference/posture_checks.md, checks 11, 12, 13, 18 and 30.
 */
import { str } from '../../snapshot/graph-object.js';
import type { CheckOutcome, Finding } from '../model.js';
import {
  appliesToUser,
  blocks,
  describePolicy,
  exclusionFindings,
  narrowingConditions,
  rolesByPrincipal,
  targetsLegacyClients,
} from './ca-scope.js';
import { type CheckContext, PRIVILEGED_ROLES } from './context.js';

/** A block policy on legacy clients for all users and apps; narrowing other than the client types disqualifies it. */
function isLegacyBlock(p: Parameters<typeof blocks>[0]): boolean {
  const rest = narrowingConditions(p).filter((n) => !n.startsWith('client apps:'));
  return blocks(p) && targetsLegacyClients(p) && rest.length === 0;
}

/** PM-011: an enforced policy blocks Exchange ActiveSync and other legacy clients for all users and apps. */
export function legacyAuthBlocked(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const candidates = ctx.policies.filter((p) => blocks(p) && targetsLegacyClients(p));
  const enforced = candidates.filter((p) => p.state === 'enabled' && isLegacyBlock(p));
  if (enforced.length === 0) {
    const findings: Finding[] = candidates.map((p) => ({
      message: `${describePolicy(p)} does not count: ${[
        ...(p.state !== 'enabled' ? [`state ${p.state}`] : []),
        ...narrowingConditions(p).filter((n) => !n.startsWith('client apps:')),
      ].join('; ')}`,
      policy: { id: p.id, displayName: p.displayName },
    }));
    if (findings.length === 0) findings.push({ message: 'no Conditional Access policy blocks legacy authentication' });
    return { kind: 'evaluated', findings, passed: '' };
  }
  const best = enforced[0] as (typeof enforced)[number];
  return {
    kind: 'evaluated',
    findings: exclusionFindings(ctx, 'PM-011', best),
    passed: `${describePolicy(best)} blocks legacy clients for everyone`,
  };
}

/**
 * PM-012: every enabled member (except emergency accounts) is covered by an enforced legacy block. Maester MT.1033
 * asks the What-If API; this evaluates the snapshot's policies per user instead (users and roles; groups unknown).
 */
export function legacyAuthBlockedPerUser(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies', 'users');
  if (missing) return missing;
  const blocking = ctx.enforced().filter((p) => blocks(p) && targetsLegacyClients(p));
  if (blocking.length === 0)
    return {
      kind: 'evaluated',
      findings: [{ message: 'no enforced policy blocks legacy authentication for anyone' }],
      passed: '',
    };
  const roles = rolesByPrincipal(ctx);
  const emergency = ctx.emergencyAccounts();
  const findings: Finding[] = [];
  for (const u of ctx.enabledMembers()) {
    const id = str(u, 'id');
    if (!id || emergency.has(id)) continue;
    if (blocking.some((p) => appliesToUser(p, id, roles.get(id) ?? new Set()))) continue;
    const s = ctx.subject(id, 'user');
    findings.push({
      message: `${s.name ?? id} can still sign in with legacy authentication`,
      subject: s,
      controls: ['PM-012', 'PM-011'],
    });
  }
  return { kind: 'evaluated', findings, passed: 'every enabled member is blocked from legacy authentication' };
}

/** PM-013: an enforced policy blocks the device-code flow. */
export function deviceCodeBlocked(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const policy = ctx
    .enforced()
    .find((p) => blocks(p) && (p.conditions?.authenticationFlows?.transferMethods ?? '').includes('deviceCodeFlow'));
  if (policy)
    return { kind: 'evaluated', findings: [], passed: `${describePolicy(policy)} blocks the device-code flow` };
  return { kind: 'evaluated', findings: [{ message: 'no enforced policy blocks the device-code flow' }], passed: '' };
}

/** PM-018: high user risk and high sign-in risk each lead to a block (or, for users, a secure password change). */
export function highRiskBlocked(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const enforced = ctx.enforced().filter((p) => p.conditions?.users?.includeUsers.includes('All'));
  const userRisk = enforced.find(
    (p) =>
      p.conditions?.userRiskLevels.includes('high') &&
      (blocks(p) || (p.grantControls?.builtInControls.includes('passwordChange') ?? false)),
  );
  const signInRisk = enforced.find((p) => p.conditions?.signInRiskLevels.includes('high') && blocks(p));
  const findings: Finding[] = [];
  if (!userRisk)
    findings.push({ message: 'no enforced policy blocks (or forces a password change for) high-risk users' });
  if (!signInRisk) findings.push({ message: 'no enforced policy blocks high-risk sign-ins' });
  return { kind: 'evaluated', findings, passed: 'high-risk users and sign-ins are blocked' };
}

/** PM-030: token protection (secure sign-in session) and a sign-in frequency for admin roles. */
export function tokenProtectionAndAdminSessions(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const enforced = ctx.enforced();
  const token = enforced.find((p) => p.sessionControls?.secureSignInSession?.isEnabled === true);
  const frequency = enforced.find(
    (p) =>
      p.sessionControls?.signInFrequency?.isEnabled === true &&
      (p.conditions?.users?.includeRoles.some((r) => r in PRIVILEGED_ROLES) ||
        p.conditions?.users?.includeUsers.includes('All')),
  );
  const findings: Finding[] = [];
  if (!token) findings.push({ message: 'no enforced policy applies token protection (secure sign-in session)' });
  if (!frequency) findings.push({ message: 'no enforced policy limits the sign-in frequency of admin roles' });
  return { kind: 'evaluated', findings, passed: 'token protection and admin sign-in frequency are enforced' };
}
