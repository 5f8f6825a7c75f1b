import type { CorrelationRule, CountCondition } from '../rules/model.js';
import type { QueryPlan } from './query-plan.js';

const COUNT_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const;

interface Shape {
  /** `g0, g1` or '' */
  readonly groups: string;
  /** `PARTITION BY g0, g1 ` or '' */
  readonly partition: string;
  /** `WHERE g0 IS NOT NULL …` or '' */
  readonly grouped: string;
  /** The timespan placeholder (one bound value, used everywhere). */
  readonly span: string;
}

function shape(plan: QueryPlan, rule: CorrelationRule): Shape {
  const g = rule.correlation.groupBy.map((_, i) => `g${i}`);
  return {
    groups: g.join(', '),
    partition: g.length ? `PARTITION BY ${g.join(', ')} ` : '',
    // An event without a group-by value belongs to no group (rather than to one big "unknown" group).
    grouped: g.length ? `WHERE ${g.map((x) => `${x} IS NOT NULL`).join(' AND ')}` : '',
    span: plan.params.add(rule.correlation.timespanMs),
  };
}

function criteria(plan: QueryPlan, expr: string, condition: readonly CountCondition[]): string {
  return condition.map((c) => `${expr} ${COUNT_OPERATORS[c.operator]} ${plan.params.add(c.value)}`).join(' AND ');
}

const withGroups = (s: Shape, rest: string): string => (s.groups ? `${s.groups}, ${rest}` : rest);
const lines = (...parts: string[]): string => parts.filter((p) => p !== '').join('\n');

/**
 * event_count / value_count: at every event, count the events (or distinct values) of its group in the window
 * [ts - timespan, ts]. RANGE frames make this a sliding window, not a GROUP BY over fixed buckets.
 */
function countFired(plan: QueryPlan, rule: CorrelationRule, events: string, s: Shape): string {
  const c = rule.correlation;
  const counter = c.type === 'value_count' ? 'count(DISTINCT v)' : 'count(*)';
  // An event matched by two referenced rules is still one event.
  const source =
    c.type === 'event_count'
      ? `(SELECT DISTINCT tbl, uid, ts${s.groups ? `, ${s.groups}` : ''} FROM ${events})`
      : events;
  const floor = c.condition.every((x) => x.operator === 'gt' || x.operator === 'gte' || x.operator === 'eq');
  const atLeast = c.condition.map((x) => (x.operator === 'eq' ? { operator: 'gte' as const, value: x.value } : x));
  const frame = `OVER (${s.partition}ORDER BY ts RANGE BETWEEN to_milliseconds(${s.span}) PRECEDING AND CURRENT ROW)`;
  const keep = (from: string, groups: string): string =>
    `(SELECT * FROM ${from} SEMI JOIN (${groups.replace(/\n/g, ' ')}) USING (${s.groups}))`;
  if (!s.groups || !floor) return windowed(plan, c.condition, counter, frame, source, s);
  // A window never holds more than its group does in all: groups whose total misses the threshold cannot fire, and
  // dropping them first spares the windowed count (the costly part) for most groups.
  const pruned = keep(
    source,
    lines(
      `SELECT ${s.groups} FROM ${source}`,
      s.grouped,
      `GROUP BY ${s.groups} HAVING ${criteria(plan, counter, atLeast)}`,
    ),
  );
  if (c.type !== 'value_count') return windowed(plan, c.condition, counter, frame, pruned, s);
  // A window never holds more distinct values than events either: a group none of whose windows holds enough
  // events cannot fire, and counting the events of a window is several times cheaper than counting its distinct
  // values (a user failing once a day, each time from a new address, is dropped here, not by the distinct count).
  const kept = plan.add(`SELECT * FROM ${pruned}`);
  const busy = keep(
    kept,
    lines(
      `SELECT DISTINCT ${s.groups} FROM (SELECT ${s.groups}, count(*) ${frame} AS n FROM ${kept}${s.grouped ? ` ${s.grouped}` : ''})`,
      `WHERE ${criteria(plan, 'n', atLeast)}`,
    ),
  );
  return windowed(plan, c.condition, counter, frame, busy, s);
}

