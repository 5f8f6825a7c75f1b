import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { simulate } from '../../simulate.js';
import { burstAppSecret } from './index.js';

const run = (seed: number) => {
  const base = simulate({ seed, scenario: 'none' });
  return burstAppSecret.run(base.tenant, new Rng(seed).fork(`scenario:${burstAppSecret.name}`), base);
};

describe.each([1, 7])('burst-app-secret, seed %i', (seed) => {
  const out = run(seed);
  const t = out.truth;
  const byId = new Map(out.signIns.map((s) => [s.id, s]));

  it('is deterministic for a seed', () => {
    expect(run(seed).truth).toEqual(t);
  });

  it('bursts for about two hours over POP3 and Exchange Web Services from two addresses', () => {
    const failures = out.signIns.filter((s) => s.status.errorCode !== 0);
    expect(failures.length).toBeGreaterThan(200);
    expect(new Set(failures.map((s) => s.clientAppUsed))).toEqual(new Set(['POP3', 'Exchange Web Services']));
    expect(new Set(failures.map((s) => s.ipAddress))).toEqual(new Set(t.attackerIps));
    const times = failures.map((s) => Date.parse(s.createdDateTime)).sort((a, b) => a - b);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeLessThan(3 * 3_600_000);
    expect(byId.get(t.signInIds.success)?.clientAppUsed).toBe('POP3');
  });

  it('adds a secret to an app, which invites a guest and makes it Global Administrator, then reads mail over IMAP4', () => {
    const [credential, invite, role] = out.directoryAudits;
    expect(credential?.id).toBe(t.auditIds.credentialAdded);
    expect(credential?.initiatedBy.user?.userPrincipalName).toBe(t.compromisedUser.userPrincipalName);
    expect(credential?.targetResources[0]?.type).toBe('Application');
    expect(JSON.stringify(credential?.targetResources)).toContain(t.application.keyId);
    expect(invite?.initiatedBy.app?.displayName).toBe(t.application.displayName);
    expect(role?.targetResources[0]?.userPrincipalName).toBe(t.guestUpn);
    expect(role?.initiatedBy.app?.servicePrincipalId).toBe(t.application.servicePrincipalId);
    for (const id of t.signInIds.imap) expect(byId.get(id)?.clientAppUsed).toBe('IMAP4');
    for (const id of t.signInIds.appSignIns) expect(byId.get(id)?.servicePrincipalName).toBe(t.application.displayName);
  });
});
