import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importPaths } from '../src/ingest/import-files.js';
import {
  configSnapshot,
  type Simulation,
  simulate,
  writeConfigSnapshot,
  writeGraphJson,
} from '../src/simulate/index.js';
import { Workspace } from '../src/store/workspace.js';
import { cachedBuild, cacheKey } from './workspace-cache.js';

export interface ImportedSimulation {
  /** The folder holding `tenant/` (what `premortem simulate --out` writes) and `ws/` (closed). */
  readonly dir: string;
  readonly wsDir: string;
  readonly tenantDir: string;
  /** Deletes the folder. */
  readonly cleanup: () => void;
}

/**
 * A simulated month written as Graph JSON (and its configuration snapshot when asked) and imported into a fresh
 * workspace, nothing detected: the part every demo-month test shares and the slow one (the import). Built once per
 * test run and copied (test/workspace-cache.ts); `sim` builds it from another composition of the month.
 */
export async function importedSimulation(options: {
  seed?: number;
  /** A scenario name, 'all' (the demo month) or 'none' (the ordinary month). */
  scenario?: string;
  config?: boolean;
  /** Another composition of the month than simulate({seed, scenario}); `name` keys the cache. */
  custom?: { name: string; sim: () => Simulation };
}): Promise<ImportedSimulation> {
  const seed = options.seed ?? 1;
  const scenario = options.scenario ?? 'all';
  const config = options.config === true;
  const key = cacheKey({ build: 'imported-simulation', seed, scenario, config, custom: options.custom?.name ?? null });
  const { dir } = await cachedBuild(key, async (into) => {
    const sim = options.custom ? options.custom.sim() : simulate({ seed, scenario });
    const tenantDir = join(into, 'tenant');
    await writeGraphJson(sim, tenantDir);
    if (config) writeConfigSnapshot(join(tenantDir, 'config'), configSnapshot(sim));
    const ws = await Workspace.open(join(into, 'ws'));
    try {
      await importPaths(ws, [tenantDir]);
    } finally {
      ws.close();
    }
    return {};
  });
  return {
    dir,
    wsDir: join(dir, 'ws'),
    tenantDir: join(dir, 'tenant'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Copies an imported simulation into `into` (for a cached build layered on it) and deletes the copy it made. */
export async function importedSimulationInto(
  into: string,
  options: Parameters<typeof importedSimulation>[0],
): Promise<void> {
  const imported = await importedSimulation(options);
  try {
    cpSync(imported.dir, into, { recursive: true });
  } finally {
    imported.cleanup();
  }
}
