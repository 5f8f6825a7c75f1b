import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { expectGolden } from '../../test/golden.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildFootprint } from './footprint.js';
import { displaySignins, footprintMarkdown, footprintText } from './footprint-format.js';
import type { Footprint } from './footprint-model.js';
import { buildIncidents } from './incidents.js';

describe('footprint on the demo scenario (seed 003)', () => {
  let s: Seed003;
  let user: Footprint;
  let sp: Footprint;
  beforeAll(async () => {
    s = await seed003Workspace(1, CORE_RULE_FILES);
    user = await buildFootprint(s.ws, { kind: 'user', value: s.truth.compromisedUser.userPrincipalName });
    sp = await buildFootprint(s.ws, { kind: 'sp', value: s.truth.backdoor.servicePrincipalId });
  }, 600_000);
  afterAll(() => s?.cleanup());

  const uidsOf = (f: Footprint, category?: string) =>
    f.actions.filter((a) => category === undefined || a.category === category).flatMap((a) => a.uids);

  it('starts at the first alert naming the account and follows the backdoor and the reset victims', () => {
    expect(user.since?.slice(0, 10)).toBe('2025-09-02');
    const followed = user.identities.map((i) => i.name);
    expect(followed).toContain(s.truth.backdoor.displayName);
    for (const t of s.truth.resetTargets.filter((r) => r.succeeded)) expect(followed).toContain(t.userPrincipalName);
    for (const t of s.truth.resetTargets.filter((r) => !r.succeeded))
      expect(followed).not.toContain(t.userPrincipalName);
    const backdoor = user.identities.find((i) => i.kind === 'sp');
    expect(backdoor?.via).toBe(s.truth.auditIds.roleAssignment);
  });

  it("includes the service principal's role assignment, the credential, the resets and the mailbox access", () => {
    expect(uidsOf(user, 'role change')).toEqual([s.truth.auditIds.roleAssignment]);
    expect(uidsOf(user, 'credential added')).toEqual([s.truth.auditIds.credentialAdded]);
    const resets = uidsOf(user, 'password reset');
    for (const id of s.truth.auditIds.resets) expect(resets).toContain(id);
    const mail = uidsOf(user, 'mailbox access');
    for (const id of s.truth.signInIds.exchangeActiveSync) expect(mail).toContain(id);
    const spSignins = user.actions.filter((a) => a.activity === 'Service principal sign-in').flatMap((a) => a.uids);
    expect(spSignins.sort()).toEqual([...s.truth.signInIds.servicePrincipal].sort());
    expect(user.actions.filter((a) => a.table !== 'signins' || a.category !== 'sign-in').every((a) => a.attacker)).toBe(
      true,
    );
    expect(user.touched.roles).toEqual([s.truth.backdoor.roleDisplayName]);
  });

  it("follows the service principal from its assignment: how it got its role, its resets and its victims' mail", () => {
    expect(sp.identities[0]).toMatchObject({
      kind: 'sp',
      name: s.truth.backdoor.displayName,
      id: s.truth.backdoor.servicePrincipalId,
      app_id: s.truth.backdoor.appId,
    });
    expect(sp.since?.slice(0, 16)).toBe('2025-09-26T01:18');
    const byOthers = sp.actions.filter((a) => a.category === 'changed by others').flatMap((a) => a.uids);
    expect(byOthers).toContain(s.truth.auditIds.roleAssignment);
    expect(byOthers).toContain(s.truth.auditIds.credentialAdded);
    const resets = uidsOf(sp, 'password reset');
    for (const id of s.truth.auditIds.resets) expect(resets).toContain(id);
    // The executive's own EAS reads are his footprint, not the app's; the reset victims' reads are the app's.
    const mail = sp.actions.filter((a) => a.category === 'mailbox access');
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.every((a) => a.actor !== s.truth.compromisedUser.userPrincipalName)).toBe(true);
  });

  it('groups the alerts into one incident', async () => {
    const incidents = await buildIncidents(s.ws);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.severity).toBe('critical');
    expect(incidents[0]?.actors.users).toEqual([s.truth.compromisedUser.userPrincipalName]);
    expect(incidents[0]?.entities.ips.sort()).toEqual([...s.truth.attackerIps].sort());
  });

  it('lists in text the sign-ins --json lists: every attacker-address group, the others folded per identity', () => {
    const text = footprintText(user);
    const shown = displaySignins(user);
    expect(shown.attacker.length).toBeGreaterThan(0);
    expect(text).toContain('Sign-ins from attacker addresses:');
    for (const g of shown.attacker) expect(text).toContain(`${g.identity} from ${g.ip}`);
    for (const o of shown.other) expect(text).toContain(`  ${o.identity}: ${o.count} from`);
  });

  it('matches the reviewed golden footprint of the compromised account', () => {
    expectGolden('footprint-seed-003.md', footprintMarkdown(user));
  });

  it('matches the reviewed golden footprint of the backdoor service principal', () => {
    expectGolden('footprint-seed-003-sp.md', footprintMarkdown(sp));
  });
});
