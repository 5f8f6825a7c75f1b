import type { MatchRow } from './match-rows.js';

/**
 * Episodes of one group closer than this are one alert. A spray that pauses overnight or over a weekend is the
 * same campaign: the analyst wants one alert per source spanning it, not one per burst.
 */
export const MERGE_GAP_MS = 7 * 86_400_000;

/** The events of one future alert: one group's merged episodes (a detection rule: one event). */
export interface Candidate {
  /** JSON array of the group-by values; '' for a detection rule, whose alerts are single events. */
  readonly groupKey: string;
  readonly group: readonly (string | null)[];
  readonly rows: readonly MatchRow[];
  readonly first: Date;
  readonly last: Date;
}

function byTime(a: MatchRow, b: MatchRow): number {
  return a.time.getTime() - b.time.getTime() || a.table.localeCompare(b.table) || a.uid.localeCompare(b.uid);
}

function candidate(groupKey: string, group: readonly (string | null)[], rows: MatchRow[]): Candidate {
  const sorted = [...rows].sort(byTime);
  const first = sorted[0] as MatchRow;
  const last = sorted[sorted.length - 1] as MatchRow;
  return { groupKey, group, rows: sorted, first: first.time, last: last.time };
}

/**
 * Groups match rows into alert candidates. For a correlation, the episodes of one group (already disjoint runs of
 * overlapping firing windows) are merged when less than MERGE_GAP_MS apart.
 */
export function buildCandidates(rows: readonly MatchRow[], correlation: boolean): Candidate[] {
  if (!correlation) return rows.map((r) => candidate('', [], [r]));
  const episodes = new Map<string, { group: readonly (string | null)[]; rows: MatchRow[] }>();
  for (const r of rows) {
    const key = `${JSON.stringify(r.group)}#${r.episode}`;
    const e = episodes.get(key) ?? { group: r.group, rows: [] };
    e.rows.push(r);
    episodes.set(key, e);
  }
  const byGroup = new Map<string, Candidate[]>();
  for (const e of episodes.values()) {
    const groupKey = JSON.stringify(e.group);
    const list = byGroup.get(groupKey) ?? [];
    list.push(candidate(groupKey, e.group, e.rows));
    byGroup.set(groupKey, list);
  }
  const out: Candidate[] = [];
  for (const list of byGroup.values()) {
    list.sort((a, b) => a.first.getTime() - b.first.getTime());
    let current: Candidate | undefined;
    for (const c of list) {
      if (current && c.first.getTime() - current.last.getTime() <= MERGE_GAP_MS) {
        current = candidate(current.groupKey, current.group, [...current.rows, ...c.rows]);
      } else {
        if (current) out.push(current);
        current = c;
      }
    }
    if (current) out.push(current);
  }
  return out.sort((a, b) => a.first.getTime() - b.first.getTime() || a.groupKey.localeCompare(b.groupKey));
}
