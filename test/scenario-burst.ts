import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectionEngine } from '../src/detect/engine.js';
import { importPaths } from '../src/ingest/import-files.js';
import { builtinRulesDir } from '../src/rules/content.js';
import { type Simulation, simulate, writeGraphJson } from '../src/simulate/index.js';
import { Rng } from '../src/simulate/random.js';
import { type BurstAppSecretTruth, burstAppSecret } from '../src/simulate/scenarios/burst-app-secret/index.js';
import { Workspace } from '../src/store/workspace.js';

export interface BurstWorkspace {
  ws: Workspace;
  truth: BurstAppSecretTruth;
  cleanup: () => void;
}

/**
 * The ordinary month plus the burst-app-secret scenario, composed the way simulate() composes registered scenarios
 * (the same rng fork name), written as Graph JSON, imported and run through the built-in rules.
 */
export async function burstWorkspace(
  seed = 1,
  rules: readonly string[] = [builtinRulesDir()],
): Promise<BurstWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-burst-'));
  const base = simulate({ seed, scenario: 'none' });
  const out = burstAppSecret.run(base.tenant, new Rng(seed).fork(`scenario:${burstAppSecret.name}`));
  const newestFirst = <T extends { id: string }>(xs: T[], t: (x: T) => string) =>
    xs.sort((a, b) => (t(a) !== t(b) ? (t(a) < t(b) ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const sim: Simulation = {
    ...base,
    signIns: newestFirst([...base.signIns, ...out.signIns], (s) => s.createdDateTime),
    directoryAudits: newestFirst([...base.directoryAudits, ...out.directoryAudits], (a) => a.activityDateTime),
  };
  await writeGraphJson(sim, join(dir, 'tenant'));
  const ws = await Workspace.open(join(dir, 'ws'));
  await importPaths(ws, [join(dir, 'tenant')]);
  await DetectionEngine.load(rules, { strict: true }).run(ws, { full: true });
  return {
    ws,
    truth: out.truth,
    cleanup: () => {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
