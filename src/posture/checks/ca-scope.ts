/**
 * Reading a Conditional Access policy the way an attacker would: who it really covers, what it really requires,
 * and every condition that narrows it. ScubaGear reports a false PASS for policies with narrowing conditions
 * (ScubaGear #1742, #1818 in reference/posture_checks.md §4): "MFA for all" scoped to iOS, to one location or to
 * browsers only leaves every other path open, so each narrowing is named here and such a policy never counts.
 */
import type { CaPolicy } from '../graph-shapes.js';
import type { Finding, Subject } from '../model.js';
import type { CheckContext } from './context.js';

/** The built-in "Phishing-resistant MFA" authentication strength (Graph authenticationStrengthPolicy, built-in id). */
export const PHISHING_RESISTANT_STRENGTH = '00000000-0000-0000-0000-000000000004';

/** The conditions that make a policy cover less than every user, app, client, platform and place. */
export function narrowingConditions(p: CaPolicy): string[] {
  const out: string[] = [];
  const c = p.conditions;
  const users = c?.users;
  if (!users?.includeUsers.includes('All')) out.push('users: not "All users"');
  const apps = c?.applications;
  if (!apps?.includeApplications.includes('All')) out.push('applications: not "All cloud apps"');
  if ((apps?.excludeApplications.length ?? 0) > 0)
    out.push(`applications: ${apps?.excludeApplications.length} excluded`);
  const clients = c?.clientAppTypes ?? [];
  if (clients.length > 0 && !clients.includes('all')) out.push(`client apps: only ${clients.join(', ')}`);
  const platforms = c?.platforms;
  if (platforms && (!platforms.includePlatforms.includes('all') || platforms.excludePlatforms.length > 0)) {
    out.push(
      `platforms: include ${platforms.includePlatforms.join(', ') || 'none'}${platforms.excludePlatforms.length ? `, exclude ${platforms.excludePlatforms.join(', ')}` : ''}`,
    );
  }
  const locations = c?.locations;
  if (locations && (!locations.includeLocations.some((l) => l === 'All') || locations.excludeLocations.length > 0)) {
    out.push(
      `locations: include ${locations.includeLocations.join(', ') || 'none'}${locations.excludeLocations.length ? `, exclude ${locations.excludeLocations.join(', ')}` : ''}`,
    );
  }
  if ((c?.signInRiskLevels.length ?? 0) > 0) out.push(`sign-in risk: only ${c?.signInRiskLevels.join(', ')}`);
  if ((c?.userRiskLevels.length ?? 0) > 0) out.push(`user risk: only ${c?.userRiskLevels.join(', ')}`);
  if (c?.devices?.deviceFilter) out.push('device filter');
  return out;
}

/** Whether the policy demands MFA on its own: "MFA or compliant device" (OR) lets the device stand in for it. */
export function requiresMfa(p: CaPolicy): boolean {
  const g = p.grantControls;
  if (!g) return false;
  const mfa = g.builtInControls.includes('mfa') || g.authenticationStrength != null;
  if (!mfa) return false;
  const others = g.builtInControls.filter((x) => x !== 'mfa');
  return others.length === 0 || String(g.operator ?? 'OR').toUpperCase() === 'AND';
}

/** Whether the policy blocks access. */
export function blocks(p: CaPolicy): boolean {
  return p.grantControls?.builtInControls.includes('block') ?? false;
}

/** "Other clients" and EAS: the legacy protocols (reference/legacy_auth_clientapps.md; EAS is its own condition). */
export function targetsLegacyClients(p: CaPolicy): boolean {
  const clients = p.conditions?.clientAppTypes ?? [];
  return clients.includes('exchangeActiveSync') && clients.includes('other');
}

/** Every object a policy excludes, as subjects. Guests and external users are one subject per policy. */
export function excludedSubjects(ctx: CheckContext, p: CaPolicy): Subject[] {
  const u = p.conditions?.users;
  if (!u) return [];
  const out: Subject[] = [
    ...u.excludeUsers.map((id) => ctx.subject(id, 'user')),
    ...u.excludeGroups.map((id) => ctx.subject(id, 'group')),
    ...u.excludeRoles.map((id) => ctx.subject(id, 'role')),
  ];
  if (u.excludeGuestsOrExternalUsers)
    out.push({ type: 'group', id: 'GuestsOrExternalUsers', name: 'guests or external users' });
  return out;
}

/**
 * Findings for every exclusion of a policy except the emergency accounts, which must be excluded (check 4).
 * Each names the policy and the object, and may be covered by an exception on the check or on the exclusion.
 */
export function exclusionFindings(ctx: CheckContext, checkId: string, p: CaPolicy): Finding[] {
  const emergency = ctx.emergencyAccounts();
  return excludedSubjects(ctx, p)
    .filter((s) => !(s.type === 'user' && emergency.has(s.id)))
    .map((s) => ({
      message: `${s.name ?? s.id} (${s.type}) is excluded from "${p.displayName}"`,
      subject: s,
      policy: { id: p.id, displayName: p.displayName },
      controls: [checkId, `ca-exclusion:${p.id}`],
    }));
}

/** The role template ids each user holds actively (roleAssignments), for "excluded by role" and "covered by role". */
export function rolesByPrincipal(ctx: CheckContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of ctx.list('roleAssignments') ?? []) {
    const principal = typeof a.principalId === 'string' ? a.principalId : undefined;
    const role = typeof a.roleDefinitionId === 'string' ? a.roleDefinitionId : undefined;
    if (!principal || !role) continue;
    const set = out.get(principal) ?? new Set<string>();
    set.add(role);
    out.set(principal, set);
  }
  return out;
}

/**
 * Whether an enforced policy applies to a user, from what a snapshot can tell: user ids and roles. Group
 * membership is not in the snapshot, so a user included only through a group is not counted as covered (the
 * check says so rather than guessing).
 */
export function appliesToUser(p: CaPolicy, userId: string, roles: ReadonlySet<string>): boolean {
  const u = p.conditions?.users;
  if (!u) return false;
  if (u.excludeUsers.includes(userId)) return false;
  if (u.excludeRoles.some((r) => roles.has(r))) return false;
  return u.includeUsers.includes('All') || u.includeUsers.includes(userId) || u.includeRoles.some((r) => roles.has(r));
}

/** "Require MFA" / "Block" / … in words, for evidence. */
export function describePolicy(p: CaPolicy): string {
  const g = p.grantControls;
  const grant = g
    ? [
        ...g.builtInControls,
        ...(g.authenticationStrength
          ? [`strength ${g.authenticationStrength.displayName ?? g.authenticationStrength.id}`]
          : []),
      ].join(` ${String(g.operator ?? 'OR')} `)
    : 'no grant';
  return `"${p.displayName}" (${p.state}; ${grant})`;
}