/** The firing points of a count: the events whose window's count meets the condition. */
function windowed(
  plan: QueryPlan,
  condition: readonly CountCondition[],
  counter: string,
  frame: string,
  from: string,
  s: Shape,
): string {
  return plan.add(
    lines(
      `SELECT DISTINCT ${withGroups(s, 'ts AS fire_ts')}`,
      'FROM (',
      `  SELECT ${withGroups(s, 'ts')}, ${counter} ${frame} AS n`,
      `  FROM ${from}`,
      s.grouped ? `  ${s.grouped}` : '',
      ')',
      `WHERE ${criteria(plan, 'n', condition)}`,
    ),
  );
}

/** temporal: every referenced rule (or as many as the condition asks) has an event in [ts - timespan, ts]. */
function temporalFired(plan: QueryPlan, rule: CorrelationRule, events: string, s: Shape): string {
  const c = rule.correlation;
  const seen = c.rules.map((_, i) => `max(CASE WHEN ri = ${i} THEN ts END) OVER w AS seen${i}`);
  const test =
    c.condition.length === 0
      ? c.rules.map((_, i) => `seen${i} IS NOT NULL`).join(' AND ')
      : criteria(
          plan,
          `(${c.rules.map((_, i) => `CASE WHEN seen${i} IS NULL THEN 0 ELSE 1 END`).join(' + ')})`,
          c.condition,
        );
  // Without a condition every rule must occur: groups with no event of the first rule cannot fire and are dropped.
  const source =
    s.groups && c.condition.length === 0
      ? `${events} SEMI JOIN (SELECT DISTINCT ${s.groups} FROM ${events} WHERE ri = 0) USING (${s.groups})`
      : events;
  return plan.add(
    lines(
      `SELECT DISTINCT ${withGroups(s, 'ts AS fire_ts')}`,
      'FROM (',
      `  SELECT ${withGroups(s, 'ts')}, ${seen.join(', ')}`,
      `  FROM ${source}`,
      s.grouped ? `  ${s.grouped}` : '',
      `  WINDOW w AS (${s.partition}ORDER BY ts RANGE BETWEEN to_milliseconds(${s.span}) PRECEDING AND CURRENT ROW)`,
      ')',
      `WHERE ${test}`,
    ),
  );
}

/**
 * temporal_ordered: chain<k> at an event is the latest start time of rules 0..k occurring in order up to that
 * event (greedy latest choice maximises the start, so one pass per rule suffices). It fires at an event of the
 * last rule whose chain started within the timespan. Equal times count as in order (ties sort by rule position).
 */
function orderedFired(plan: QueryPlan, rule: CorrelationRule, events: string, s: Shape): string {
  const n = rule.correlation.rules.length;
  const frame = `OVER (${s.partition}ORDER BY ts, ri ROWS UNBOUNDED PRECEDING)`;
  // Only groups with events of every rule can complete the chain: the others are dropped before the windows.
  // (The groups of the first rule are the semi-join's build side: usually the rare trigger, e.g. a spray.)
  const source = s.groups
    ? `${events} SEMI JOIN (SELECT DISTINCT ${s.groups} FROM ${events} WHERE ri = 0) USING (${s.groups})`
    : events;
  let previous = plan.add(
    lines(`SELECT *, max(CASE WHEN ri = 0 THEN ts END) ${frame} AS chain0`, `FROM ${source}`, s.grouped),
  );
  for (let k = 1; k < n; k++) {
    previous = plan.add(
      `SELECT *, max(CASE WHEN ri = ${k} THEN chain${k - 1} END) ${frame} AS chain${k}\nFROM ${previous}`,
    );
  }
  return plan.add(
    lines(
      `SELECT DISTINCT ${withGroups(s, 'ts AS fire_ts')}`,
      `FROM ${previous}`,
      `WHERE ri = ${n - 1} AND chain${n - 1} >= ts - to_milliseconds(${s.span})`,
    ),
  );
}

