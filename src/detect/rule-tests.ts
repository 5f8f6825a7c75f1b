import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { PremortemError } from '../core/errors.js';
import { EVENT_TABLES, type EventTable } from '../core/event-model.js';
import { type Rule, ruleId, ruleLabel } from '../rules/model.js';
import type { RuleSet } from '../rules/rule-set.js';
import { parseRuleTests, type RuleTestCase, type TestRow } from '../rules/rule-test-cases.js';
import { insertTarget } from '../store/lake.js';
import { Workspace } from '../store/workspace.js';
import { DetectionEngine } from './engine.js';
import { listAlerts } from './list-alerts.js';

/** The outcome of one test case. */
export interface RuleTestResult {
  readonly file: string;
  readonly case: string;
  readonly rules: readonly string[];
  readonly passed: boolean;
  readonly expected: number;
  readonly actual: number;
  /** Why it failed (empty when it passed). */
  readonly problems: readonly string[];
}

/** A rules folder with its test cases, ready to run. */
export interface RuleTestSuite {
  readonly cases: readonly RuleTestCase[];
  /** The folder's rules with the field mappings, which each case runs through. */
  readonly engine: DetectionEngine;
  /** Rule and test files that could not be loaded: each one counts as a failure. */
  readonly errors: readonly PremortemError[];
}

/** Loads a rules folder and the test cases beside its rules (`x.tests.yml`). */
export function loadRuleTests(rulesDir: string, pipelinesDir?: string): RuleTestSuite {
  const engine = DetectionEngine.load([rulesDir], pipelinesDir === undefined ? {} : { pipelinesDir });
  const cases: RuleTestCase[] = [];
  const all = [...engine.loadErrors];
  const files = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tests\.ya?ml$/i.test(f))
    .sort();
  for (const f of files) {
    const file = join(rulesDir, f);
    const parsed = parseRuleTests(readFileSync(file, 'utf8'), file);
    all.push(...parsed.errors);
    cases.push(...parsed.cases);
  }
  return { cases, engine, errors: all };
}

/** The rules a case is about: those it names, else the alerting rules of its sibling rule file. */
function subjects(c: RuleTestCase, ruleSet: RuleSet): Rule[] | string {
  if (c.rules.length > 0) {
    const found = c.rules.map((r) => ruleSet.find(r));
    const missing = c.rules.filter((_, i) => !found[i]);
    return missing.length ? `no loaded rule is named ${missing.join(', ')}` : (found as Rule[]);
  }
  const sibling = basename(c.file).replace(/\.tests\.ya?ml$/i, '');
  const own = ruleSet.alerting().filter((r) => basename(r.origin.file).replace(/\.ya?ml$/i, '') === sibling);
  return own.length ? own : `no alerting rule in ${sibling}.yml`;
}

