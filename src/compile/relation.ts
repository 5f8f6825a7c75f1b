import { PremortemError } from '../core/errors.js';
import { type CorrelationRule, type DetectionRule, type Rule, ruleLabel } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import type { RuleSet } from '../rules/rule-set.js';
import { correlationEvents } from './correlation-sql.js';
import { predicateSql } from './predicate-sql.js';
import { columnRef, timeColumn } from './query.js';
import type { QueryPlan } from './query-plan.js';
import type { SharedScans } from './shared-scans.js';
import type { SqlDialect } from './sql-dialect.js';

/** The rules and pipelines a compilation resolves references and field names against. */
export interface CompileEnv {
  readonly ruleSet: RuleSet;
  readonly pipelines: PipelineSet;
  /** Incremental detection: read only part of the store (see src/detect/incremental.ts). */
  readonly scope?: Scope;
  /** The SQL engine written for (default DuckDB, the store's). */
  readonly dialect?: SqlDialect;
  /** A full run's base scans that correlations read, each kept once per run (shared-scans.ts). */
  readonly shared?: SharedScans;
}

/**
 * What an incremental run reads. `newEvidence`: only rows whose input file is listed in the temporary table
 * detect_scope (single-event rules: each event is judged alone). `from`/`to`: only rows in that time range
 * (correlations: the new rows' times widened by every window the rule chains, so that a window spanning the
 * previous run and this one is seen whole).
 */