/**
 * new_value (premortem's extension): fires at an event whose group (the last group column is the value) has no
 * event in [ts - timespan, ts). It also needs the data to reach back a whole timespan before the event (the
 * earliest event of the referenced rules, all groups, before any restriction from an outer correlation), or the
 * first days of any import would all look new.
 */
function newValueFired(plan: QueryPlan, events: string, s: Shape, history: string): string {
  const span = `to_milliseconds(${s.span})`;
  return plan.add(
    lines(
      `SELECT DISTINCT ${withGroups(s, 'first_ts AS fire_ts')}`,
      'FROM (',
      // The history's start is one scalar, not a window over every row.
      `  SELECT ${withGroups(s, 'first_ts')}, lag(last_ts) OVER (${s.partition}ORDER BY bucket) AS previous, (SELECT min(ts) FROM ${history}) AS history_from`,
      '  FROM (',
      // Buckets one timespan wide: two events of one bucket are less than a timespan apart, so only the first
      // event of a bucket can be new, and the latest event before it is the last of the previous bucket that
      // holds one. Counting buckets is a hash aggregate; lag over every event sorted them all (1.8 million
      // Exchange ActiveSync successes in the bench: 0.8 s -> 0.45 s).
      `    SELECT ${withGroups(s, `floor(epoch_ms(ts) / ${s.span}) AS bucket`)}, min(ts) AS first_ts, max(ts) AS last_ts`,
      `    FROM ${events}`,
      s.grouped ? `    ${s.grouped}` : '',
      `    GROUP BY ${withGroups(s, 'bucket')}`,
      '  )',
      ')',
      `WHERE history_from <= first_ts - ${span} AND (previous IS NULL OR previous < first_ts - ${span})`,
    ),
  );
}

/**
 * Firing points -> episodes: a firing window is [fire_ts - timespan, fire_ts]; overlapping windows of one group
 * form one episode (a new one starts where a window begins after the previous one ended).
 */
function episodes(plan: QueryPlan, fired: string, s: Shape): string {
  return plan.add(
    lines(
      `SELECT ${withGroups(s, `episode, min(fire_ts) - to_milliseconds(${s.span}) AS lo, max(fire_ts) AS hi`)}`,
      'FROM (',
      `  SELECT ${withGroups(s, 'fire_ts')}, sum(starts) OVER (${s.partition}ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode`,
      '  FROM (',
      `    SELECT ${withGroups(s, 'fire_ts')}, CASE WHEN lag(fire_ts) OVER (${s.partition}ORDER BY fire_ts) >= fire_ts - to_milliseconds(${s.span}) THEN 0 ELSE 1 END AS starts`,
      `    FROM ${fired}`,
      '  )',
      ')',
      `GROUP BY ${withGroups(s, 'episode')}`,
    ),
  );
}

/**
 * The events of a correlation: every event of its group inside an episode. Columns: tbl, uid, source_id, ts,
 * episode, g0…, and f0… carrying the fields an outer correlation requested.
 */
export function correlationEvents(
  plan: QueryPlan,
  rule: CorrelationRule,
  events: string,
  requests: number,
  history: string = events,
): string {
  const s = shape(plan, rule);
  const type = rule.correlation.type;
  const fired =
    type === 'temporal'
      ? temporalFired(plan, rule, events, s)
      : type === 'temporal_ordered'
        ? orderedFired(plan, rule, events, s)
        : type === 'new_value'
          ? newValueFired(plan, events, s, history)
          : countFired(plan, rule, events, s);
  const windows = episodes(plan, fired, s);
  const g = rule.correlation.groupBy.map((_, i) => `e.g${i}`);
  const carried = Array.from({ length: requests }, (_, i) => `e.x${i} AS f${i}`);
  const join = [...rule.correlation.groupBy.map((_, i) => `e.g${i} = w.g${i}`), 'e.ts BETWEEN w.lo AND w.hi'];
  return plan.add(
    lines(
      `SELECT DISTINCT ${['e.tbl', 'e.uid', 'e.source_id', 'e.ts', 'w.episode', ...g, ...carried].join(', ')}`,
      `FROM ${events} e`,
      `JOIN ${windows} w ON ${join.join(' AND ')}`,
    ),
  );
}
