import { type CompiledRule, compileRule } from '../compile/compile.js';
import { type CompileEnv, SCOPE_TABLE, type Scope } from '../compile/relation.js';
import { sha256Hex } from '../core/hash.js';
import type { Rule } from '../rules/model.js';
import { RULE_TABLES, type RuleTable } from '../rules/rule-tables.js';
import type { Workspace } from '../store/workspace.js';
import type { Alert } from './alert.js';
import { listAlerts } from './list-alerts.js';
import { type DetectionResult, runDetection } from './run.js';

/** What an incremental run did, beyond the alerts. */
export interface IncrementalResult extends DetectionResult {
  /** Rules that ran (they had input files they had not evaluated). */
  readonly evaluated: number;
  /** Rules that had nothing new to read and did not run. */
  readonly skipped: number;
}

/** A rule's version: its compiled SQL and parameters. A changed rule or pipeline is a new rule and reads all. */
export function ruleVersion(compiled: CompiledRule): string {
  return sha256Hex(`${compiled.query.sql}\n${JSON.stringify(compiled.query.parameters)}`).slice(0, 32);
}

/** The longest stretch of time a rule looks back or forward over: the timespans of every correlation it chains. */
function lookbackMs(rule: Rule, env: CompileEnv): number {
  return env.ruleSet
    .closure(rule)
    .reduce((sum, r) => sum + (r.type === 'correlation' ? r.correlation.timespanMs : 0), 0);
}

/** new_value needs the whole history (its baseline starts at the first event stored), so it is not time-scoped. */
function needsHistory(rule: Rule, env: CompileEnv): boolean {
  return env.ruleSet.closure(rule).some((r) => r.type === 'correlation' && r.correlation.type === 'new_value');
}

/**
 * Fills the scope table with the input files (evidence ids) this rule version has not evaluated yet. Rows that
 * carry no evidence id (hand-inserted) count as the pseudo-file '' and are evaluated once.
 */
