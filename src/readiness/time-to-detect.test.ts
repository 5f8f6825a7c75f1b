import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../simulate/index.js';
import type { TechniqueCoverage } from './coverage.js';
import { parseMeasurements } from './measurement.js';
import { DETECTION_SCENARIOS, timeToDetect } from './time-to-detect.js';

const row = (
  technique: string,
  state: TechniqueCoverage['state'],
  sent: TechniqueCoverage['sourcesSent'],
): TechniqueCoverage => ({
  technique,
  name: technique,
  attack: [],
  origin: [],
  state,
  seeing: state === 'covered' ? ['r'] : [],
  blind: [],
  sourcesSent: sent,
  sourcesMissing: [],
});

describe('timeToDetect', () => {
  const coverage = [
    row('password-spray', 'covered', ['signins:interactive']),
    row('privileged-role-to-service-principal', 'covered', ['audits']),
    row('token-replay', 'covered-but-blind', []),
  ];

  it('adds the pipeline delay, the poll wait and the measured processing', () => {
    const measured = parseMeasurements(
      '{"metric":"time-to-alert","rule":"Password spray from one source","intervalSeconds":5,"timeToAlertSeconds":19.7}\n',
      '2026-01-01T00:00:00Z',
    );
    expect(measured).toEqual([
      {
        scenario: 'spray-backdoor',
        technique: 'password-spray',
        availableToAlertMs: 19_700,
        intervalMs: 5000,
        method: 'watch replay through the Graph test server (interval 5s)',
        measuredAt: '2026-01-01T00:00:00Z',
      },
    ]);
    const [spray] = timeToDetect(coverage, 60_000, measured);
    // 19.7 s measured, 2.5 s of it waiting for the next 5 s poll: 17.2 s of premortem's own work.
    expect(spray?.steps[0]).toMatchObject({
      processingS: 17.2,
      pollMeanS: 30,
      totalTypicalS: 300 + 30 + 17,
      totalWorstS: 7200 + 60 + 17,
    });
    expect(spray?.steps[1]).toMatchObject({ processingS: null, totalTypicalS: 180 + 30 });
    expect(spray?.firstAlertTypicalS).toBe(210);
  });

  it('never detects a step whose technique is blind or uncovered', () => {
    const storm = timeToDetect(coverage, 30_000, []).find((s) => s.scenario === 'storm-0558-mail-access');
    expect(storm?.steps.map((s) => [s.technique, s.detectable, s.reason])).toEqual([
      ['token-replay', false, 'covered-but-blind'],
      ['mail-access-unusual-app', false, 'technique not in the catalogue'],
    ]);
    expect(storm?.firstAlertTypicalS).toBeNull();
  });

  it('rejects a measurement for a rule it cannot place', () => {
    expect(() =>
      parseMeasurements('{"metric":"time-to-alert","rule":"Other","intervalSeconds":5,"timeToAlertSeconds":1}', 'x'),
    ).toThrow(/unknown rule "Other"/);
  });
});

describe('DETECTION_SCENARIOS', () => {
  it('names a registered simulator scenario for every story, so each one can be replayed', () => {
    const registered = new Set(SCENARIOS.map((s) => s.name as string));
    for (const sc of DETECTION_SCENARIOS) expect(registered.has(sc.simulator ?? ''), sc.id).toBe(true);
    expect(DETECTION_SCENARIOS.find((s) => s.id === 'storm-0558-mail-access')?.simulator).toBe('token-theft');
  });
});
