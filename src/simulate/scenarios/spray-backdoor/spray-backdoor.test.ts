import { beforeAll, describe, expect, it } from 'vitest';
import type { BetaSignIn, GraphDirectoryAudit } from '../../graph-types.js';
import { type Simulation, simulate } from '../../simulate.js';
import { truthOf } from '../index.js';
import type { SprayBackdoorTruth } from './index.js';

const ms = (iso: string) => Date.parse(iso);

// The story must hold for any seed, not just the demo's: the seeds' people, victims and timings all differ.
describe.each([1, 7, 4294967295])('seed %i', (seed) => {
  let sim: Simulation;
  let truth: SprayBackdoorTruth;
  let signIn: (id: string) => BetaSignIn;
  let audit: (id: string) => GraphDirectoryAudit;
  let spray: BetaSignIn[];

  beforeAll(() => {
    sim = simulate({ seed, scenario: 'spray-backdoor' });
    const t = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
    if (t === undefined) throw new Error('no spray-backdoor truth');
    truth = t;
    const signIns = new Map(sim.signIns.map((s) => [s.id, s]));
    const audits = new Map(sim.directoryAudits.map((a) => [a.id, a]));
    signIn = (id) => signIns.get(id) ?? expect.unreachable(`sign-in ${id} missing`);
    audit = (id) => audits.get(id) ?? expect.unreachable(`audit ${id} missing`);
    // The spray: failures from the attacker's addresses until the takeover (the portal's "keep me signed in"
    // interrupt on 09-26 is the attacker's too, but not part of the spray).
    spray = sim.signIns.filter(
      (s) =>
        truth.attackerIps.includes(s.ipAddress) &&
        s.status.errorCode !== 0 &&
        s.createdDateTime < '2025-09-26T00:00:00Z',
    );
  });

  describe('spray-backdoor: the password spray', () => {
    it('names the attacker: 4-6 addresses in 2 foreign ASNs and countries, the executive as victim', () => {
      expect(truth.attackerIps.length).toBeGreaterThanOrEqual(4);
      expect(truth.attackerIps.length).toBeLessThanOrEqual(6);
      expect(truth.attackerIps).toContain(truth.takeoverIp);
      expect(truth.attackerAsns).toHaveLength(2);
      expect(new Set(spray.map((s) => s.location.countryOrRegion))).toEqual(new Set(['NL', 'BR']));
      expect(new Set(spray.map((s) => s.autonomousSystemNumber))).toEqual(new Set(truth.attackerAsns));
      expect(truth.compromisedUser.userPrincipalName).toBe('j.tan@contoso-demo.com');
    });

    it('fails more than 7,000 times across hundreds of accounts, as the truth counts', () => {
      expect(spray.length).toBeGreaterThan(7000);
      expect(spray.length).toBe(truth.spray.failures);
      const accounts = new Set(spray.map((s) => s.userPrincipalName));
      expect(accounts.size).toBeGreaterThan(300);
      expect(accounts.size).toBe(truth.spray.distinctAccounts);
    });

    it('uses legacy protocols only, mostly SMTP AUTH, single factor, no Conditional Access', () => {
      const smtp = spray.filter((s) => s.clientAppUsed === 'Authenticated SMTP').length;
      const imap = spray.filter((s) => s.clientAppUsed === 'IMAP4').length;
      expect(smtp + imap).toBe(spray.length);
      expect(smtp).toBeGreaterThan(spray.length * 0.6);
      expect(imap).toBeGreaterThan(0);
      for (const s of spray) {
        expect(s.appDisplayName).toBe('Office 365 Exchange Online');
        expect(['BAV2ROPC', '']).toContain(s.userAgent);
        expect(s.conditionalAccessStatus).toBe('notApplied');
        expect(s.authenticationRequirement).toBe('singleFactorAuthentication');
      }
      expect(spray.every((s) => s.createdDateTime >= '2025-09-02T00:00:00Z')).toBe(true);
      expect(truth.spray.start.slice(0, 10)).toBe('2025-09-02');
      expect(truth.spray.end.slice(0, 10)).toBe('2025-09-25');
      const legacyLater = sim.signIns.filter(
        (s) => truth.attackerIps.includes(s.ipAddress) && s.status.errorCode !== 0 && s.createdDateTime >= '2025-09-26',
      );
      expect(legacyLater.map((s) => s.status.errorCode)).toEqual([50140]);
    });

    it('answers 50126 for real accounts, 50034 for guessed ones, 50053 for the locked-out executive', () => {
      const tenantUpns = new Set(sim.tenant.users.map((u) => u.userPrincipalName));
      const codes = new Map<number, number>();
      for (const s of spray) {
        const code = s.status.errorCode;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (code === 50034) expect(tenantUpns.has(s.userPrincipalName ?? '')).toBe(false);
        if (code === 50126) expect(tenantUpns.has(s.userPrincipalName ?? '')).toBe(true);
        if (code === 50053) expect(s.userPrincipalName).toBe(truth.compromisedUser.userPrincipalName);
      }
      expect([...codes.keys()].sort()).toEqual([50034, 50053, 50126]);
      expect(codes.get(50126)).toBeGreaterThan(6000);
      expect(codes.get(50053)).toBeGreaterThan(0);
      expect(Object.fromEntries(codes)).toEqual(truth.spray.byErrorCode);
      const locked = spray.find((s) => s.status.errorCode === 50053);
      expect(locked?.status.failureReason).toBe(
        'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
      );
    });

    it('comes in low-and-slow bursts: each address tries dozens of accounts within an hour, then goes quiet', () => {
      for (const ip of truth.attackerIps) {
        const times = spray
          .filter((s) => s.ipAddress === ip)
          .map((s) => ms(s.createdDateTime))
          .sort((a, b) => a - b);
        const bursts: number[][] = [];
        for (const t of times) {
          const current = bursts[bursts.length - 1];
          if (current && t - (current[current.length - 1] ?? 0) < 2 * 3_600_000) current.push(t);
          else bursts.push([t]);
        }
        expect(bursts.length, ip).toBeGreaterThanOrEqual(15);
        const sprayBursts = bursts.filter((b) => b.length >= 30);
        expect(sprayBursts.length, ip).toBeGreaterThanOrEqual(15);
        for (const b of bursts) expect((b[b.length - 1] ?? 0) - (b[0] ?? 0)).toBeLessThan(3_600_000);
      }
    });
  });

  describe('spray-backdoor: compromise and backdoor', () => {
    it('guesses the password over SMTP AUTH late on 09-25 from a spraying address', () => {
      const s = signIn(truth.signInIds.legacySuccess);
      expect(s.status.errorCode).toBe(0);
      expect(s.userPrincipalName).toBe(truth.compromisedUser.userPrincipalName);
      expect(s.clientAppUsed).toBe('Authenticated SMTP');
      expect(s.ipAddress).toBe(truth.takeoverIp);
      expect(s.createdDateTime.slice(0, 10)).toBe('2025-09-25');
      expect(Number(s.createdDateTime.slice(11, 13))).toBeGreaterThanOrEqual(18);
    });

    it('signs in to the Azure portal on 09-26 from the same address, single factor', () => {
      const s = signIn(truth.signInIds.portalSuccess);
      expect(s).toMatchObject({
        userId: truth.compromisedUser.id,
        appDisplayName: 'Azure Portal',
        appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        clientAppUsed: 'Browser',
        ipAddress: signIn(truth.signInIds.legacySuccess).ipAddress,
        authenticationRequirement: 'singleFactorAuthentication',
        status: { errorCode: 0 },
      });
      expect(s.createdDateTime.slice(0, 10)).toBe('2025-09-26');
    });

    it('assigns Global Administrator directly to the Octiga service principal, as Core Directory logs it', () => {
      const a = audit(truth.auditIds.roleAssignment);
      expect(a).toMatchObject({
        activityDisplayName: 'Add member to role',
        loggedByService: 'Core Directory',
        category: 'RoleManagement',
        operationType: 'Assign',
        result: 'success',
        initiatedBy: {
          user: {
            id: truth.compromisedUser.id,
            userPrincipalName: 'j.tan@contoso-demo.com',
            ipAddress: truth.takeoverIp,
          },
          app: null,
        },
      });
      expect(a.activityDateTime.slice(0, 10)).toBe('2025-09-26');
      expect(a.activityDateTime > signIn(truth.signInIds.portalSuccess).createdDateTime).toBe(true);
      const target = a.targetResources[0];
      expect(target).toMatchObject({
        id: truth.backdoor.servicePrincipalId,
        displayName: 'Octiga Cloud Security',
        type: 'ServicePrincipal',
      });
      const props = Object.fromEntries((target?.modifiedProperties ?? []).map((p) => [p.displayName, p]));
      expect(Object.keys(props)).toEqual([
        'Role.ObjectID',
        'Role.DisplayName',
        'Role.TemplateId',
        'Role.WellKnownObjectName',
      ]);
      expect(props['Role.DisplayName']).toEqual({
        displayName: 'Role.DisplayName',
        oldValue: null,
        newValue: '"Global Administrator"',
      });
      expect(props['Role.TemplateId']?.newValue).toBe('"62e90394-69f5-4237-9190-012177145e10"');
      expect(props['Role.WellKnownObjectName']?.newValue).toBe('"TenantAdmins"');
      expect(props['Role.ObjectID']?.newValue).toBe(JSON.stringify(sim.tenant.roles.globalAdmin.objectId));
      expect(a.additionalDetails[0]?.key).toBe('User-Agent');
    });

    it('leaves no PIM trail for that assignment', () => {
      const sp = truth.backdoor.servicePrincipalId;
      const mentionsSp = (a: GraphDirectoryAudit) => a.targetResources.some((t) => t.id === sp);
      expect(sim.directoryAudits.filter((a) => a.loggedByService === 'PIM' && mentionsSp(a))).toEqual([]);
      const roleAdds = sim.directoryAudits.filter(
        (a) => a.activityDisplayName === 'Add member to role' && mentionsSp(a),
      );
      expect(roleAdds.map((a) => a.id)).toEqual([truth.auditIds.roleAssignment]);
      const exec = truth.compromisedUser.id;
      expect(sim.directoryAudits.filter((a) => a.loggedByService === 'PIM' && a.initiatedBy.user?.id === exec)).toEqual(
        [],
      );
    });
  });

  describe('spray-backdoor: post-exploitation', () => {
    it('resets passwords as the Octiga application, 09-30 to 10-02, some failing', () => {
      const resets = truth.auditIds.resets.map(audit);
      expect(resets.length).toBeGreaterThanOrEqual(6);
      for (const r of resets) {
        expect(r.initiatedBy.user).toBeNull();
        expect(r.initiatedBy.app).toMatchObject({
          displayName: 'Octiga Cloud Security',
          servicePrincipalId: truth.backdoor.servicePrincipalId,
        });
        expect(r.category).toBe('UserManagement');
        expect(r.activityDateTime >= '2025-09-30' && r.activityDateTime < '2025-10-03').toBe(true);
        expect(r.activityDateTime > audit(truth.auditIds.roleAssignment).activityDateTime).toBe(true);
      }
      expect(new Set(resets.map((r) => `${r.loggedByService}|${r.activityDisplayName}`))).toEqual(
        new Set(['Self-service Password Management|Reset password (by admin)', 'Core Directory|Reset user password']),
      );
      expect(resets.some((r) => r.result === 'failure')).toBe(true);
      expect(resets.some((r) => r.result === 'success')).toBe(true);
      expect(truth.resetTargets.some((t) => !t.succeeded)).toBe(true);
    });

    it('signs in as the service principal from the attacker address', () => {
      expect(truth.signInIds.servicePrincipal.length).toBeGreaterThan(0);
      for (const s of truth.signInIds.servicePrincipal.map(signIn)) {
        expect(s).toMatchObject({
          signInEventTypes: ['servicePrincipal'],
          servicePrincipalId: truth.backdoor.servicePrincipalId,
          servicePrincipalName: 'Octiga Cloud Security',
          ipAddress: truth.takeoverIp,
          isInteractive: false,
          status: { errorCode: 0 },
        });
        expect(s.createdDateTime >= '2025-09-30').toBe(true);
      }
    });

    it('reads mailboxes over Exchange ActiveSync from the attacker address, on a device never seen before', () => {
      const eas = truth.signInIds.exchangeActiveSync.map(signIn);
      const backdoorAt = audit(truth.auditIds.roleAssignment).activityDateTime;
      const victims = new Set(eas.map((s) => s.userPrincipalName));
      expect(victims.has(truth.compromisedUser.userPrincipalName)).toBe(true);
      expect(victims.size).toBeGreaterThan(1);
      for (const s of eas) {
        expect(s).toMatchObject({
          clientAppUsed: 'Exchange ActiveSync',
          appDisplayName: 'Office 365 Exchange Online',
          resourceDisplayName: 'Office 365 Exchange Online',
          ipAddress: truth.takeoverIp,
          status: { errorCode: 0 },
        });
        expect(s.createdDateTime > backdoorAt).toBe(true);
        const before = sim.signIns.filter(
          (o) =>
            o.userId === s.userId && o.createdDateTime < s.createdDateTime && !truth.attackerIps.includes(o.ipAddress),
        );
        expect(before.length).toBeGreaterThan(0);
        const seen = new Set(before.map((o) => JSON.stringify(o.deviceDetail)));
        expect(seen.has(JSON.stringify(s.deviceDetail))).toBe(false);
        if (s.userPrincipalName !== truth.compromisedUser.userPrincipalName) {
          // A reset victim's mailbox is opened only after the app reset that password.
          const reset = truth.auditIds.resets
            .map(audit)
            .find((r) => r.result === 'success' && r.targetResources[0]?.userPrincipalName === s.userPrincipalName);
          expect(reset).toBeDefined();
          expect(s.createdDateTime > (reset?.activityDateTime ?? '9999')).toBe(true);
        }
      }
    });

    it('uses the attacker addresses for nothing but the attack', () => {
      const known = new Set([
        truth.signInIds.legacySuccess,
        truth.signInIds.portalSuccess,
        ...truth.signInIds.servicePrincipal,
        ...truth.signInIds.exchangeActiveSync,
      ]);
      const others = sim.signIns.filter(
        (s) => truth.attackerIps.includes(s.ipAddress) && s.status.errorCode === 0 && !known.has(s.id),
      );
      expect(others).toEqual([]);
    });
  });
});