async function fillScope(ws: Workspace, ruleId: string, version: string): Promise<number> {
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${SCOPE_TABLE} (evidence_sha256 VARCHAR PRIMARY KEY)`);
  await ws.run(
    `INSERT INTO ${SCOPE_TABLE}
     SELECT sha256 FROM (SELECT sha256 FROM evidence UNION SELECT '')
     WHERE sha256 NOT IN (SELECT evidence_sha256 FROM detect_state WHERE rule_id = $1 AND rule_hash = $2)`,
    [ruleId, version],
  );
  return Number(await ws.scalar(`SELECT count(*) FROM ${SCOPE_TABLE}`));
}

/** The rows of the scoped files in one table: how many, and the time range of the dated ones. */
interface TableNews {
  readonly rows: number;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
}

/**
 * The scoped files' rows per table, asked once per scope and table in a run: every rule of a watch poll has the
 * same unevaluated files, and a scan per rule was most of a poll's detection time.
 */
class NewRows {
  private readonly known = new Map<string, TableNews>();

  /** The scope table's files as one key (fillScope has just filled it). */
  async scopeKey(ws: Workspace): Promise<string> {
    const key = await ws.scalar(
      `SELECT sha256(coalesce(string_agg(evidence_sha256, ',' ORDER BY evidence_sha256), '')) FROM ${SCOPE_TABLE}`,
    );
    return String(key);
  }

  async of(ws: Workspace, scopeKey: string, table: RuleTable): Promise<TableNews> {
    const key = `${scopeKey}|${table}`;
    const hit = this.known.get(key);
    if (hit) return hit;
    const time = RULE_TABLES[table].timeColumn;
    const [row] = await ws.all(
      `SELECT count(*) AS n, min(${time}) AS lo, max(${time}) AS hi FROM ${table}
       WHERE coalesce(evidence_sha256, '') IN (SELECT evidence_sha256 FROM ${SCOPE_TABLE})`,
    );
    const news: TableNews = {
      rows: Number(row?.n ?? 0),
      from: (row?.lo as Date | null | undefined) ?? undefined,
      to: (row?.hi as Date | null | undefined) ?? undefined,
    };
    this.known.set(key, news);
    return news;
  }
}

/** How many rows of the scoped files the rule's tables hold, and their time range (undefined when none is dated). */
async function newRows(
  ws: Workspace,
  cache: NewRows,
  compiled: CompiledRule,
): Promise<{ rows: number; range: { from: Date; to: Date } | undefined }> {
  const scopeKey = await cache.scopeKey(ws);
  let rows = 0;
  let from: Date | undefined;
  let to: Date | undefined;
  for (const table of compiled.tables) {
    const news = await cache.of(ws, scopeKey, table);
    rows += news.rows;
    if (news.from && (!from || news.from < from)) from = news.from;
    if (news.to && (!to || news.to > to)) to = news.to;
  }
  return { rows, range: from && to ? { from, to } : undefined };
}

async function markEvaluated(ws: Workspace, ruleId: string, version: string, now: Date): Promise<void> {
  await ws.run(
    `INSERT OR IGNORE INTO detect_state
     SELECT $1, $2, evidence_sha256, CAST($3 AS TIMESTAMPTZ) FROM ${SCOPE_TABLE}`,
    [ruleId, version, now.toISOString()],
  );
}

/**
 * Runs the rules over what is new since each one last ran. The state is kept per rule version and per input file
 * (evidence), not per event time, so a late file with old events is still read. A single-event rule reads only
 * the new files' rows. A correlation reads every row within its look-back of the new rows' times (the sum of the
 * timespans it chains, both ways), so that a window spanning the previous run and this one is evaluated whole;
 * the alert it yields merges into the stored one (alert-store.ts), so nothing is raised twice.
 */
export async function runIncremental(
  ws: Workspace,
  rules: readonly Rule[],
  env: CompileEnv,
  options: { now?: Date } = {},
): Promise<IncrementalResult> {
  const now = options.now ?? new Date();
  const found: { new: Alert[]; updated: Alert[]; unchanged: Alert[] } = { new: [], updated: [], unchanged: [] };
  const errors: DetectionResult['errors'][number][] = [];
  let evaluated = 0;
  const cache = new NewRows();
  for (const rule of rules) {
    const full = compileRule(rule, env);
    const version = ruleVersion(full);
    if ((await fillScope(ws, full.ruleId, version)) === 0) continue;
    const news = await newRows(ws, cache, full);
    let scope: Scope | undefined;
    if (rule.type === 'detection') scope = { newEvidence: true };
    else if (!needsHistory(rule, env) && news.range) {
      const back = lookbackMs(rule, env);
      scope = { from: new Date(news.range.from.getTime() - back), to: new Date(news.range.to.getTime() + back) };
    }
    // No new rows in this rule's tables: nothing it could raise (a rule matches events, and a new value needs a new
    // event), but the files count as read for this rule now. A correlation also needs dated rows for its window.
    const nothingNew = news.rows === 0 || (rule.type === 'correlation' && !needsHistory(rule, env) && !scope);
    if (!nothingNew) {
      evaluated++;
      const scoped = scope === undefined ? full : compileRule(rule, { ...env, scope });
      const result = await runDetection(ws, [scoped], { now });
      found.new.push(...result.new);
      found.updated.push(...result.updated);
      found.unchanged.push(...result.unchanged);
      errors.push(...result.errors);
      if (result.errors.length > 0) continue; // a failed rule reads the same files again next time
    }
    await markEvaluated(ws, full.ruleId, version, now);
  }
  await ws.run(`DROP TABLE IF EXISTS ${SCOPE_TABLE}`);
  // A campaign raised by one rule of this run and grown by the next is new, not also updated; an alert absorbed
  // into another (or a campaign merged into another) by a later rule no longer exists, and one folded into a
  // campaign by a later rule is told by the campaign.
  const alive = new Set(
    (await ws.all<{ id: string }>('SELECT id FROM alerts WHERE id NOT IN (SELECT alert_id FROM alert_campaigns)')).map(
      (r) => r.id,
    ),
  );
  const once = (list: Alert[], not: Set<string>): Alert[] => {
    const seen = new Set<string>();
    return list.filter((a) => {
      if (!alive.has(a.id) || not.has(a.id) || seen.has(a.id)) return false;
      seen.add(a.id);
      return true;
    });
  };
  const fresh = once(found.new, new Set());
  const updated = once(found.updated, new Set(fresh.map((a) => a.id)));
  const unchanged = once(found.unchanged, new Set([...fresh, ...updated].map((a) => a.id)));
  const latest = new Map(
    (
      await listAlerts(
        ws,
        [...fresh, ...updated, ...unchanged].map((a) => a.id),
      )
    ).map((a) => [a.id, a]),
  );
  const current = (list: Alert[]) => list.map((a) => latest.get(a.id) ?? a);
  return {
    new: current(fresh),
    updated: current(updated),
    unchanged: current(unchanged),
    errors,
    evaluated,
    skipped: rules.length - evaluated,
  };
}

/**
 * Records that a rule, compiled unscoped, has now read every stored input file: what a full run leaves behind, so
 * the next incremental run reads only what arrives after it.
 */
export async function recordFullRun(ws: Workspace, compiled: CompiledRule, now: Date): Promise<void> {
  const version = ruleVersion(compiled);
  if ((await fillScope(ws, compiled.ruleId, version)) > 0) await markEvaluated(ws, compiled.ruleId, version, now);
  await ws.run(`DROP TABLE IF EXISTS ${SCOPE_TABLE}`);
}
