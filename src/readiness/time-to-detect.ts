/**
 * "How fast can we know?" per attack scenario: from the attacker's action to premortem's alert =
 *   Microsoft's pipeline delay for the source (sources.ts, documented where the reference has it)
 * + the wait for the next poll (watch interval: half of it on average, all of it at worst)
 * + premortem's own time from the event being available in Graph to the alert (measured by replaying the scenario
 *   through the Graph test server into watch; null until a measurement is supplied).
 * A step whose technique is uncovered or blind has no time: it is never detected.
 */
import type { TechniqueCoverage } from './coverage.js';
import { type SourceId, sourceDef } from './sources.js';

/** One detection point of a scenario: the technique that should raise the alert and where its evidence is. */
export interface ScenarioStep {
  readonly technique: string;
  readonly source: SourceId;
  readonly what: string;
}

/** An attack scenario readiness times: the simulator's scenarios and the seeds' stories. */
export interface DetectionScenario {
  readonly id: string;
  readonly title: string;
  /** The simulator scenario that replays it (src/simulate/scenarios), when there is one. */
  readonly simulator: string | undefined;
  readonly steps: readonly ScenarioStep[];
}

/** The scenarios issue 8 names: the seed-003 chain, Storm-0558-style mail access, the MFA policy rollback. */
export const DETECTION_SCENARIOS: readonly DetectionScenario[] = [
  {
    id: 'spray-backdoor',
    title: 'Seed 003: password spray, then Global Administrator on a service principal outside PIM',
    simulator: 'spray-backdoor',
    steps: [
      { technique: 'password-spray', source: 'signins:interactive', what: 'spray over legacy protocols' },
      { technique: 'privileged-role-to-service-principal', source: 'audits', what: 'backdoor role assignment' },
    ],
  },
  {
    id: 'storm-0558-mail-access',
    title: 'Seed 004: forged or stolen token reads mail (MailItemsAccessed by an unusual app)',
    simulator: 'token-theft',
    steps: [
      { technique: 'token-replay', source: 'signins:non-interactive', what: 'token replayed from a new address' },
      {
        technique: 'mail-access-unusual-app',
        source: 'ual:mail-items-accessed',
        what: 'mailbox read by an unusual app',
      },
    ],
  },
  {
    id: 'mfa-rollback',
    title: 'Seed 000: MFA Conditional Access policy rolled back',
    simulator: 'mfa-exception',
    steps: [{ technique: 'conditional-access-weakened', source: 'audits', what: 'MFA policy disabled or relaxed' }],
  },
];

/**
 * A replay through watch: the test server exposed the scenario's events half an interval after a poll ended, and
 * the alert came `availableToAlertMs` later (test/graph-server/time-to-alert.ts measures exactly this for the spray).
 */
export interface DetectionMeasurement {
  readonly scenario: string;
  readonly technique: string;
  /** Milliseconds from the server exposing the events to watch printing the alert. */
  readonly availableToAlertMs: number;
  /** The watch interval of the replay: half of it was spent waiting for the next poll. */
  readonly intervalMs: number;
  readonly method: string;
  readonly measuredAt: string;
}

/**
 * premortem's own share of a measurement: the measured time less the half interval spent waiting for the poll
 * (events were exposed mid-interval), so it combines with any configured interval.
 */
export function processingMs(m: DetectionMeasurement): number {
  return Math.max(0, m.availableToAlertMs - m.intervalMs / 2);
}

/** The timed answer for one step. */
export interface StepTime {
  readonly technique: string;
  readonly source: SourceId;
  readonly what: string;
  readonly detectable: boolean;
  readonly reason: string | null;
  readonly pipelineTypicalS: number | null;
  readonly pipelineWorstS: number | null;
  readonly pollMeanS: number;
  readonly pollWorstS: number;
  /** Measured premortem processing (seconds), null when not measured. */
  readonly processingS: number | null;
  readonly processingMethod: string | null;
  /** End to end: typical and worst, seconds (processing counted as 0 when not measured, and said so). */
  readonly totalTypicalS: number | null;
  readonly totalWorstS: number | null;
}

/** The timed answer for one scenario: it is detected when its first detectable step alerts. */
export interface ScenarioTime {
  readonly scenario: string;
  readonly title: string;
  readonly steps: readonly StepTime[];
  readonly firstAlertTypicalS: number | null;
  readonly firstAlertWorstS: number | null;
}

/** Times every scenario against the coverage matrix, the watch interval and the measurements supplied. */
export function timeToDetect(
  coverage: readonly TechniqueCoverage[],
  intervalMs: number,
  measurements: readonly DetectionMeasurement[],
  scenarios: readonly DetectionScenario[] = DETECTION_SCENARIOS,
): ScenarioTime[] {
  const pollWorstS = intervalMs / 1000;
  return scenarios.map((sc) => {
    const steps = sc.steps.map((st): StepTime => {
      const row = coverage.find((c) => c.technique === st.technique);
      const delay = sourceDef(st.source).delay;
      const m = measurements.find((x) => x.scenario === sc.id && x.technique === st.technique);
      const sees = row?.state === 'covered' && row.sourcesSent.includes(st.source);
      const reason = !row
        ? 'technique not in the catalogue'
        : row.state !== 'covered'
          ? row.state
          : sees
            ? null
            : `${st.source} not sent`;
      const processingS = m === undefined ? null : Math.round(processingMs(m) / 100) / 10;
      const total = (pipelineMin: number | undefined, poll: number) =>
        !sees || pipelineMin === undefined ? null : Math.round(pipelineMin * 60 + poll + (processingS ?? 0));
      return {
        technique: st.technique,
        source: st.source,
        what: st.what,
        detectable: sees,
        reason,
        pipelineTypicalS: delay ? delay.typicalMinutes * 60 : null,
        pipelineWorstS: delay ? delay.worstMinutes * 60 : null,
        pollMeanS: pollWorstS / 2,
        pollWorstS,
        processingS,
        processingMethod: m?.method ?? null,
        totalTypicalS: total(delay?.typicalMinutes, pollWorstS / 2),
        totalWorstS: total(delay?.worstMinutes, pollWorstS),
      };
    });
    const typical = steps.map((s) => s.totalTypicalS).filter((x): x is number => x !== null);
    const worst = steps.map((s) => s.totalWorstS).filter((x): x is number => x !== null);
    return {
      scenario: sc.id,
      title: sc.title,
      steps,
      firstAlertTypicalS: typical.length === 0 ? null : Math.min(...typical),
      firstAlertWorstS: worst.length === 0 ? null : Math.min(...worst),
    };
  });
}
