/**
 * Collection gaps and sources that stopped. A run of hours with no events is a gap when the baseline says events
 * were due: if actors appear at the hour's expected rate λ (Poisson; hourly.ts), the chance of a whole run being empty is
 * exp(-Σλ); the run is reported when that chance is under ALPHA. Nights and weekends, where the baseline is near
 * zero, never add up to a gap; a day with no collection in a working week does.
 */
import type { Workspace } from '../store/workspace.js';
import { expectedAt, expectedCounts, HOUR_MS, type HourlySeries, hourlySeries } from './hourly.js';
import type { SourceDef } from './sources.js';

/** A run of empty hours is a gap when P(empty | baseline) < ALPHA: Σλ > ln(1/ALPHA) ≈ 6.9 expected events. */
export const ALPHA = 0.001;
const THRESHOLD = Math.log(1 / ALPHA);
/** Series longer than this are cut to their newest part: the baseline needs weeks, not years. */
const MAX_HOURS = 24 * 400;

/** A collection gap: hours [start, end) held no event where about `expected` distinct actors were due. */
export interface Gap {
  readonly source: string;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly expected: number;
}

/** A source whose events stopped: nothing since `lastEvent` though about `expected` distinct actors were due by `now`. */
export interface Stopped {
  readonly source: string;
  readonly lastEvent: string;
  readonly silentHours: number;
  readonly expected: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const iso = (ms: number) => new Date(ms).toISOString();

/** Gaps inside a series (runs of empty hours between its first and last events). */
export function gapsIn(source: string, series: HourlySeries): Gap[] {
  const expected = expectedCounts(series);
  const out: Gap[] = [];
  let runStart = -1;
  let sum = 0;
  const close = (end: number) => {
    if (runStart >= 0 && sum > THRESHOLD) {
      out.push({
        source,
        start: iso(series.start + runStart * HOUR_MS),
        end: iso(series.start + end * HOUR_MS),
        hours: end - runStart,
        expected: round1(sum),
      });
    }
    runStart = -1;
    sum = 0;
  };
  series.counts.forEach((c, i) => {
    if (c > 0) {
      close(i);
      return;
    }
    if (runStart < 0) runStart = i;
    sum += expected[i] as number;
  });
  close(series.counts.length);
  return out;
}

/** Whether a source stopped: the hours after its last event up to now were due Σλ > threshold events. */
export function stoppedAfter(source: string, series: HourlySeries, lastEvent: number, now: number): Stopped | null {
  let sum = 0;
  let hours = 0;
  for (let t = Math.floor(lastEvent / HOUR_MS) * HOUR_MS + HOUR_MS; t + HOUR_MS <= now; t += HOUR_MS) {
    sum += expectedAt(series, t);
    hours++;
  }
  if (sum <= THRESHOLD) return null;
  return { source, lastEvent: iso(lastEvent), silentHours: hours, expected: round1(sum) };
}

/** Gaps and stop of one source, from its extent. */
export async function sourceGaps(
  ws: Workspace,
  def: SourceDef,
  earliest: string | null,
  latest: string | null,
  now: number,
): Promise<{ gaps: Gap[]; stopped: Stopped | null }> {
  if (earliest === null || latest === null || def.table === 'snapshots') return { gaps: [], stopped: null };
  const last = Date.parse(latest);
  const from = Math.max(Date.parse(earliest), last - MAX_HOURS * HOUR_MS);
  // The series ends after the last event's hour: the empty tail is judged by stoppedAfter, not as a gap.
  const series = await hourlySeries(ws, def, from, Math.floor(last / HOUR_MS) * HOUR_MS + HOUR_MS);
  return { gaps: gapsIn(def.id, series), stopped: stoppedAfter(def.id, series, last, now) };
}
