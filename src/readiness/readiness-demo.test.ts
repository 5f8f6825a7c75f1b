/**
 * Acceptance on the demo tenant (seed 003, the spray-backdoor scenario): the answers are concrete and pinned;
 * stopping collection for a day shows as a gap with its dates; collection stopping shows as a stopped source;
 * removing a source turns the techniques it feeds covered-but-blind; a snapshot makes licences and keys concrete.
 * The tests share one workspace and change it in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { storeSnapshot } from '../snapshot/store.js';
import { deleteEvents } from '../store/compact.js';
import { assessReadiness, type ReadinessReport } from './report.js';

const NOW = Date.parse('2025-10-03T00:00:00Z'); // the end of the simulated month
let demo: Seed003;
beforeAll(async () => {
  demo = await seed003Workspace();
});
afterAll(() => demo.cleanup());

const source = (r: ReadinessReport, id: string) => r.howFarBack.sources.find((s) => s.source === id);
const technique = (r: ReadinessReport, id: string) => r.howDoWeKnow.techniques.find((t) => t.technique === id);

describe('readiness on the demo tenant', () => {
  it('answers how far back with dates, retention both ways (licence unknown) and the loss date', async () => {
    const r = await assessReadiness(demo.ws, { now: NOW });
    expect(r.licences).toMatchObject({ entra: 'unknown', audit: 'unknown' });
    expect(source(r, 'signins:interactive')).toMatchObject({
      count: 54277,
      earliest: '2025-09-02T00:07:36.000Z',
      latest: '2025-10-02T23:58:45.000Z',
      retentionDays: 7,
      microsoftFrom: '2025-09-26T00:00:00.000Z',
      horizon: '2025-09-02T00:07:36.000Z',
      horizonDays: 31,
      lossDate: '2025-10-09T23:58:45.000Z',
      lost: null,
    });
    expect(source(r, 'signins:interactive')?.retention.map((o) => o.days)).toEqual([7, 30]);
    expect(source(r, 'audits')).toMatchObject({
      count: 548,
      earliest: '2025-09-03T01:07:28.019Z',
      latest: '2025-10-02T12:29:21.405Z',
      lossDate: '2025-10-09T12:29:21.405Z',
    });
    expect(source(r, 'signins:service-principal')).toMatchObject({ count: 3, latest: '2025-10-02T02:05:41.000Z' });
    expect(source(r, 'signins:non-interactive')).toMatchObject({ count: 0, horizon: '2025-09-26T00:00:00.000Z' });
    expect(source(r, 'ual:mail-items-accessed')).toMatchObject({ count: 0, retentionDays: 180 });
    expect(r.howDoWeKnow.sent).toEqual(['signins:interactive', 'signins:service-principal', 'audits']);
    // The simulator records only the spray on 2 September, before ordinary activity starts on the 3rd: the
    // baseline sees those empty working hours as gaps, and nothing else in the month.
    expect(r.howFarBack.gaps.map((g) => [g.source, g.start, g.end, g.hours])).toEqual([
      ['signins:interactive', '2025-09-02T01:00:00.000Z', '2025-09-02T05:00:00.000Z', 4],
      ['signins:interactive', '2025-09-02T07:00:00.000Z', '2025-09-02T08:00:00.000Z', 1],
      ['signins:interactive', '2025-09-02T11:00:00.000Z', '2025-09-02T13:00:00.000Z', 2],
      ['signins:interactive', '2025-09-02T15:00:00.000Z', '2025-09-03T00:00:00.000Z', 9],
    ]);
    expect(r.blindSpots).toEqual({ stopped: [], tampering: [] });
    // The parts of the score that do not depend on how many rules the library holds today.
    expect(r.score.parts.filter((p) => p.name !== 'know').map((p) => [p.name, p.points])).toEqual([
      ['look-back', 1.6],
      ['keys', 0],
      ['integrity', 15],
    ]);
    expect(r.actions.at(-1)?.kind).toBe('snapshot');
  });

  it('answers how do we know and how fast for the seed-003 chain', async () => {
    const r = await assessReadiness(demo.ws, { now: NOW });
    expect(technique(r, 'password-spray')?.state).toBe('covered');
    expect(technique(r, 'privileged-role-to-service-principal')?.state).toBe('covered');
    // Token replay shows only in non-interactive sign-ins, which the demo tenant does not send.
    expect(technique(r, 'token-replay')?.state).not.toBe('covered');
    expect(technique(r, 'token-replay')?.sourcesMissing).toEqual(['signins:non-interactive']);
    const spray = r.howFast.scenarios.find((s) => s.scenario === 'spray-backdoor');
    // Audits: 3 min typical pipeline + 15 s mean poll wait; worst 30 min + 30 s (sources.ts, UNVERIFIED figures).
    expect([spray?.firstAlertTypicalS, spray?.firstAlertWorstS]).toEqual([195, 1830]);
    expect(spray?.steps.map((s) => [s.technique, s.detectable, s.totalTypicalS])).toEqual([
      ['password-spray', true, 315],
      ['privileged-role-to-service-principal', true, 195],
    ]);
    const mail = r.howFast.scenarios.find((s) => s.scenario === 'storm-0558-mail-access');
    expect(mail?.firstAlertTypicalS).toBeNull();
  });

  it('shows a day without collection as a gap with its dates', async () => {
    await deleteEvents(
      demo.ws,
      'signins',
      `event_type = 'interactiveUser' AND created_at >= '2025-09-17T00:00:00Z' AND created_at < '2025-09-18T00:00:00Z'`,
    );
    const r = await assessReadiness(demo.ws, { now: NOW });
    const gaps = r.howFarBack.gaps.filter((g) => g.start >= '2025-09-03');
    expect(gaps).toEqual([
      {
        source: 'signins:interactive',
        start: '2025-09-17T00:00:00.000Z',
        end: '2025-09-18T00:00:00.000Z',
        hours: 24,
        expected: 948,
      },
    ]);
  });

  it('shows collection that stopped as a stopped source, first among the actions', async () => {
    const r = await assessReadiness(demo.ws, { now: Date.parse('2025-10-06T12:00:00Z') });
    expect(r.blindSpots.stopped.map((s) => [s.source, s.lastEvent, s.silentHours])).toEqual([
      ['signins:interactive', '2025-10-02T23:58:45.000Z', 84],
    ]);
    expect(r.actions[0]?.kind).toBe('restart-collection');
    expect(r.actions[0]?.text).toContain('drops the first uncollected event on 2025-10-09');
    // A stopped source is not sent: the spray is now covered but blind.
    expect(technique(r, 'password-spray')?.state).toBe('covered-but-blind');
  });

  it('turns techniques covered-but-blind when their source is removed', async () => {
    await deleteEvents(demo.ws, 'signins', `event_type = 'interactiveUser'`);
    const r = await assessReadiness(demo.ws, { now: NOW });
    expect(r.howDoWeKnow.sent).toEqual(['signins:service-principal', 'audits']);
    const spray = technique(r, 'password-spray');
    expect(spray?.state).toBe('covered-but-blind');
    expect(spray?.blind.find((b) => b.rule === 'ae35311f-0975-491a-b324-e0314db2a738')?.missing).toEqual([
      'signins:interactive',
      'signins:non-interactive',
    ]);
    // Audit-only techniques are untouched.
    expect(technique(r, 'privileged-role-to-service-principal')?.state).toBe('covered');
    expect(r.howFast.scenarios.find((s) => s.scenario === 'spray-backdoor')?.steps[0]?.reason).toBe(
      'covered-but-blind',
    );
  });

  it('reads licences and keys from a configuration snapshot', async () => {
    await storeSnapshot(demo.ws, {
      snapshotId: 'snap-1',
      takenAt: '2025-10-02T12:00:00Z',
      tenantId: 'tenant-1',
      origin: 'folder',
      resources: [
        {
          name: 'subscribedSkus',
          status: 'ok',
          body: {
            value: [{ id: 's1', skuPartNumber: 'SPE_E5', capabilityStatus: 'Enabled', prepaidUnits: { enabled: 50 } }],
          },
        },
        {
          name: 'applications',
          status: 'ok',
          body: {
            value: [
              {
                id: 'app-1',
                appId: 'appid-1',
                displayName: 'Invoicing',
                passwordCredentials: [
                  { keyId: 'k1', startDateTime: '2023-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' },
                ],
                keyCredentials: [],
              },
            ],
          },
        },
        { name: 'servicePrincipals', status: 'ok', body: { value: [] } },
      ],
    });
    const r = await assessReadiness(demo.ws, { now: NOW });
    expect(r.licences).toMatchObject({ entra: 'p2', audit: 'premium', skus: ['SPE_E5'], snapshotId: 'snap-1' });
    expect(source(r, 'audits')).toMatchObject({ retentionDays: 30, lossDate: '2025-11-01T12:29:21.405Z' });
    expect(source(r, 'ual')).toMatchObject({ retentionDays: 365 });
    expect(source(r, 'snapshots')).toMatchObject({ count: 1, earliest: '2025-10-02T12:00:00.000Z' });
    expect(r.credentials.rotateFirst.map((c) => [c.keyId, c.issues, c.ageDays])).toEqual([
      ['k1', ['long-lifetime', 'never-rotated'], 1006],
    ]);
  });
});
