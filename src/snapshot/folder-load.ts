/**
 * Loads a snapshot folder into the store (`premortem import DIR`). Every file is read and checked before anything
 * is written (folder-read.ts), and the whole folder is stored in one transaction; loading it again changes nothing
 * (the snapshot id is fixed by the manifest, or by the files' contents).
 */
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';
import { isSnapshotFolder, readSnapshotBodies } from './folder-read.js';
import { SNAPSHOT_MANIFEST } from './folder-write.js';
import { storeSnapshot } from './store.js';

export interface LoadedSnapshot {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | undefined;
  readonly resources: readonly { name: string; status: string; objects: number; file?: string }[];
  /** JSON files in the folder that are not snapshot resources. */
  readonly skipped: readonly string[];
}

/** Reads the folder into the snapshots table. */
export async function loadSnapshotFolder(ws: Workspace, dir: string): Promise<LoadedSnapshot> {
  if (!isSnapshotFolder(dir)) {
    throw new PremortemError('input-unsupported', `${dir} is not a snapshot folder`, {
      source: { file: dir },
      hint: `a snapshot folder holds ${SNAPSHOT_MANIFEST} or files such as users.json and conditionalAccessPolicies.json`,
    });
  }
  const folder = readSnapshotBodies(dir);
  const { snapshotId, takenAt, tenantId, resources } = folder;
  const counts = await storeSnapshot(ws, { snapshotId, takenAt, tenantId, origin: 'folder', resources });
  return {
    snapshotId,
    takenAt,
    tenantId,
    resources: resources.map((r) => ({
      name: r.name,
      status: r.status,
      objects: counts[r.name] ?? 0,
      ...(r.source ? { file: r.source } : {}),
    })),
    skipped: folder.others.map((o) => `${o.name}.json`),
  };
}