/** Inserts partial canonical rows into the table's write buffer (store/lake.ts) (missing columns null; uid defaults to prefix-table-n, source_id to uid). */
export async function insertRows(
  ws: Workspace,
  table: EventTable,
  rows: readonly TestRow[],
  prefix: string,
): Promise<void> {
  let n = 0;
  for (const raw of rows) {
    n++;
    const row: TestRow = { uid: `${prefix}-${table}-${n}`, ...raw };
    if (row.source_id === undefined) row.source_id = row.uid ?? null;
    const cols = Object.keys(row);
    // Column names go into the SQL text: only canonical names of this table are accepted.
    const bad = cols.find((c) => !EVENT_TABLES[table].columns.some((d) => d.name === c));
    if (bad !== undefined)
      throw new PremortemError('rule-invalid', `${table} has no column "${bad}"`, { source: { field: bad } });
    const params = cols.map((c) => row[c] as DuckDBValue);
    await ws.run(
      `INSERT INTO ${insertTarget(table)} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      params,
    );
  }
}

/** A case's accepted domains as one configuration snapshot's verified `domains` (what collect and import store). */
async function insertDomains(ws: Workspace, domains: readonly string[]): Promise<void> {
  for (const id of domains) {
    await ws.run(
      `INSERT INTO snapshots (snapshot_id, taken_at, tenant_id, resource, object_id, raw)
       VALUES ('rule-test-case', TIMESTAMPTZ '2000-01-01 00:00:00Z', NULL, 'domains', $1, $2)`,
      [id, JSON.stringify({ id, isVerified: true })],
    );
  }
}

/**
 * One workspace for a run of cases, emptied between them. Opening a fresh workspace per case (migrations, lake
 * views) cost about a quarter of a second each, more than most cases themselves. Emptying is every table that was
 * empty when it opened: what a case inserts and what detection writes (alerts, members, detect_state, outbox…),
 * never the schema's own bookkeeping (schema_migrations, store_tasks).
 */
export class RuleTestScratch {
  private constructor(
    readonly ws: Workspace,
    private readonly dir: string,
    private readonly emptied: readonly string[],
  ) {}

  static async open(): Promise<RuleTestScratch> {
    const dir = mkdtempSync(join(tmpdir(), 'premortem-rule-test-'));
    const ws = await Workspace.open(dir);
    const tables = await ws.all<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
    );
    const emptied: string[] = [];
    for (const { table_name } of tables) if ((await ws.count(`"${table_name}"`)) === 0) emptied.push(table_name);
    return new RuleTestScratch(ws, dir, emptied);
  }

  async reset(): Promise<void> {
    for (const table of this.emptied) await this.ws.run(`DELETE FROM "${table}"`);
  }

  close(): void {
    this.ws.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs one case and compares what detection raised with what the case expects: in the scratch workspace given
 * (emptied before and after), else in a temporary one of its own.
 */
export async function runRuleTestCase(
  c: RuleTestCase,
  suite: Pick<RuleTestSuite, 'engine'>,
  scratch?: RuleTestScratch,
): Promise<RuleTestResult> {
  const base = { file: c.file, case: c.name, expected: c.expect.alerts };
  const rules = subjects(c, suite.engine.ruleSet);
  if (typeof rules === 'string') return { ...base, rules: c.rules, passed: false, actual: 0, problems: [rules] };
  const names = rules.map(ruleLabel);
  const own = scratch ?? (await RuleTestScratch.open());
  const ws = own.ws;
  try {
    await own.reset();
    await insertRows(ws, 'signins', c.rows.signins, 'case');
    await insertRows(ws, 'audits', c.rows.audits, 'case');
    await insertRows(ws, 'activities', c.rows.activities, 'case');
    await insertRows(ws, 'graph_activity', c.rows.graph_activity, 'case');
    await insertDomains(ws, c.domains);
    await insertRows(ws, 'azure_activity', c.rows.azure_activity, 'case');
    const run = await suite.engine.runOnly(ws, rules, { now: new Date('2000-01-01T00:00:00Z') });
    const ids = new Set(rules.map(ruleId));
    const alerts = (await listAlerts(ws, undefined, { members: true })).filter((a) => ids.has(a.rule_id));
    const problems = run.errors.map((e) => e.message);
    if (alerts.length !== c.expect.alerts) problems.push(`expected ${c.expect.alerts} alert(s), got ${alerts.length}`);
    for (const [kind, want] of Object.entries(c.expect.entities) as [
      keyof (typeof alerts)[number]['entities'],
      string[],
    ][]) {
      const have = new Set(alerts.flatMap((a) => a.entities[kind]));
      const missing = want.filter((w) => !have.has(w));
      if (missing.length)
        problems.push(`entities.${kind} lacks ${missing.join(', ')} (has ${[...have].join(', ') || 'none'})`);
    }
    for (const text of c.expect.summary) {
      if (!alerts.some((a) => a.summary.includes(text))) problems.push(`no alert summary mentions "${text}"`);
    }
    return { ...base, rules: names, passed: problems.length === 0, actual: alerts.length, problems };
  } catch (err) {
    return { ...base, rules: names, passed: false, actual: 0, problems: [(err as Error).message] };
  } finally {
    if (scratch) await scratch.reset().catch(() => undefined);
    else own.close();
  }
}

/**
 * Runs every test case of a rules folder (`premortem rules test` and the vitest suite both call this). A rule or
 * test file that fails to load is reported as a failed result, never skipped.
 */
export async function runRuleTests(
  rulesDir: string,
  options: { pipelinesDir?: string; signal?: AbortSignal } = {},
): Promise<{ passed: number; failed: number; results: RuleTestResult[] }> {
  const suite = loadRuleTests(rulesDir, options.pipelinesDir);
  const results: RuleTestResult[] = suite.errors.map((e) => ({
    file: e.source.file ?? rulesDir,
    case: `load: ${e.where()}`,
    rules: e.source.rule ? [e.source.rule] : [],
    passed: false,
    expected: 0,
    actual: 0,
    problems: [e.message],
  }));
  const scratch = await RuleTestScratch.open();
  try {
    for (const c of suite.cases) {
      // serve runs these in the background: stopping it must not wait for the remaining cases.
      options.signal?.throwIfAborted();
      results.push(await runRuleTestCase(c, suite, scratch));
    }
  } finally {
    scratch.close();
  }
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}
