import { PremortemError } from '../core/errors.js';
import { type CorrelationRule, type DetectionRule, type Rule, ruleLabel } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import type { RuleSet } from '../rules/rule-set.js';
import { correlationEvents } from './correlation-sql.js';
import { predicateSql } from './predicate-sql.js';
import { columnRef, timeColumn } from './query.js';
import type { QueryPlan } from './query-plan.js';

/** The rules and pipelines a compilation resolves references and field names against. */
export interface CompileEnv {
  readonly ruleSet: RuleSet;
  readonly pipelines: PipelineSet;
}

/**
 * Adds the CTEs that yield a rule's matching events and returns the name of the last one. Its columns are
 * `tbl, uid, source_id, ts` and `f0…fn`, the values of the `requests` fields (as text) in each event; a
 * correlation adds `episode` and its group columns `g0…`. Requests let an outer correlation group a chained
 * correlation's events by fields the inner one never looked at.
 */
export function relation(plan: QueryPlan, env: CompileEnv, rule: Rule, requests: readonly string[]): string {
  return rule.type === 'detection'
    ? detectionRelation(plan, env, rule, requests)
    : correlationRelation(plan, env, rule, requests);
}

function detectionRelation(plan: QueryPlan, env: CompileEnv, rule: DetectionRule, requests: readonly string[]): string {
  const mapped = env.pipelines.apply(rule);
  const time = timeColumn(mapped.table);
  const fields = requests.map(
    (f, i) => `CAST(${columnRef(mapped.table, env.pipelines.column(rule, f)).name} AS VARCHAR) AS f${i}`,
  );
  const where = predicateSql(mapped.predicate, { table: mapped.table, params: plan.params, rule: ruleLabel(rule) });
  return plan.add(
    [
      `SELECT ${[`'${mapped.table}' AS tbl`, 'uid', 'source_id', `${time} AS ts`, ...fields].join(', ')}`,
      `FROM ${mapped.table}`,
      // An event with no time cannot be placed in a window or on a timeline.
      `WHERE ${time} IS NOT NULL`,
      `  AND ${where}`,
    ].join('\n'),
  );
}

/** The field a referenced rule's events hold for a correlation field, after the correlation's aliases. */
function aliased(rule: CorrelationRule, ref: Rule, field: string): string {
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
): string {
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
  const counted = c.type === 'value_count' && c.field !== undefined ? [c.field] : [];
  const selects = env.ruleSet.referenced(rule).map((ref, ri) => {
    const fields = [...c.groupBy, ...counted].map((f) => aliased(rule, ref, f));
    const source = relation(plan, env, ref, [...fields, ...requests]);
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
  const events = plan.add(selects.join('\nUNION ALL\n'));
  return correlationEvents(plan, rule, events, requests.length);
}
