import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DetectionEngine } from '../src/detect/engine.js';
import { builtinRulesDir } from '../src/rules/content.js';
import { type Simulation, simulate } from '../src/simulate/index.js';
import { Rng } from '../src/simulate/random.js';
import { type BurstAppSecretTruth, burstAppSecret } from '../src/simulate/scenarios/burst-app-secret/index.js';
import { Workspace } from '../src/store/workspace.js';
import { importedSimulationInto } from './simulated-workspace.js';
import { cachedBuild, cacheKey } from './workspace-cache.js';

export interface BurstWorkspace {
  ws: Workspace;
  truth: BurstAppSecretTruth;
  cleanup: () => void;
}

/**
 * The ordinary month plus the burst-app-secret scenario, composed the way simulate() composes registered scenarios
 * (the same rng fork name), written as Graph JSON, imported and run through the built-in rules (built once per test
 * run and copied: test/workspace-cache.ts).
 */
export async function burstWorkspace(
  seed = 1,
  rules: readonly string[] = [builtinRulesDir()],
): Promise<BurstWorkspace> {
  const key = cacheKey({ build: 'burst', seed, rules });
  const { dir, meta } = await cachedBuild(key, async (into) => {
    await importedSimulationInto(into, { seed, custom: { name: 'burst-app-secret', sim: () => burstMonth(seed) } });
    const ws = await Workspace.open(join(into, 'ws'));
    try {
      await DetectionEngine.load(rules, { strict: true }).run(ws, { full: true });
    } finally {
      ws.close();
    }
    return { truth: burstMonthTruth(seed) };
  });
  const ws = await Workspace.open(join(dir, 'ws'));
  return {
    ws,
    truth: meta.truth,
    cleanup: () => {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function burstOf(seed: number) {
  const base = simulate({ seed, scenario: 'none' });
  return { base, out: burstAppSecret.run(base.tenant, new Rng(seed).fork(`scenario:${burstAppSecret.name}`), base) };
}

function burstMonth(seed: number): Simulation {
  const { base, out } = burstOf(seed);
  const newestFirst = <T extends { id: string }>(xs: T[], t: (x: T) => string) =>
    xs.sort((a, b) => (t(a) !== t(b) ? (t(a) < t(b) ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return {
    ...base,
    signIns: newestFirst([...base.signIns, ...out.signIns], (s) => s.createdDateTime),
    directoryAudits: newestFirst([...base.directoryAudits, ...out.directoryAudits], (a) => a.activityDateTime),
  };
}

function burstMonthTruth(seed: number): BurstAppSecretTruth {
  return burstOf(seed).out.truth;
}
