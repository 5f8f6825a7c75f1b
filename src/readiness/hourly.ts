/**
 * Hourly event counts of a source and the baseline they give: the expected count for an hour is the lowest count at
 * the same hour of the week in the other weeks held (a measured baseline, not a guess). The lowest, not the mean or
 * the median: a sustained attack (seed 003's spray ran three weeks, 7,000 failed sign-ins) fills the same hours of
 * several weeks and lifted a median enough to report ordinary quiet hours as gaps; the minimum only says "this hour
 * has never been empty before". The price: a gap at the same hour in every week held is not reported.
 */
import type { Workspace } from '../store/workspace.js';
import type { SourceDef } from './sources.js';

export const HOUR_MS = 3_600_000;

/**
 * Distinct actors per UTC hour from `start` (ms, on an hour); hours without events count 0. Actors, not events
 * (sources.ts `actor`): an hour's count is a lower bound of its events, so a gap judged on actors is a gap in events.
 */
export interface HourlySeries {
  readonly start: number;
  readonly counts: readonly number[];
}

/** The source's hourly actor counts over [from, to) (both ms, floored to the hour). */
export async function hourlySeries(ws: Workspace, def: SourceDef, from: number, to: number): Promise<HourlySeries> {
  const start = Math.floor(from / HOUR_MS) * HOUR_MS;
  const hours = Math.max(0, Math.ceil((to - start) / HOUR_MS));
  const counts = new Array<number>(hours).fill(0);
  if (def.table === 'snapshots' || hours === 0) return { start, counts };
  const rows = await ws.all<{ h: unknown; n: unknown }>(
    `SELECT epoch_ms(date_trunc('hour', ${def.timeColumn})) AS h, count(DISTINCT ${def.actor}) + (count(*) FILTER (WHERE ${def.actor} IS NULL) > 0)::INT AS n FROM ${def.table}
     WHERE ${def.where} AND ${def.timeColumn} >= make_timestamptz($1::BIGINT * 1000) AND ${def.timeColumn} < make_timestamptz($2::BIGINT * 1000)
     GROUP BY 1`,
    [start, start + hours * HOUR_MS],
  );
  for (const r of rows) {
    const i = Math.round((Number(r.h) - start) / HOUR_MS);
    if (i >= 0 && i < hours) counts[i] = Number(r.n);
  }
  return { start, counts };
}

function lowest(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.min(...values);
}

/** Hour of the week (0 = Sunday 00:00 UTC) of an instant. */
export function hourOfWeek(ms: number): number {
  const d = new Date(ms);
  return d.getUTCDay() * 24 + d.getUTCHours();
}

/**
 * The expected count of each hour of the series, leave-one-out: the lowest of the other hours at the same hour of
 * the week; with fewer than two of those (under three weeks held), the lowest of the other days at the same hour of
 * the day.
 */
export function expectedCounts(series: HourlySeries): number[] {
  const { start, counts } = series;
  const byWeek = new Map<number, number[]>();
  const byDay = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, k: number, i: number) => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  for (let i = 0; i < counts.length; i++) {
    const t = start + i * HOUR_MS;
    push(byWeek, hourOfWeek(t), i);
    push(byDay, new Date(t).getUTCHours(), i);
  }
  return counts.map((_, i) => {
    const t = start + i * HOUR_MS;
    const others = (byWeek.get(hourOfWeek(t)) ?? []).filter((j) => j !== i).map((j) => counts[j] as number);
    if (others.length >= 2) return lowest(others);
    const sameHour = (byDay.get(new Date(t).getUTCHours()) ?? [])
      .filter((j) => j !== i)
      .map((j) => counts[j] as number);
    return lowest(sameHour);
  });
}

/**
 * The expected count for an hour outside the series (e.g. after the last event): the lowest at its hour of the
 * week over the whole series, falling back to the hour of the day.
 */
export function expectedAt(series: HourlySeries, at: number): number {
  const w = hourOfWeek(at);
  const h = new Date(at).getUTCHours();
  const sameWeek: number[] = [];
  const sameDay: number[] = [];
  series.counts.forEach((c, i) => {
    const t = series.start + i * HOUR_MS;
    if (hourOfWeek(t) === w) sameWeek.push(c);
    if (new Date(t).getUTCHours() === h) sameDay.push(c);
  });
  return sameWeek.length >= 2 ? lowest(sameWeek) : lowest(sameDay);
}
