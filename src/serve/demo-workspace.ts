/**
 * `serve --demo`: the demo tenant (every scenario, seed 1) simulated, imported and detected into the workspace the
 * first time, exactly as `npm run demo` does through the CLI; a workspace that already holds events is served as is.
 * The clock of the pages is pinned to the newest event held, so "the last 24 hours" of a simulated month mean
 * something.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../ingest/import-files.js';
import { allExtents, newestEvent } from '../readiness/extent.js';
import { configSnapshot, simulate, writeConfigSnapshot, writeGraphJson } from '../simulate/index.js';
import type { Workspace } from '../store/workspace.js';

/** Fills an empty workspace with the demo tenant; `detect` runs the built-in rules once (the CLI's detection). */
export async function ensureDemoData(
  ws: Workspace,
  detect: () => Promise<unknown>,
  log: (s: string) => void,
): Promise<void> {
  const held = Number(await ws.scalar('SELECT count(*) FROM signins'));
  if (held === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'premortem-serve-demo-'));
    try {
      log('demo: simulating the demo tenant (seed 1, every scenario)');
      const sim = simulate({ seed: 1, scenario: 'all' });
      await writeGraphJson(sim, join(dir, 'tenant'));
      writeConfigSnapshot(join(dir, 'tenant', 'config'), configSnapshot(sim));
      log('demo: importing');
      await importPaths(ws, [join(dir, 'tenant')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  log('demo: detecting');
  await detect();
}

/** The newest event the workspace holds (the demo's "now"), or undefined when it holds none. */
export async function newestEventTime(ws: Workspace): Promise<Date | undefined> {
  const latest = newestEvent(await allExtents(ws));
  return latest === null ? undefined : new Date(latest);
}
