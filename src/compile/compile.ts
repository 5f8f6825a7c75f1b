import { PremortemError } from '../core/errors.js';
import { type Rule, ruleId, ruleLabel } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { RuleTable } from '../rules/rule-tables.js';
import type { CompiledQuery } from './query.js';
import { QueryPlan } from './query-plan.js';
import { type CompileEnv, relation } from './relation.js';
import { SharedScans } from './shared-scans.js';

/**
 * A rule ready to run. The query returns one row per matching event, in no particular order, with columns
 * `tbl, uid, source_id, ts, episode` and `g0…` (one per group-by field): an episode is one run of overlapping
 * firing windows of one group (a detection rule: always 1; each of its events is an alert of its own).
 */
export interface CompiledRule {
  readonly rule: Rule;
  readonly ruleId: string;
  readonly query: CompiledQuery;
  /** The group-by fields as the rule names them, in the order of the g columns. */
  readonly groupBy: readonly string[];
  /** The store tables the query reads. */
  readonly tables: readonly RuleTable[];
  /**
   * Compiled for a full run (compileShared) to read shared base scans: their temporary tables, and the rule
   * compiled alone (its version, and what runs when a table was not filled).
   */
  readonly shared?: { readonly tables: readonly string[]; readonly alone: CompiledRule };
}

/** Compiles one rule (with everything it references) into a single DuckDB query with bound parameters. */
export function compileRule(rule: Rule, env: CompileEnv): CompiledRule {
  return compilePlan(rule, env).compiled;
}

/** The compiled rule, and the shared scans (env.shared) its query reads. */
function compilePlan(rule: Rule, env: CompileEnv): { compiled: CompiledRule; sharedTables: readonly string[] } {
  const plan = new QueryPlan();
  const last = relation(plan, env, rule, [], true);
  const groupBy = rule.type === 'correlation' ? rule.correlation.groupBy : [];
  const g = groupBy.map((_, i) => `g${i}`);
  // Unordered, and a detection's episode a constant: whoever reads the matches orders them (readMatches, by group,
  // episode, time and uid), and an order here was a second sort of every match (1.8 million legacy-protocol
  // successes in the bench), plus a window over all of them to number the episodes no reader used.
  const select =
    rule.type === 'detection'
      ? `SELECT tbl, uid, source_id, ts, 1 AS episode\nFROM ${last}`
      : `SELECT ${['tbl', 'uid', 'source_id', 'ts', 'episode', ...g].join(', ')}\nFROM ${last}`;
  const compiled = Object.freeze({
    rule,
    ruleId: ruleId(rule),
    query: Object.freeze(plan.build(select)),
    groupBy,
    tables: Object.freeze([...plan.tables].sort()),
  });
  return { compiled, sharedTables: Object.freeze([...plan.shared].sort()) };
}

/** The rules that compiled, and an error for each one that did not. */
export interface CompileResult {
  readonly compiled: readonly CompiledRule[];
  readonly errors: readonly PremortemError[];
}

/**
 * Compiles every rule of a set that raises alerts of its own. Field-mapping and unsupported-construct errors are
 * reported per rule (collected, or the first one thrown); a rule that fails is never silently dropped.
 */
export function compileRules(
  ruleSet: RuleSet,
  pipelines: PipelineSet,
  options: { collectErrors?: boolean; only?: (rule: Rule) => boolean } = {},
): CompileResult {
  const env: CompileEnv = { ruleSet, pipelines };
  const compiled: CompiledRule[] = [];
  const errors: PremortemError[] = [];
  for (const rule of ruleSet.alerting()) {
    if (options.only && !options.only(rule)) continue;
    try {
      compiled.push(compileRule(rule, env));
    } catch (err) {
      if (!(err instanceof PremortemError) || !options.collectErrors) throw err;
      errors.push(attribute(err, rule));
    }
  }
  return { compiled, errors };
}

/** An error raised while compiling a dependency names the rule that was being compiled too. */
function attribute(err: PremortemError, rule: Rule): PremortemError {
  const label = ruleLabel(rule);
  if (err.source.rule === label) return err;
  const message = err.source.rule ? `${label}: ${err.message}` : err.message;
  return new PremortemError(err.code, message, {
    source: { file: rule.origin.file, line: rule.origin.line, column: rule.origin.column, ...err.source, rule: label },
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  });
}

/** A full run's rules compiled to read the base scans of the store they share from temporary tables. */
export interface SharedCompilation {
  /** In the order given: a rule that reads no shared scan is its own compilation alone. */
  readonly compiled: readonly CompiledRule[];
  readonly scans: SharedScans;
}

/**
 * Compiles rules (compiled alone, as compileRules gives them) again for one full run over the whole store, every
 * single-event rule a correlation reads without restriction becoming a shared scan (shared-scans.ts). The shared
 * SQL names the run's temporary tables, so it is never a rule's version: `shared.alone` is.
 */
export function compileShared(alone: readonly CompiledRule[], env: CompileEnv): SharedCompilation {
  const scans = new SharedScans();
  const compiled = alone.map((one) => {
    const { compiled: c, sharedTables } = compilePlan(one.rule, { ...env, shared: scans });
    return sharedTables.length === 0
      ? one
      : Object.freeze({ ...c, shared: Object.freeze({ tables: sharedTables, alone: one }) });
  });
  return { compiled, scans };
}
