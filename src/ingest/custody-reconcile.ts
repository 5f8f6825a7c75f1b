import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ORIGINALS_DIR } from '../store/originals.js';
import type { Workspace } from '../store/workspace.js';

const KEPT = /^([0-9a-f]{64})\.gz$/;

/**
 * Nothing half-recorded: a kept original is written before its file's transaction commits (so no row ever points
 * to a copy that is not there), which leaves a copy without its evidence row when the import dies in between
 * (killed, out of memory) or stops on an input error. Such copies prove nothing and are named by no row: they are
 * removed, with the temporary files of a copy cut off mid-write. Runs where one writer holds the workspace (the
 * start of an import, and after one that failed), so no other writer's copy is in flight.
 */
export async function removeUnrecordedOriginals(ws: Workspace): Promise<string[]> {
  const dir = join(ws.dir, ORIGINALS_DIR);
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  const recorded = new Set((await ws.all<{ sha256: string }>('SELECT sha256 FROM evidence')).map((r) => r.sha256));
  const removed: string[] = [];
  for (const name of names) {
    const sha = KEPT.exec(name)?.[1];
    if (sha !== undefined && recorded.has(sha)) continue;
    if (sha === undefined && !name.startsWith('.tmp-')) continue; // not ours: left alone
    rmSync(join(dir, name), { force: true });
    if (sha !== undefined) removed.push(sha);
  }
  return removed;
}
