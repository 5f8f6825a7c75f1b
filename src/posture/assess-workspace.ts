import { existsSync } from 'node:fs';
import {
  type ConfigSnapshot,
  listStoredSnapshots,
  readSnapshotFolder,
  readStoredSnapshot,
} from '../snapshot/config-snapshot.js';
import type { Workspace } from '../store/workspace.js';
import { type Assessment, assess, readSignInSignals } from './assess.js';
import { loadBaseline } from './baseline.js';
import { readRegister, registerPath } from './exceptions/register.js';

/** A folder that exists, or else a snapshot id stored in the workspace (a mistyped path says "no snapshot <path>"). */
export async function loadSnapshot(ws: Workspace, where: string | undefined): Promise<ConfigSnapshot> {
  if (where === undefined) return readStoredSnapshot(ws);
  if (existsSync(where) || /[\\/]/.test(where)) return readSnapshotFolder(where);
  return readStoredSnapshot(ws, where);
}

/**
 * The posture of the workspace's tenant, exceptions applied, for readers other than `assess` (the incident report's
 * lessons section). Without `where` it uses the newest stored snapshot, and returns undefined when there is none:
 * a report must not fail because posture was never collected.
 */
export async function assessWorkspace(
  ws: Workspace,
  where?: string,
  now = new Date(),
): Promise<Assessment | undefined> {
  if (where === undefined && (await listStoredSnapshots(ws)).length === 0) return undefined;
  const snapshot = await loadSnapshot(ws, where);
  const signins = await readSignInSignals(ws);
  return assess(snapshot, loadBaseline(), readRegister(registerPath(ws.dir)), { now, ...(signins ? { signins } : {}) });
}
