import { type CorrelationRule, type Rule, ruleId, ruleLabel } from '../../rules/model.js';
import type { RuleTable } from '../../rules/rule-tables.js';
import { aliased } from '../relation.js';
import { KqlPlan } from './kql-plan.js';
import { type KqlEnv, kqlRelation } from './kql-relation.js';

/** Sentinel's scheduled analytics rules look back at most 14 days (its "lookup data from the last" setting). */
export const SENTINEL_MAX_PERIOD_MS = 14 * 86_400_000;

/** How often exported analytic rules run: each run looks at the last hour, plus the windows reaching back from it. */
export const QUERY_FREQUENCY_MS = 3_600_000;

/** A rule as a KQL query over Sentinel's tables, with what an analytic rule needs to show its result. */
export interface CompiledKql {
  readonly rule: Rule;
  readonly ruleId: string;
  readonly query: string;
  /** Output columns holding an account or an IP address, for Sentinel's entity mappings. */
  readonly entities: { readonly account?: string; readonly ip?: string };
  /** The rule tables the query reads. */
  readonly tables: readonly RuleTable[];
  /** How much history the query needs: the longest chain of correlation windows (0 for a single-event rule). */
  readonly lookbackMs: number;
  /** What a reader of the query should know: approximations, limits of Sentinel that change the result. */
  readonly notes: readonly string[];
}

const ACCOUNT_COLUMNS = new Set(['user_principal_name', 'initiator_upn', 'target_upn', 'user_id', '@initiator']);
const IP_COLUMNS = new Set(['ip_address', 'client_ip', 'initiator_ip']);

/** The canonical column a correlation's field stands for, followed down its first referenced rule. */
function canonicalOf(env: KqlEnv, rule: Rule, field: string): string | undefined {
  if (rule.type === 'detection') {
    try {
      return env.pipelines.column(rule, field);
    } catch {
      return undefined;
    }
  }
  const first = env.ruleSet.referenced(rule)[0];
  return first === undefined ? undefined : canonicalOf(env, first, aliased(rule, first, field));
}

function hasNewValue(env: KqlEnv, rule: Rule): boolean {
  if (rule.type === 'detection') return false;
  return rule.correlation.type === 'new_value' || env.ruleSet.referenced(rule).some((r) => hasNewValue(env, r));
}

function lookback(env: KqlEnv, rule: Rule): number {
  if (rule.type === 'detection') return 0;
  return rule.correlation.timespanMs + Math.max(0, ...env.ruleSet.referenced(rule).map((r) => lookback(env, r)));
}

/** A group field as an output column name: the field itself when it is a plain name. */
function columnName(field: string, i: number, taken: Set<string>): string {
  const base = field.replace(/^@/, '').replace(/[^A-Za-z0-9_]/g, '_');
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(base) && !taken.has(base) ? base : `group${i}`;
  taken.add(name);
  return name;
}

/** 30d 1h: days, hours and minutes, for notes. */
function spanText(ms: number): string {
  const parts: [number, string][] = [
    [Math.floor(ms / 86_400_000), 'd'],
    [Math.floor((ms % 86_400_000) / 3_600_000), 'h'],
    [Math.floor((ms % 3_600_000) / 60_000), 'm'],
  ];
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, u]) => `${n}${u}`)
      .join(' ') || `${ms}ms`
  );
}

/** Text safe inside a `//` comment: one line. */
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ');

/**
 * Compiles one rule (with everything it references) into a single KQL query over Sentinel's tables. A single-event
 * rule returns its matching rows; a correlation returns one row per group and episode (first and last event, event
 * count), computed with the same sliding windows as the DuckDB query. Throws PremortemError('rule-unsupported')
 * naming what does not translate.
 */
export function compileKql(rule: Rule, env: KqlEnv): CompiledKql {
  const plan = new KqlPlan();
  const last = kqlRelation(plan, env, rule, [], true);
  const header = `// ${oneLine(ruleLabel(rule))}\n// premortem rule ${oneLine(ruleId(rule))}, exported to KQL for Microsoft Sentinel\n`;
  const notes: string[] = [];
  const entities: { account?: string; ip?: string } = {};
  let final: string;
  if (rule.type === 'detection') {
    final = `${last}\n| project-rename TimeGenerated = ts`;
    const mapped = env.pipelines.apply(rule);
    const columns: Record<string, { account?: string; ip?: string }> = {
      signins: { account: 'user_principal_name', ip: 'ip_address' },
      audits: { account: 'initiator_upn', ip: 'initiator_ip' },
      activities: { account: 'user_id', ip: 'client_ip' },
      risk_detections: { account: 'user_principal_name', ip: 'ip_address' },
      graph_activity: { ip: 'ip_address' },
      azure_activity: { account: 'caller', ip: 'caller_ip' },
    };
    Object.assign(entities, columns[mapped.table] ?? {});
  } else {
    const taken = new Set(['StartTime', 'EndTime', 'EventCount', 'episode']);
    const groups = (rule as CorrelationRule).correlation.groupBy.map((field, i) => {
      const name = columnName(field, i, taken);
      const canonical = canonicalOf(env, rule, field);
      if (canonical !== undefined && ACCOUNT_COLUMNS.has(canonical) && entities.account === undefined) {
        entities.account = name;
      }
      if (canonical !== undefined && IP_COLUMNS.has(canonical) && entities.ip === undefined) entities.ip = name;
      return `${name} = g${i}`;
    });
    final = [
      last,
      `| summarize StartTime = min(ts), EndTime = max(ts), EventCount = count() by ${[...groups, 'episode'].join(', ')}`,
      '| project-away episode',
    ].join('\n');
  }
  const lookbackMs = lookback(env, rule);
  if (lookbackMs + QUERY_FREQUENCY_MS > SENTINEL_MAX_PERIOD_MS) {
    notes.push(
      `its windows reach back ${spanText(lookbackMs)} before the hour a scheduled run looks at, but Sentinel's scheduled rules look back at most 14 days: the query period is cut to 14d, so those windows see only part of their data${rule.type === 'correlation' && hasNewValue(env, rule) ? ' (a new_value window that sees less history finds fewer new values, or none)' : ''}`,
    );
  }
  const comments = notes.map((n) => `// note: ${oneLine(n)}\n`).join('');
  return Object.freeze({
    rule,
    ruleId: ruleId(rule),
    query: `${header}${comments}${plan.build(final)}`,
    tables: Object.freeze([...plan.tables].sort()),
    entities: Object.freeze(entities),
    lookbackMs,
    notes: Object.freeze(notes),
  });
}
