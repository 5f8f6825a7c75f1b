import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DetectionEngine } from '../src/detect/engine.js';
import { builtinRulesDir } from '../src/rules/content.js';
import {
  type ConfigSnapshotBodies,
  configSnapshot,
  type SprayBackdoorTruth,
  simulate,
  truthOf,
} from '../src/simulate/index.js';
import { Workspace } from '../src/store/workspace.js';
import { importedSimulationInto } from './simulated-workspace.js';
import { cachedBuild, cacheKey } from './workspace-cache.js';

export interface Seed003 {
  ws: Workspace;
  /** The workspace folder, for tests that run the CLI on it (close `ws` first: DuckDB holds one writer). */
  wsDir: string;
  truth: SprayBackdoorTruth;
  /** The tenant's configuration at the end of the month, when asked for (imported as the workspace's snapshot). */
  config?: ConfigSnapshotBodies;
  cleanup: () => void;
}

/**
 * The demo path, in process: simulate the seed-003 tenant, write it as Graph JSON, import it, run the built-in rules
 * (built once per test run and copied: test/workspace-cache.ts).
 * `rules`: rule files or folders to detect with (default: every built-in rule). `config`: also write and import the
 * configuration snapshot, as `premortem simulate` and the demo do.
 */
export async function seed003Workspace(
  seed = 1,
  rules: readonly string[] = [builtinRulesDir()],
  options: { config?: boolean } = {},
): Promise<Seed003> {
  const key = cacheKey({ build: 'seed-003', seed, rules, config: options.config === true });
  const { dir, meta } = await cachedBuild(key, async (into) => {
    const config = options.config === true;
    await importedSimulationInto(into, { seed, scenario: 'spray-backdoor', config });
    const ws = await Workspace.open(join(into, 'ws'));
    try {
      await DetectionEngine.load(rules, { strict: true }).run(ws, { full: true });
    } finally {
      ws.close();
    }
    // simulate() is deterministic: the same seed gives the month that was imported.
    const sim = simulate({ seed, scenario: 'spray-backdoor' });
    const truth = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
    if (!truth) throw new Error('the spray-backdoor scenario has no ground truth');
    return { truth, ...(config ? { config: configSnapshot(sim) } : {}) };
  });
  const wsDir = join(dir, 'ws');
  const ws = await Workspace.open(wsDir);
  return {
    ws,
    wsDir,
    ...meta,
    cleanup: () => {
      try {
        ws.close();
      } catch {
        // Already closed by a test that handed the workspace to the CLI.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
