import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importedSimulation } from '../../test/simulated-workspace.js';
import { compileRules } from '../compile/compile.js';
import { importPaths } from '../ingest/import-files.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { Workspace } from '../store/workspace.js';
import { listAlerts } from './list-alerts.js';
import { runDetection } from './run.js';

// The built-in library over whole data sets: the shared real samples must raise exactly what they should, the
// demo tenant's ordinary month nothing, and the seed-003 story each of its stages.
const loaded = loadRules(builtinRulesDir());
const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const { compiled } = compileRules(loaded.rules, pipelines);
const nameOf = new Map(loaded.rules.rules.map((r) => [r.meta.id ?? '', r.meta.name ?? r.meta.title]));

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'premortem-builtin-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * Imports the paths into a fresh workspace (or opens the imported one given), runs every built-in rule and counts
 * alerts per rule name.
 */
async function alertsPerRule(paths: string[], imported?: string): Promise<Record<string, number>> {
  const ws = await Workspace.open(imported ?? tempDir());
  try {
    if (imported === undefined) await importPaths(ws, paths);
    const run = await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
    expect(run.errors.map((e) => e.message)).toEqual([]);
    const counts: Record<string, number> = {};
    // Every rule's alerts, also those folded into a campaign (counted under campaign:<family> as well).
    for (const a of await listAlerts(ws, undefined, { members: true })) {
      const name = nameOf.get(a.rule_id) ?? a.rule_id;
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  } finally {
    ws.close();
  }
}

/** A simulated month's workspace, imported (built once per test run: test/simulated-workspace.ts). */
async function simulatedWorkspace(scenario: string): Promise<string> {
  const imported = await importedSimulation({ seed: 1, scenario });
  dirs.push(imported.dir);
  return imported.wsDir;
}

describe('built-in rules on the shared real samples', () => {
  it('raise exactly the alerts the samples call for, and nothing else', async () => {
    const counts = await alertsPerRule(['../shared/data/sentinel-training-lab', '../shared/data/otrf-golden-saml']);
    expect(counts).toEqual({
      // disable_accounts.csv: four 50057 rows, one account, one day.
      'signin-disabled-account': 1,
      // AuditLogs_Hunting.csv: four first credentials and one additional; AADAuditEvents.json: one first secret.
      'app-credential-first': 5,
      'app-credential-additional': 1,
      // AADAuditEvents.json: Mail.ReadWrite granted for AllPrincipals.
      'consent-all-principals': 1,
      // office_activity.csv: a rule deleting mail that mentions covid-19 (the two in office_activity_inbox_rule.csv
      // only move or pin mail).
      'inbox-rule-forward-or-delete': 1,
      // office_activity.csv: anonymous links created from the lab's attacker address.
      'external-file-sharing': 1,
      // office_activity.csv: mail read over REST by an unknown client app; OfficeActivityEvents.json: via Graph.
      'mail-items-accessed-unusual-app': 2,
    });
  }, 120_000);
});

describe('built-in rules on the demo tenant', () => {
  it('raise no alert over the ordinary month (--scenario none)', async () => {
    expect(await alertsPerRule([], await simulatedWorkspace('none'))).toEqual({});
  }, 240_000);

  it('raise every stage of the seed-003 story (--scenario spray-backdoor)', async () => {
    const counts = await alertsPerRule([], await simulatedWorkspace('spray-backdoor'));
    for (const stage of [
      'password-spray',
      'password-spray-legacy',
      'success-after-spray',
      'legacy-auth-success',
      'privileged-role-to-service-principal',
      'app-credential-first',
      'sp-signin-from-spray-ip',
      'password-reset-by-app',
      'eas-new-device',
    ]) {
      expect(counts[stage] ?? 0, stage).toBeGreaterThan(0);
    }
    // Nothing the story does not contain.
    expect(Object.keys(counts).sort()).toEqual(
      [
        'app-credential-first',
        'campaign:eas-new-device',
        'campaign:password-spray',
        'eas-new-device',
        'legacy-auth-success',
        'password-reset-by-app',
        'password-spray',
        'password-spray-asn',
        'password-spray-legacy',
        'privileged-role-to-service-principal',
        'sp-signin-from-spray-ip',
        'success-after-spray',
      ].sort(),
    );
  }, 240_000);
});
