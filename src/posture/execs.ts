/**
 * "One rule for execs" (seed 000's title): identities with privileged roles, or named as VIPs, whose effective
 * controls are weaker than an ordinary member's. "Weaker" is relative: a control that covers a plain member (no
 * role, not excluded) but not this identity. A tenant with no MFA at all has no exec gap, it has a baseline gap
 * (PM-001); this report is about the exemptions, ranked by what they expose.
 */

import { str } from '../snapshot/graph-object.js';
import { appliesToUser, blocks, requiresMfa, rolesByPrincipal, targetsLegacyClients } from './checks/ca-scope.js';
import { type CheckContext, PRIVILEGED_ROLES, TIER0_ROLES } from './checks/context.js';
import { parseAll, rasiSchema } from './graph-shapes.js';

/** One weaker control. */
export interface ExecGap {
  readonly kind: 'excluded-from-mfa' | 'legacy-auth-allowed' | 'permanent-role' | 'no-mfa-method';
  readonly detail: string;
  readonly weight: number;
}

/** One identity with gaps. */
export interface ExecEntry {
  readonly id: string;
  readonly name: string;
  readonly upn: string;
  readonly roles: readonly string[];
  readonly vip: boolean;
  readonly gaps: readonly ExecGap[];
  /** Sum of gap weights, doubled for Tier-0 role holders: the higher, the more a takeover of this one costs. */
  readonly risk: number;
}

/** Job titles that make someone a VIP when the configuration names none (the seed's executive was a COO). */
const EXECUTIVE_TITLE = /\b(chief|ceo|cfo|coo|cto|ciso|president|director|head of|vp|vice president)\b/i;

/** The ranked report. `vips` are UPNs or ids named in configuration; titles add to them. */
export function execReport(ctx: CheckContext, vips: readonly string[] = []): ExecEntry[] {
  const users = ctx.list('users') ?? [];
  const roles = rolesByPrincipal(ctx);
  for (const e of ctx.list('roleEligibilitySchedules') ?? []) {
    const p = str(e, 'principalId');
    const r = str(e, 'roleDefinitionId');
    if (p && r) roles.set(p, new Set([...(roles.get(p) ?? []), r]));
  }
  const named = new Set(vips.map((v) => v.toLowerCase()));
  const emergency = ctx.emergencyAccounts();
  // The yardstick: a member with no role and no exclusion is covered by exactly the policies aimed at everyone.
  const ordinary = '00000000-0000-0000-0000-ordinary0000';
  const none = new Set<string>();
  const mfaForMembers = ctx.enforced().filter((p) => requiresMfa(p) && appliesToUser(p, ordinary, none));
  const legacyForMembers = ctx
    .enforced()
    .filter((p) => blocks(p) && targetsLegacyClients(p) && appliesToUser(p, ordinary, none));
  const permanent = new Map<string, string[]>();
  const rasi = ctx.list('roleAssignmentScheduleInstances');
  const active = rasi
    ? parseAll(rasi, rasiSchema).items.filter((a) => a.assignmentType === 'Assigned' && !a.endDateTime)
    : (ctx.list('roleAssignments') ?? []).map((a) => ({
        principalId: String(a.principalId),
        roleDefinitionId: String(a.roleDefinitionId),
      }));
  for (const a of active) {
    if (!(a.roleDefinitionId in PRIVILEGED_ROLES)) continue;
    permanent.set(a.principalId, [
      ...(permanent.get(a.principalId) ?? []),
      PRIVILEGED_ROLES[a.roleDefinitionId] ?? a.roleDefinitionId,
    ]);
  }
  const notCapable = new Set(
    (ctx.list('userRegistrationDetails') ?? []).filter((r) => r.isMfaCapable === false).map((r) => str(r, 'id')),
  );
  const out: ExecEntry[] = [];
  for (const u of users) {
    const id = str(u, 'id') ?? '';
    const upn = str(u, 'userPrincipalName') ?? '';
    if (!id || emergency.has(id)) continue;
    const held = [...(roles.get(id) ?? [])].filter((r) => r in PRIVILEGED_ROLES);
    const vip = named.has(upn.toLowerCase()) || named.has(id) || EXECUTIVE_TITLE.test(str(u, 'jobTitle') ?? '');
    if (held.length === 0 && !vip) continue;
    const mine = roles.get(id) ?? none;
    const gaps: ExecGap[] = [];
    for (const p of mfaForMembers)
      if (!appliesToUser(p, id, mine))
        gaps.push({
          kind: 'excluded-from-mfa',
          detail: `excluded from "${p.displayName}", which every member gets`,
          weight: 5,
        });
    for (const p of legacyForMembers)
      if (!appliesToUser(p, id, mine))
        gaps.push({
          kind: 'legacy-auth-allowed',
          detail: `not covered by "${p.displayName}": legacy authentication still works`,
          weight: 4,
        });
    for (const role of permanent.get(id) ?? [])
      gaps.push({ kind: 'permanent-role', detail: `holds ${role} permanently, outside PIM`, weight: 3 });
    if (notCapable.has(id)) gaps.push({ kind: 'no-mfa-method', detail: 'has no MFA method registered', weight: 2 });
    if (gaps.length === 0) continue;
    const tier0 = held.some((r) => r in TIER0_ROLES);
    out.push({
      id,
      name: str(u, 'displayName') ?? upn,
      upn,
      roles: held.map((r) => PRIVILEGED_ROLES[r] ?? r),
      vip,
      gaps,
      risk: gaps.reduce((s, g) => s + g.weight, 0) * (tier0 ? 2 : 1),
    });
  }
  return out.sort((a, b) => b.risk - a.risk || a.upn.localeCompare(b.upn));
}