export interface Scope {
  readonly newEvidence?: boolean;
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * A restriction an outer correlation passes down: only events whose `field` (named as the referenced rule names
 * it) is among `column` of the CTE `source` can matter. temporal and temporal_ordered need an event of their first
 * rule in the group, so the other rules' events are cut to the groups the first one has before any window runs.
 */
export interface Restrict {
  readonly field: string;
  readonly source: string;
  readonly column: string;
}

/** The temporary table incremental runs fill with the evidence ids not yet evaluated by a rule. */
export const SCOPE_TABLE = 'detect_scope';

/**
 * Adds the CTEs that yield a rule's matching events and returns the name of the last one. Its columns are
 * `tbl, uid, source_id, ts` and `f0…fn`, the values of the `requests` fields (as text) in each event; a
 * correlation adds `episode` and its group columns `g0…`. Requests let an outer correlation group a chained
 * correlation's events by fields the inner one never looked at.
 */
export function relation(
  plan: QueryPlan,
  env: CompileEnv,
  rule: Rule,
  requests: readonly string[],
  top = false,
  restrict?: Restrict,
): string {
  return rule.type === 'detection'
    ? detectionRelation(plan, env, rule, requests, top, restrict)
    : correlationRelation(plan, env, rule, requests, restrict);
}

function scopeSql(plan: QueryPlan, scope: Scope | undefined, time: string): string[] {
  const out: string[] = [];
  if (scope?.newEvidence) out.push(`coalesce(evidence_sha256, '') IN (SELECT evidence_sha256 FROM ${SCOPE_TABLE})`);
  if (scope?.from) out.push(`${time} >= CAST(${plan.params.add(scope.from.toISOString())} AS TIMESTAMPTZ)`);
  if (scope?.to) out.push(`${time} <= CAST(${plan.params.add(scope.to.toISOString())} AS TIMESTAMPTZ)`);
  return out;
}

function detectionRelation(
  plan: QueryPlan,
  env: CompileEnv,
  rule: DetectionRule,
  requests: readonly string[],
  top: boolean,
  restrict?: Restrict,
): string {
  const mapped = env.pipelines.apply(rule);
  plan.tables.add(mapped.table);
  const time = timeColumn(mapped.table);
  const values = requests.map(
    (f) => `CAST(${columnRef(mapped.table, env.pipelines.column(rule, f), env.dialect).name} AS VARCHAR)`,
  );
  const fields = values.map((v, i) => `${v} AS f${i}`);
  const ctx = {
    table: mapped.table,
    params: plan.params,
    rule: ruleLabel(rule),
    ...(env.dialect ? { dialect: env.dialect } : {}),
  };
  if (env.shared && !top && !restrict && !env.scope && !env.dialect) {
    // Compiled onto the parameters of the statements that fill the scan before the rules run.
    const predicate = mapped.predicate;
    const read = env.shared.use(mapped.table, time, (params) => predicateSql(predicate, { ...ctx, params }), values);
    plan.shared.add(read.name);
    const columns = read.columns.map((c, i) => `${c} AS f${i}`);
    return plan.add(
      `SELECT ${[`'${mapped.table}' AS tbl`, 'uid', 'source_id', 'ts', ...columns].join(', ')}\nFROM ${read.name}`,
      true,
    );
  }
  const where = predicateSql(mapped.predicate, ctx);
  const dated = [
    `SELECT ${[`'${mapped.table}' AS tbl`, 'uid', 'source_id', `${time} AS ts`, ...fields].join(', ')}`,
    `FROM ${mapped.table}`,
    // An event with no time cannot be placed in a window or on a timeline.
    `WHERE ${time} IS NOT NULL`,
    `  AND ${where}`,
    ...scopeSql(plan, env.scope, time).map((c) => `  AND ${c}`),
    ...(restrict
      ? [
          `  AND CAST(${columnRef(mapped.table, env.pipelines.column(rule, restrict.field), env.dialect).name} AS VARCHAR) IN (SELECT ${restrict.column} FROM ${restrict.source})`,
        ]
      : []),
  ];
  // Top-level rules are asked for no fields (only correlations request them).
  // Inline (not materialized): see correlationRelation.
  if (!top || requests.length > 0) return plan.add(dated.join('\n'), true);
  // A single-event rule still judges rows that carry no time (Log Analytics query results projected without
  // TimeGenerated, e.g. the shared AuditLogs_Hunting.csv): they are placed at their file's import time.
  const undated = [
    'UNION ALL',
    `SELECT ${[`'${mapped.table}' AS tbl`, 't.uid', 't.source_id', 'ev.imported_at AS ts', ...fields].join(', ')}`,
    `FROM (SELECT * FROM ${mapped.table} WHERE ${time} IS NULL AND ${predicateSql(mapped.predicate, ctx)}${scopeSql(
      plan,
      env.scope,
      time,
    )
      .map((c) => ` AND ${c}`)
      .join('')}) t`,
    'JOIN evidence ev ON ev.sha256 = t.evidence_sha256',
  ];
  return plan.add([...dated, ...undated].join('\n'));
}

/**
 * The field a value_count counts, beside the group-by fields; throws for what no target can express (a condition
 * on temporal_ordered). Shared by the DuckDB and KQL targets so both refuse the same rules with the same words.
 */
export function correlatedFields(rule: CorrelationRule): string[] {
  const c = rule.correlation;
  if (c.type === 'temporal_ordered' && c.condition.length > 0) {
    throw new PremortemError(
      'rule-unsupported',
      'a condition on temporal_ordered is not supported (all rules must occur in order)',
      {
        source: {
          file: rule.origin.file,
          line: rule.origin.line,
          rule: ruleLabel(rule),
          field: 'correlation.condition',
        },
      },
    );
  }
  return c.type === 'value_count' && c.field !== undefined ? [c.field] : [];
}

/** The field a referenced rule's events hold for a correlation field, after the correlation's aliases. */
export function aliased(rule: CorrelationRule, ref: Rule, field: string): string {
  const perRule = rule.correlation.aliases.get(field);
  if (!perRule) return field;
  return (
    (ref.meta.name !== undefined ? perRule.get(ref.meta.name) : undefined) ??
    (ref.meta.id !== undefined ? perRule.get(ref.meta.id) : undefined) ??
    field
  );
}

function correlationRelation(
  plan: QueryPlan,
  env: CompileEnv,
  rule: CorrelationRule,
  requests: readonly string[],
  restrict?: Restrict,
): string {
  const c = rule.correlation;
  const counted = correlatedFields(rule);
  const narrows =
    c.groupBy.length > 0 && (c.type === 'temporal_ordered' || (c.type === 'temporal' && c.condition.length === 0));
  let first: string | undefined;
  const selects = env.ruleSet.referenced(rule).map((ref, ri) => {
    const fields = [...c.groupBy, ...counted].map((f) => aliased(rule, ref, f));
    const down =
      narrows && first !== undefined
        ? { field: aliased(rule, ref, c.groupBy[0] as string), source: first, column: 'f0' }
        : undefined;
    const source = relation(plan, env, ref, [...fields, ...requests], false, down);
    if (ri === 0) first = source;
    const columns = [
      `${ri} AS ri`,
      'tbl',
      'uid',
      'source_id',
      'ts',
      ...c.groupBy.map((_, i) => `f${i} AS g${i}`),
      ...counted.map(() => `f${c.groupBy.length} AS v`),
      ...requests.map((_, i) => `f${c.groupBy.length + counted.length + i} AS x${i}`),
    ];
    return `SELECT ${columns.join(', ')} FROM ${source}`;
  });
  // Over single-event rules the events are scans of the store, which a correlation reads two or three times (the
  // groups that can reach the threshold, the windows, the events of the episodes). Kept as one table, every
  // matching row's uid and source_id are decoded and copied, though the windows never read them; inlined, each
  // reading decodes only the columns it uses, and the episodes' join stops at once when nothing fired.
  const scans = env.ruleSet.referenced(rule).every((ref) => ref.type === 'detection');
  const events = plan.add(selects.join('\nUNION ALL\n'), scans);
  // An outer correlation's restriction applies to whole groups of this one, so its windows are unchanged.
  const at = restrict === undefined ? -1 : c.groupBy.indexOf(restrict.field);
  const kept =
    restrict === undefined || at < 0
      ? events
      : plan.add(`SELECT * FROM ${events}\nWHERE g${at} IN (SELECT ${restrict.column} FROM ${restrict.source})`);
  return correlationEvents(plan, rule, kept, requests.length, events);
}
