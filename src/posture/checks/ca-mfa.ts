/**
 * Conditional Access checks of incident 1 (seed 000: MFA rolled back for an executive): MFA for all (PM-001),
 * phishing-resistant MFA for admins (PM-002), MFA or legacy policy switched off (PM-005), a baseline exists (PM-007).
 * Pass/fail rules from reference/posture_checks.md, checks 1, 2, 5 and 7.
 */
import type { CaPolicy } from '../graph-shapes.js';
import type { CheckOutcome, Finding } from '../model.js';
import {
  blocks,
  describePolicy,
  exclusionFindings,
  narrowingConditions,
  PHISHING_RESISTANT_STRENGTH,
  requiresMfa,
  targetsLegacyClients,
} from './ca-scope.js';
import { type CheckContext, TIER0_ROLES } from './context.js';

/** Why a policy that asks for MFA does not count as "MFA for all users and apps", or [] when it does. */
function whyNotMfaForAll(p: CaPolicy): string[] {
  const why: string[] = [];
  if (!requiresMfa(p)) {
    const g = p.grantControls;
    why.push(
      `grant: ${g?.builtInControls.join(` ${String(g.operator ?? 'OR')} `)}: the other control stands in for MFA`,
    );
  }
  if (p.state !== 'enabled')
    why.push(`state ${p.state}: ${p.state === 'disabled' ? 'off' : 'report-only enforces nothing'}`);
  why.push(...narrowingConditions(p));
  return why;
}

/** PM-001: one enforced policy covers all users and all apps with MFA, no narrowing, only approved exclusions. */
export function mfaAllUsers(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  // Candidates: policies meant for everyone that ask for MFA in any form; each is either counted or told why not.
  const mfaPolicies = ctx.policies.filter(
    (p) =>
      p.conditions?.users?.includeUsers.includes('All') &&
      (p.grantControls?.builtInControls.includes('mfa') || p.grantControls?.authenticationStrength != null),
  );
  const counting = mfaPolicies.filter((p) => whyNotMfaForAll(p).length === 0);
  if (counting.length === 0) {
    const findings: Finding[] = mfaPolicies.flatMap((p) => [
      {
        message: `${describePolicy(p)} does not count: ${whyNotMfaForAll(p).join('; ')}`,
        policy: { id: p.id, displayName: p.displayName },
      },
      // Its exclusions are named too: once the policy is fixed they are what is left to govern.
      ...(p.state === 'enabled' ? exclusionFindings(ctx, 'PM-001', p) : []),
    ]);
    if (findings.length === 0) findings.push({ message: 'no Conditional Access policy requires MFA for all users' });
    return { kind: 'evaluated', findings, passed: '' };
  }
  // The policy with the fewest exclusions is the tenant's "MFA for all"; its exclusions are the exceptions to govern.
  const best = [...counting].sort(
    (a, b) => exclusionFindings(ctx, 'PM-001', a).length - exclusionFindings(ctx, 'PM-001', b).length,
  )[0] as CaPolicy;
  return {
    kind: 'evaluated',
    findings: exclusionFindings(ctx, 'PM-001', best),
    passed: `${describePolicy(best)} requires MFA for all users and apps with no unapproved exclusion`,
  };
}

/** PM-002: the Tier-0 roles are included in an enforced policy requiring the phishing-resistant strength. */
export function phishingResistantAdmins(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const strong = ctx
    .enforced()
    .filter(
      (p) =>
        p.grantControls?.authenticationStrength?.id === PHISHING_RESISTANT_STRENGTH &&
        p.conditions?.applications?.includeApplications.includes('All'),
    );
  const covered = new Set<string>();
  for (const p of strong) {
    const u = p.conditions?.users;
    if (u?.includeUsers.includes('All')) for (const r of Object.keys(TIER0_ROLES)) covered.add(r);
    for (const r of u?.includeRoles ?? []) if (!u?.excludeRoles.includes(r)) covered.add(r);
  }
  const findings: Finding[] = Object.entries(TIER0_ROLES)
    .filter(([id]) => !covered.has(id))
    .map(([id, name]) => ({
      message: `${name} is not required to use phishing-resistant MFA by any enforced policy`,
      subject: { type: 'role', id, name },
    }));
  return { kind: 'evaluated', findings, passed: `${strong.map(describePolicy).join(', ')} covers every Tier-0 role` };
}

/** PM-005: an MFA or legacy-auth policy that is disabled or report-only is the rollback signal. */
export function protectivePolicyOff(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('conditionalAccessPolicies');
  if (missing) return missing;
  const protective = ctx.policies.filter((p) => requiresMfa(p) || (blocks(p) && targetsLegacyClients(p)));
  if (protective.length === 0)
    return { kind: 'not-applicable', reason: 'no MFA or legacy-authentication policy exists' };
  const findings: Finding[] = protective
    .filter((p) => p.state !== 'enabled')
    .map((p) => ({
      message: `${describePolicy(p)} is ${p.state === 'disabled' ? 'switched off' : 'in report-only mode and enforces nothing'}`,
      subject: { type: 'policy', id: p.id, name: p.displayName },
      policy: { id: p.id, displayName: p.displayName },
    }));
  return { kind: 'evaluated', findings, passed: `${protective.length} MFA/legacy-auth policies, all enforced` };
}

/** PM-007: security defaults on, or at least one enforced MFA policy. */
export function baselineExists(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('securityDefaults', 'conditionalAccessPolicies');
  if (missing) return missing;
  if (ctx.single('securityDefaults')?.isEnabled === true)
    return { kind: 'evaluated', findings: [], passed: 'security defaults are on' };
  // A narrowed policy (one location, one platform, "MFA or device") is not a baseline: the same rule as PM-001.
  const mfa = ctx.enforced().filter((p) => whyNotMfaForAll(p).length === 0);
  if (mfa.length > 0)
    return {
      kind: 'evaluated',
      findings: [],
      passed: `security defaults off; ${mfa.map(describePolicy).join(', ')} enforce MFA`,
    };
  return {
    kind: 'evaluated',
    findings: [{ message: 'security defaults are off and no enforced policy requires MFA for all users and apps' }],
    passed: '',
  };
}
