/**
 * The rules page's facts: every built-in rule (compiled, so "enabled" means it runs), when detection last evaluated
 * it, how many alerts it raised, and its own tests' status (detect/rule-tests, the same run as `premortem rules
 * test`). The tests run against their own fixture rows, not the workspace, once per server process: the rules
 * ship with premortem and cannot change while it runs.
 */
import type { Severity } from '../core/severity.js';
import { toIsoUtc } from '../core/time.js';
import { DetectionEngine } from '../detect/engine.js';
import { type RuleTestResult, runRuleTests } from '../detect/rule-tests.js';
import { builtinRulesDir } from '../rules/content.js';
import { ruleId } from '../rules/model.js';
import type { Workspace } from '../store/workspace.js';

export interface RuleRow {
  id: string;
  title: string;
  level: Severity | undefined;
  enabled: boolean;
  /** Why it does not run, when it does not. */
  skipped: string | null;
  lastRun: string | null;
  alerts: number;
  tests: { passed: number; failed: number } | null;
}

let tests: Promise<RuleTestResult[]> | undefined;

/**
 * The built-in rules' own tests, run once per process and then remembered. They take tens of seconds of CPU, so
 * the signal (serve's stop) ends them between two cases.
 */
export function builtinRuleTests(signal?: AbortSignal): Promise<RuleTestResult[]> {
  tests ??= runRuleTests(builtinRulesDir(), signal ? { signal } : {}).then((r) => r.results);
  return tests;
}

export async function buildRules(ws: Workspace, results: readonly RuleTestResult[]): Promise<RuleRow[]> {
  const engine = DetectionEngine.load([builtinRulesDir()]);
  const errors = engine.skipped;
  const running = new Set(engine.compiled.map((c) => c.ruleId));
  const counts = new Map(
    (await ws.all<{ rule_id: string; n: bigint }>('SELECT rule_id, count(*) AS n FROM alerts GROUP BY rule_id')).map(
      (r) => [r.rule_id, Number(r.n)],
    ),
  );
  const lastRun = new Map(
    (
      await ws.all<{ rule_id: string; at: Date | string }>(
        'SELECT rule_id, max(evaluated_at) AS at FROM detect_state GROUP BY rule_id',
      )
    ).map((r) => [r.rule_id, toIsoUtc(r.at)]),
  );
  return engine.ruleSet.rules.map((rule) => {
    const id = ruleId(rule);
    const mine = results.filter(
      (t) => t.rules.includes(id) || (rule.meta.name !== undefined && t.rules.includes(rule.meta.name)),
    );
    const failed = errors.find((e) => e.source.rule === id || e.source.rule === rule.meta.title);
    return {
      id,
      title: rule.meta.title,
      level: rule.meta.level,
      enabled: running.has(id),
      skipped: running.has(id) ? null : (failed?.message ?? 'not converted'),
      lastRun: lastRun.get(id) ?? null,
      alerts: counts.get(id) ?? 0,
      tests:
        mine.length === 0
          ? null
          : { passed: mine.filter((t) => t.passed).length, failed: mine.filter((t) => !t.passed).length },
    };
  });
}
