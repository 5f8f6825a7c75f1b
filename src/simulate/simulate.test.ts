import { beforeAll, describe, expect, it } from 'vitest';
import { MS, THIRD_PARTY } from './catalog/apps.js';
import { ROLES } from './catalog/roles.js';
import type { BetaSignIn, GraphDirectoryAudit } from './graph-types.js';
import { type Simulation, simulate } from './simulate.js';
import { servicePrincipalOf } from './tenant.js';

let clean: Simulation;
let full: Simulation;
beforeAll(() => {
  clean = simulate({ seed: 1, scenario: 'none' });
  full = simulate({ seed: 1 });
});

const byActivity = (audits: readonly GraphDirectoryAudit[], activity: string) =>
  audits.filter((a) => a.activityDisplayName === activity);
const ms = (iso: string) => Date.parse(iso);

describe('the demo tenant', () => {
  it('has 500 people with unique lower-case UPNs, the executive j.tan and ten PIM-eligible admins', () => {
    const t = clean.tenant;
    expect(t.users).toHaveLength(500);
    const upns = t.users.map((u) => u.userPrincipalName);
    expect(new Set(upns).size).toBe(500);
    for (const upn of upns) expect(upn).toMatch(/^[a-z.]+[0-9]*@contoso-demo\.com$/);
    expect(t.executive.userPrincipalName).toBe('j.tan@contoso-demo.com');
    expect(t.executive.displayName).toBe('Jonathan Tan');
    expect(t.executive.perUserMfa).toBe(false);
    expect(t.standingAssignments).toEqual([{ principalId: t.executive.id, role: 'privilegedRoleAdmin' }]);
    expect(t.admins).toHaveLength(10);
  });

  it('has the Octiga and MS-PIM service principals and the built-in roles by their real template ids', () => {
    const t = clean.tenant;
    expect(t.servicePrincipals.length).toBeGreaterThanOrEqual(20);
    expect(servicePrincipalOf(t, THIRD_PARTY.octiga).displayName).toBe('Octiga Cloud Security');
    expect(servicePrincipalOf(t, MS.msPim).displayName).toBe('MS-PIM');
    expect(servicePrincipalOf(t, MS.azurePortal).appId).toBe('c44b4083-3bb0-49c1-b47d-974e53cbdf3c');
    expect(t.roles.globalAdmin.templateId).toBe('62e90394-69f5-4237-9190-012177145e10');
    expect(t.roles.privilegedRoleAdmin.templateId).toBe('e8611ab8-c189-46e8-94e1-60213ab1f814');
    expect(t.roles.helpdeskAdmin.templateId).toBe(ROLES.helpdeskAdmin.templateId);
  });

  it('is the same tenant and the same ordinary month whether or not scenarios run', () => {
    expect(full.tenant.id).toBe(clean.tenant.id);
    const all = new Set(full.signIns.map((s) => s.id));
    for (const s of clean.signIns) expect(all.has(s.id)).toBe(true);
    const audits = new Set(full.directoryAudits.map((a) => a.id));
    for (const a of clean.directoryAudits) expect(audits.has(a.id)).toBe(true);
  });

  it('changes with the seed', () => {
    const other = simulate({ seed: 2, scenario: 'none' });
    expect(other.tenant.id).not.toBe(clean.tenant.id);
    expect(other.signIns[0]?.id).not.toBe(clean.signIns[0]?.id);
  });

  it('rejects a seed that is not a 32-bit unsigned integer and an unknown scenario', () => {
    expect(() => simulate({ seed: -1 })).toThrow(RangeError);
    expect(() => simulate({ seed: 1.5 })).toThrow(RangeError);
    expect(() => simulate({ seed: 1, scenario: 'nope' })).toThrow(/unknown scenario "nope"/);
  });
});

