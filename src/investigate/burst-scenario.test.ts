import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { expectGolden } from '../../test/golden.js';
import { type BurstWorkspace, burstWorkspace } from '../../test/scenario-burst.js';
import { buildFootprint } from './footprint.js';
import { footprintMarkdown } from './footprint-format.js';
import type { Footprint } from './footprint-model.js';
import type { Incident } from './incident-model.js';
import { buildIncidents } from './incidents.js';
import { buildTimeline } from './timeline.js';
import { timelineMarkdown } from './timeline-format.js';
import type { Timeline } from './timeline-model.js';

// The second shape: a two-hour POP3/EWS burst, a secret added to the tenant's own app, the app inviting a guest and
// making it Global Administrator, IMAP4 reads. Nothing in the investigation code knows this story.
describe('investigation on the burst-app-secret scenario', () => {
  let b: BurstWorkspace;
  let incidents: Incident[];
  let timeline: Timeline;
  let footprint: Footprint;
  beforeAll(async () => {
    b = await burstWorkspace(1, CORE_RULE_FILES);
    incidents = await buildIncidents(b.ws);
    timeline = await buildTimeline(b.ws, { alertIds: incidents[0]?.alert_ids ?? [] });
    footprint = await buildFootprint(b.ws, { kind: 'user', value: b.truth.compromisedUser.userPrincipalName });
  }, 600_000);
  afterAll(() => b?.cleanup());

  it('ties the burst and the guest made Global Administrator into one incident through the app secret', () => {
    expect(incidents).toHaveLength(1);
    const inc = incidents[0] as Incident;
    expect(inc.actors.users).toContain(b.truth.compromisedUser.userPrincipalName);
    expect(inc.actors.service_principals).toContain(b.truth.application.displayName);
    expect(inc.entities.ips.sort()).toEqual([...b.truth.attackerIps].sort());
  });

  it('folds the burst into one timeline line with the protocols and addresses', () => {
    const spray = timeline.entries.filter((e) => e.action.startsWith('Password spray'));
    expect(spray).toHaveLength(1);
    expect(spray[0]?.action).toMatch(
      /from 2 addresses \(198\.51\.100\.150, 198\.51\.100\.151\) over Exchange Web Services, POP3/,
    );
    const credential = timeline.entries.find((e) => e.evidence.uids.includes(b.truth.auditIds.credentialAdded));
    expect(credential?.action).toMatch(/^Update application – Certificates and secrets management/);
  });

  it('follows the app the attacker added a secret to, and the guest that app created and elevated', () => {
    const names = footprint.identities.map((i) => i.name);
    expect(names).toEqual([
      b.truth.compromisedUser.userPrincipalName,
      b.truth.application.displayName,
      b.truth.guestUpn,
    ]);
    // The application's row names its service principal by object id and app id, as a responder removes it.
    expect(footprint.identities[1]).toMatchObject({
      kind: 'sp',
      id: b.truth.application.servicePrincipalId,
      app_id: b.truth.application.appId,
    });
    const by = (cat: string) => footprint.actions.filter((a) => a.category === cat).flatMap((a) => a.uids);
    expect(by('credential added')).toEqual([b.truth.auditIds.credentialAdded]);
    expect(by('user created')).toEqual([b.truth.auditIds.guestInvited]);
    expect(by('role change')).toContain(b.truth.auditIds.roleAssignment);
    for (const id of [...b.truth.signInIds.imap, b.truth.signInIds.success]) expect(by('mailbox access')).toContain(id);
    const app = footprint.actions.filter((a) => a.activity === 'Service principal sign-in').flatMap((a) => a.uids);
    expect(app.sort()).toEqual([...b.truth.signInIds.appSignIns].sort());
    // The engineer's own work from the office after the compromise is listed, but not as the attacker's.
    const office = footprint.actions.filter(
      (a) => a.table === 'audits' && !a.attacker && a.actor === b.truth.compromisedUser.userPrincipalName,
    );
    expect(office.length).toBeGreaterThan(0);
    expect(office.every((a) => a.ip !== null && !b.truth.attackerIps.includes(a.ip))).toBe(true);
  });

  it('matches the reviewed golden timeline', () => {
    expectGolden('timeline-burst-app-secret.md', timelineMarkdown(timeline));
  });

  it('matches the reviewed golden footprint', () => {
    expectGolden('footprint-burst-app-secret.md', footprintMarkdown(footprint));
  });
});
