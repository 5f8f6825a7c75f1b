import type { CorrelationRule, CountCondition } from '../../rules/model.js';
import type { KqlPlan } from './kql-plan.js';
import { kqlNumber, kqlTimespan } from './kql-text.js';

const COUNT_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==' } as const;

interface Shape {
  /** The group columns, or `_k` (one constant key) when the correlation has no group-by: joins need a key. */
  readonly keys: readonly string[];
  readonly grouped: boolean;
  /** The timespan as a KQL literal. */
  readonly span: string;
}

const list = (s: Shape): string => s.keys.join(', ');
const sameGroup = (s: Shape): string => s.keys.map((k) => `prev(${k}) == ${k}`).join(' and ');

function criteria(expr: string, condition: readonly CountCondition[]): string {
  return condition.map((c) => `${expr} ${COUNT_OPERATORS[c.operator]} ${kqlNumber(c.value)}`).join(' and ');
}

/**
 * event_count / value_count / temporal: at every event, what its group holds in the window [ts - timespan, ts]
 * (distinct events, distinct values, or distinct referenced rules), by joining each event with its group's events
 * in that window: a sliding window, never fixed bins.
 */
function countFired(plan: KqlPlan, rule: CorrelationRule, events: string, s: Shape): string {
  const c = rule.correlation;
  const measure =
    c.type === 'value_count'
      ? 'array_length(make_set_if(v2, isnotempty(v2)))'
      : c.type === 'temporal'
        ? 'array_length(make_set(ri2))'
        : // An event matched by two referenced rules is still one event.
          'array_length(make_set(e2))';
  const test =
    c.type === 'temporal' && c.condition.length === 0 ? `n == ${c.rules.length}` : criteria('n', c.condition);
  const floor = c.condition.every((x) => x.operator === 'gt' || x.operator === 'gte' || x.operator === 'eq');
  // A window never holds more than its group does in all: groups whose total misses the threshold cannot fire, and
  // dropping them first spares the windowed join (the costly part) for most groups. count() is at least the number
  // of distinct events, so the cut is never too eager.
  const total = c.type === 'value_count' ? 'array_length(make_set_if(v, isnotempty(v)))' : 'count()';
  const atLeast = c.condition.map((x) => (x.operator === 'eq' ? { operator: 'gte' as const, value: x.value } : x));
  const source =
    s.grouped && floor && c.type !== 'temporal'
      ? plan.add(
          `${events}\n| join kind=leftsemi (${events} | summarize n = ${total} by ${list(s)} | where ${criteria('n', atLeast)}) on ${list(s)}`,
        )
      : events;
  return plan.add(
    [
      source,
      `| join kind=inner (${source} | project ${list(s)}, ts2 = ts, e2 = strcat(tbl, "/", uid), ri2 = ri${c.type === 'value_count' ? ', v2 = v' : ''}) on ${list(s)}`,
      `| where ts2 between ((ts - ${s.span}) .. ts)`,
      `| summarize n = ${measure} by ${list(s)}, fire_ts = ts`,
      `| where ${test}`,
      `| project ${list(s)}, fire_ts`,
    ].join('\n'),
  );
}

/**
 * temporal_ordered: chain at an event of rule k is the latest start of rules 0..k occurring in order up to it (the
 * SQL compiler's recurrence, correlation-sql.ts), one join per rule; equal times count as in order. It fires at an
 * event of the last rule whose chain started within the timespan.
 */
function orderedFired(plan: KqlPlan, rule: CorrelationRule, events: string, s: Shape): string {
  let previous = plan.add(`${events}\n| where ri == 0\n| project ${list(s)}, ts, chain = ts`);
  for (let k = 1; k < rule.correlation.rules.length; k++) {
    previous = plan.add(
      [
        events,
        `| where ri == ${k}`,
        `| project ${list(s)}, ts, e = strcat(tbl, "/", uid)`,
        `| join kind=inner (${previous} | project ${list(s)}, pts = ts, pchain = chain) on ${list(s)}`,
        `| where pts between ((ts - ${s.span}) .. ts)`,
        `| summarize chain = max(pchain) by ${list(s)}, ts, e`,
      ].join('\n'),
    );
  }
  return plan.add(
    `${previous}\n| where chain >= ts - ${s.span}\n| project ${list(s)}, fire_ts = ts\n| distinct ${list(s)}, fire_ts`,
  );
}

/**
 * new_value: fires at an event whose group (the value is the last group column) has no event in the preceding
 * timespan, once the data reaches back a whole timespan (the earliest event of the referenced rules, all groups).
 */
function newValueFired(plan: KqlPlan, events: string, s: Shape, history: string): string {
  const since = plan.add(`toscalar(${history} | summarize min(ts))`);
  return plan.add(
    [
      events,
      `| sort by ${s.keys.map((k) => `${k} asc`).join(', ')}, ts asc`,
      `| extend previous = iff(${sameGroup(s)}, prev(ts), datetime(null))`,
      `| where ${since} <= ts - ${s.span} and (isnull(previous) or previous < ts - ${s.span})`,
      `| project ${list(s)}, fire_ts = ts`,
      `| distinct ${list(s)}, fire_ts`,
    ].join('\n'),
  );
}

/** Firing points -> episodes: overlapping windows [fire_ts - timespan, fire_ts] of one group form one episode. */
function episodes(plan: KqlPlan, fired: string, s: Shape): string {
  return plan.add(
    [
      fired,
      `| sort by ${s.keys.map((k) => `${k} asc`).join(', ')}, fire_ts asc`,
      `| extend starts = iff(${sameGroup(s)} and prev(fire_ts) >= fire_ts - ${s.span}, 0, 1)`,
      `| extend episode = row_cumsum(starts, not(${sameGroup(s)}))`,
      `| summarize lo = min(fire_ts) - ${s.span}, hi = max(fire_ts) by ${list(s)}, episode`,
    ].join('\n'),
  );
}

/**
 * The events of a correlation over `all` (the referenced rules' events: ri, tbl, uid, ts, g0…, v, x0…): every
 * event of its group inside an episode, with columns tbl, uid, ts, episode, g0…, and f0… carrying the fields an
 * outer correlation requested.
 */
export function correlationKql(plan: KqlPlan, rule: CorrelationRule, all: string, requests: number): string {
  const groups = rule.correlation.groupBy.map((_, i) => `g${i}`);
  const s: Shape = {
    keys: groups.length > 0 ? groups : ['_k'],
    grouped: groups.length > 0,
    span: kqlTimespan(rule.correlation.timespanMs),
  };
  // An event without a group-by value belongs to no group (rather than to one big "unknown" group).
  const events = plan.add(
    groups.length > 0
      ? `${all}\n| where ${groups.map((g) => `isnotempty(${g})`).join(' and ')}`
      : `${all}\n| extend _k = 0`,
  );
  const type = rule.correlation.type;
  const fired =
    type === 'temporal_ordered'
      ? orderedFired(plan, rule, events, s)
      : type === 'new_value'
        ? newValueFired(plan, events, s, all)
        : countFired(plan, rule, events, s);
  const windows = episodes(plan, fired, s);
  const carried = Array.from({ length: requests }, (_, i) => `f${i} = x${i}`);
  return plan.add(
    [
      events,
      `| join kind=inner (${windows}) on ${list(s)}`,
      '| where ts between (lo .. hi)',
      `| project ${['tbl', 'uid', 'ts', 'episode', ...groups, ...carried].join(', ')}`,
      '| distinct *',
    ].join('\n'),
  );
}