describe('ordinary activity', () => {
  it('stays in the month, newest first, at the target volume', () => {
    expect(full.signIns.length).toBeGreaterThan(40_000);
    expect(full.signIns.length).toBeLessThan(80_000);
    expect(clean.directoryAudits.length).toBeGreaterThan(300);
    for (const s of clean.signIns) {
      expect(s.createdDateTime >= '2025-09-03T00:00:00Z' && s.createdDateTime < '2025-10-03T00:00:00Z').toBe(true);
    }
    const times = full.signIns.map((s) => s.createdDateTime);
    expect(times).toEqual([...times].sort().reverse());
    const auditTimes = full.directoryAudits.map((a) => a.activityDateTime);
    expect(auditTimes).toEqual([...auditTimes].sort().reverse());
  });

  it('uses Graph time formats: whole seconds for sign-ins, seven fractional digits for audits', () => {
    for (const s of full.signIns.slice(0, 500)) expect(s.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const a of full.directoryAudits)
      expect(a.activityDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('has modern clients, some MFA, and the usual benign failures in small numbers', () => {
    const count = (f: (s: BetaSignIn) => boolean) => clean.signIns.filter(f).length;
    expect(count((s) => s.clientAppUsed === 'Browser')).toBeGreaterThan(10_000);
    expect(count((s) => s.clientAppUsed === 'Mobile Apps and Desktop clients')).toBeGreaterThan(10_000);
    expect(count((s) => s.authenticationRequirement === 'multiFactorAuthentication')).toBeGreaterThan(10_000);
    const mfa = clean.signIns.find((s) =>
      s.authenticationDetails.some((d) => d.authenticationMethod === 'Mobile app notification'),
    );
    expect(mfa?.authenticationRequirement).toBe('multiFactorAuthentication');
    for (const code of [50126, 50140, 50074, 50058])
      expect(count((s) => s.status.errorCode === code)).toBeGreaterThan(50);
    expect(count((s) => s.status.errorCode === 50126)).toBeLessThan(clean.signIns.length / 100);
    expect(count((s) => s.status.errorCode === 50053 || s.status.errorCode === 50034)).toBe(0);
  });

  it('follows each mistyped password (50126) by the same person succeeding within a minute', () => {
    const chrono = [...clean.signIns].reverse();
    const typos = chrono.filter((s) => s.status.errorCode === 50126);
    for (const typo of typos) {
      const next = chrono.find(
        (s) => s.userId === typo.userId && s.correlationId === typo.correlationId && s.status.errorCode !== 50126,
      );
      expect(next, typo.id).toBeDefined();
      expect(ms(next?.createdDateTime ?? '') - ms(typo.createdDateTime)).toBeLessThanOrEqual(61_000);
    }
  });

  it('signs people in from their home country, and a few travellers from abroad', () => {
    const countries = new Map<string, Set<string>>();
    for (const s of clean.signIns) {
      const set = countries.get(s.userId) ?? new Set<string>();
      set.add(s.location.countryOrRegion);
      countries.set(s.userId, set);
    }
    const all = new Set(clean.signIns.map((s) => s.location.countryOrRegion));
    for (const c of ['SG', 'MY', 'AU', 'GB', 'US']) expect(all.has(c), c).toBe(true);
    const travellers = [...countries.values()].filter((set) => set.size > 1).length;
    expect(travellers).toBeGreaterThanOrEqual(5);
    expect(travellers).toBeLessThanOrEqual(8);
  });

  it('lets new hires sign in only after a User Administrator added them', () => {
    const added = byActivity(clean.directoryAudits, 'Add user');
    expect(added).toHaveLength(6);
    for (const a of added) {
      const id = a.targetResources[0]?.id;
      const first = clean.signIns.filter((s) => s.userId === id).at(-1);
      expect(first, id ?? '').toBeDefined();
      expect(ms(first?.createdDateTime ?? '') > ms(a.activityDateTime)).toBe(true);
    }
  });

  it('has a little Exchange ActiveSync from a few phones, never from the attacker ranges', () => {
    const eas = clean.signIns.filter((s) => s.clientAppUsed === 'Exchange ActiveSync');
    expect(eas.length).toBeGreaterThan(100);
    expect(new Set(eas.map((s) => s.userId)).size).toBe(3);
    for (const s of eas) expect(s.ipAddress.startsWith('2001:db8:')).toBe(true);
  });

  it('activates roles through PIM: request, completion, then Core Directory "Add member to role" by MS-PIM', () => {
    const pimSp = servicePrincipalOf(clean.tenant, MS.msPim);
    const completed = byActivity(clean.directoryAudits, 'Add member to role completed (PIM activation)');
    const requested = byActivity(clean.directoryAudits, 'Add member to role requested (PIM activation)');
    const coreAdds = byActivity(clean.directoryAudits, 'Add member to role');
    expect(completed.length).toBeGreaterThan(40);
    expect(requested).toHaveLength(completed.length);
    expect(coreAdds).toHaveLength(completed.length);
    for (const c of completed) {
      expect(c.loggedByService).toBe('PIM');
      expect(c.category).toBe('RoleManagement');
      const admin = c.initiatedBy.user;
      expect(admin).not.toBeNull();
      const role = c.targetResources[0]?.displayName;
      const core = coreAdds.find(
        (a) =>
          a.targetResources[0]?.id === admin?.id &&
          a.activityDateTime > c.activityDateTime &&
          ms(a.activityDateTime) - ms(c.activityDateTime) < 60_000,
      );
      expect(core, c.id).toBeDefined();
      expect(core?.loggedByService).toBe('Core Directory');
      expect(core?.initiatedBy).toEqual({
        user: null,
        app: { appId: null, displayName: 'MS-PIM', servicePrincipalId: pimSp.id, servicePrincipalName: null },
      });
      const roleName = core?.targetResources[0]?.modifiedProperties.find((p) => p.displayName === 'Role.DisplayName');
      expect(roleName?.newValue).toBe(JSON.stringify(role));
    }
  });

  it('expires activations hours later with the PIM and Core Directory removals, both by MS-PIM', () => {
    const expired = byActivity(clean.directoryAudits, 'Remove member from role (PIM activation expired)');
    const removed = byActivity(clean.directoryAudits, 'Remove member from role');
    expect(expired.length).toBeGreaterThan(30);
    expect(removed).toHaveLength(expired.length);
    for (const r of [...expired, ...removed]) expect(r.initiatedBy.app?.displayName).toBe('MS-PIM');
    for (const r of removed) {
      const props = r.targetResources[0]?.modifiedProperties ?? [];
      expect(props.map((p) => p.displayName)).toEqual([
        'Role.ObjectID',
        'Role.DisplayName',
        'Role.TemplateId',
        'Role.WellKnownObjectName',
      ]);
      for (const p of props) expect(p.newValue).toBeNull();
    }
  });

  it('has no role assignment outside PIM in an ordinary month', () => {
    for (const a of byActivity(clean.directoryAudits, 'Add member to role')) {
      expect(a.initiatedBy.app?.displayName).toBe('MS-PIM');
    }
  });

  it('spreads helpdesk resets out, each inside a Helpdesk Administrator activation of the same admin', () => {
    const resets = byActivity(clean.directoryAudits, 'Reset password (by admin)');
    expect(resets.length).toBeGreaterThan(5);
    const perDay = new Map<string, number>();
    for (const r of resets)
      perDay.set(r.activityDateTime.slice(0, 10), (perDay.get(r.activityDateTime.slice(0, 10)) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(2);
    const activations = byActivity(clean.directoryAudits, 'Add member to role completed (PIM activation)');
    for (const r of resets) {
      expect(r.loggedByService).toBe('Self-service Password Management');
      expect(r.initiatedBy.app).toBeNull();
      const by = r.initiatedBy.user?.id;
      const covering = activations.filter(
        (a) =>
          a.initiatedBy.user?.id === by &&
          a.targetResources[0]?.displayName === 'Helpdesk Administrator' &&
          a.activityDateTime < r.activityDateTime,
      );
      expect(covering.length, r.id).toBeGreaterThan(0);
    }
  });

  it('has the other ordinary admin work', () => {
    for (const activity of [
      'Add user',
      'Update user',
      'Add member to group',
      'Reset user password',
      'Update application',
      'Consent to application',
      'Add service principal',
    ]) {
      expect(byActivity(clean.directoryAudits, activity).length, activity).toBeGreaterThan(0);
    }
  });
});
