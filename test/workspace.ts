import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../src/store/workspace.js';

/** A fresh workspace in a temporary folder; `cleanup` closes and deletes it. */
export async function tempWorkspace(): Promise<{ ws: Workspace; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-test-'));
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
