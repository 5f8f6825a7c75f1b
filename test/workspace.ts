import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../src/store/workspace.js';
import { cachedBuild } from './workspace-cache.js';

/**
 * A fresh workspace in a temporary folder; `cleanup` closes and deletes it.
 *
 * Inside `vitest run` the folder starts as a copy of one empty workspace that the run made once (every migration
 * applied): creating a workspace runs every migration, about a second of CPU, and the suite makes hundreds; a copy
 * and an open of it costs about a third of that. Outside a run (no cache folder) it is created as before.
 */
export async function tempWorkspace(): Promise<{ ws: Workspace; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-test-'));
  const empty = await cachedBuild('empty-workspace', async (d) => {
    (await Workspace.open(d)).close();
    return {};
  });
  renameSync(empty.dir, join(dir, 'ws'));
  const ws = await Workspace.open(join(dir, 'ws'));
  return {
    ws,
    dir,
    cleanup: () => {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
