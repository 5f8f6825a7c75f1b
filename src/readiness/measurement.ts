/**
 * Reads time-to-detect measurements: readiness's own array of DetectionMeasurement, or the JSON lines that
 * test/graph-server/time-to-alert.ts (the watch replay of `npm run bench`) prints:
 *   {"metric":"time-to-alert","rule":"Password spray campaign","intervalSeconds":30,"timeToAlertSeconds":19.7,...}
 * Rule titles map to the scenario step they time; a title readiness does not know is an input error, not ignored.
 */
import { PremortemError } from '../core/errors.js';
import type { DetectionMeasurement } from './time-to-detect.js';

/** Alert titles of the replays, and the scenario step each times. */
const REPLAYED_RULES: Record<string, { scenario: string; technique: string }> = {
  // Older measurement files name the per-address rule; watch now announces the campaign that folds it.
  'Password spray from one source': { scenario: 'spray-backdoor', technique: 'password-spray' },
  'Password spray campaign': { scenario: 'spray-backdoor', technique: 'password-spray' },
};

interface TimeToAlert {
  metric: 'time-to-alert';
  rule: string;
  intervalSeconds: number;
  timeToAlertSeconds: number | null;
}

function isTimeToAlert(v: unknown): v is TimeToAlert {
  return v !== null && typeof v === 'object' && (v as { metric?: unknown }).metric === 'time-to-alert';
}

function fromTimeToAlert(v: TimeToAlert, measuredAt: string): DetectionMeasurement | undefined {
  const step = REPLAYED_RULES[v.rule];
  if (step === undefined) {
    throw new PremortemError('input-malformed', `time-to-alert measurement for an unknown rule "${v.rule}"`, {
      hint: `known: ${Object.keys(REPLAYED_RULES).join(', ')}`,
    });
  }
  // No alert within the replay's time limit: nothing measured (the step keeps its modelled figure).
  if (v.timeToAlertSeconds === null) return undefined;
  return {
    ...step,
    availableToAlertMs: v.timeToAlertSeconds * 1000,
    intervalMs: v.intervalSeconds * 1000,
    method: `watch replay through the Graph test server (interval ${v.intervalSeconds}s)`,
    measuredAt,
  };
}

function isMeasurement(v: unknown): v is DetectionMeasurement {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.scenario === 'string' &&
    typeof o.technique === 'string' &&
    typeof o.availableToAlertMs === 'number' &&
    typeof o.intervalMs === 'number'
  );
}

/** Parses measurement text: a JSON array of measurements, or time-to-alert JSON objects one per line. */
export function parseMeasurements(text: string, measuredAt: string): DetectionMeasurement[] {
  const trimmed = text.trim();
  const values: unknown[] = [];
  try {
    if (trimmed.startsWith('[')) values.push(...(JSON.parse(trimmed) as unknown[]));
    else for (const line of trimmed.split('\n')) if (line.trim() !== '') values.push(JSON.parse(line));
  } catch (err) {
    throw new PremortemError('input-malformed', `measurements are not JSON: ${(err as Error).message}`);
  }
  return values.flatMap((v) => {
    if (isTimeToAlert(v)) {
      const m = fromTimeToAlert(v, measuredAt);
      return m === undefined ? [] : [m];
    }
    if (isMeasurement(v)) return [v];
    throw new PremortemError('input-malformed', `not a time-to-detect measurement: ${JSON.stringify(v).slice(0, 120)}`);
  });
}
