/**
 * The simulated month and the time formats Graph writes. Every time in the simulation is derived from these
 * constants and the seed, never from the clock, so a seed always gives the same files.
 */

/** First instant of ordinary tenant activity (UTC). */
export const SIMULATION_START = Date.UTC(2025, 8, 3); // 2025-09-03T00:00:00Z
/** End of the simulated window, exclusive (UTC): the day the seed-003 incident was contained. */
export const SIMULATION_END = Date.UTC(2025, 9, 3); // 2025-10-03T00:00:00Z

/** One second in milliseconds. */
export const SECOND = 1_000;
/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** One day in milliseconds (UTC days have no DST). */
export const DAY = 86_400_000;

/** Milliseconds since the epoch for an ISO 8601 UTC text; throws on a typo, so scenario constants fail loudly. */
export function utc(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${iso}`);
  return ms;
}

/** Graph beta signIn.createdDateTime: whole seconds, e.g. "2025-09-26T10:15:03Z". */
export function graphSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Graph directoryAudit.activityDateTime: seven fractional digits (.NET ticks), e.g. "2025-09-26T01:26:44.1234567Z".
 * `subMs` (0-9999) fills the digits below the millisecond; callers draw it from their stream.
 */
export function graphTicks(ms: number, subMs: number): string {
  const iso = new Date(ms).toISOString(); // "2025-09-26T01:26:44.123Z"
  return `${iso.slice(0, 23)}${String(subMs).padStart(4, '0').slice(0, 4)}Z`;
}

/** The UTC midnights of every day in [start, end). */
export function daysBetween(start: number, end: number): number[] {
  const days: number[] = [];
  for (let d = start - (start % DAY); d < end; d += DAY) days.push(d);
  return days;
}

/** Saturday or Sunday in the given UTC offset (hours). */
export function isWeekend(dayUtc: number, utcOffsetHours: number): boolean {
  const wd = new Date(dayUtc + 12 * HOUR + utcOffsetHours * HOUR).getUTCDay();
  return wd === 0 || wd === 6;
}

/** The UTC instant of a local wall-clock time (hours, fractional allowed) on a UTC day, for an offset in hours. */
export function localToUtc(dayUtc: number, localHours: number, utcOffsetHours: number): number {
  return dayUtc + Math.round((localHours - utcOffsetHours) * HOUR);
}
