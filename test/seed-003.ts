import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectionEngine } from '../src/detect/engine.js';
import { importPaths } from '../src/ingest/import-files.js';
import { builtinRulesDir } from '../src/rules/content.js';
import {
  type ConfigSnapshotBodies,
  configSnapshot,
  type SprayBackdoorTruth,
  simulate,
  truthOf,
  writeConfigSnapshot,
  writeGraphJson,
} from '../src/simulate/index.js';
import { Workspace } from '../src/store/workspace.js';

export interface Seed003 {
  ws: Workspace;
  /** The workspace folder, for tests that run the CLI on it (close `ws` first: DuckDB holds one writer). */
  wsDir: string;
  truth: SprayBackdoorTruth;
  /** The tenant's configuration at the end of the month, when asked for (imported as the workspace's snapshot). */
  config?: ConfigSnapshotBodies;
  cleanup: () => void;
}

/** The demo path, in process: simulate the seed-003 tenant, write it as Graph JSON, import it, run the built-in rules. */
/**
 * `rules`: rule files or folders to detect with (default: every built-in rule). `config`: also write and import the
 * configuration snapshot, as `premortem simulate` and the demo do.
 */
export async function seed003Workspace(
  seed = 1,
  rules: readonly string[] = [builtinRulesDir()],
  options: { config?: boolean } = {},
): Promise<Seed003> {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-seed003-'));
  const sim = simulate({ seed, scenario: 'spray-backdoor' });
  await writeGraphJson(sim, join(dir, 'tenant'));
  const config = options.config ? configSnapshot(sim) : undefined;
  if (config) writeConfigSnapshot(join(dir, 'tenant', 'config'), config);
  const wsDir = join(dir, 'ws');
  const ws = await Workspace.open(wsDir);
  await importPaths(ws, [join(dir, 'tenant')]);
  await DetectionEngine.load(rules, { strict: true }).run(ws, { full: true });
  const truth = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
  if (!truth) throw new Error('the spray-backdoor scenario has no ground truth');
  return {
    ws,
    wsDir,
    truth,
    ...(config ? { config } : {}),
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
