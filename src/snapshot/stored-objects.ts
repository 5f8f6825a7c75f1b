/**
 * Stored snapshots one resource at a time (table `snapshots`, migration 3): the newest snapshot, whether it read a
 * resource, and the objects of one resource (`subscribedSkus`, `applications`, ...) as parsed Graph objects.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import type { GraphObject } from './graph-object.js';

/** The newest snapshot: its id, time and tenant; undefined when the store holds none. */
export interface SnapshotRef {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | null;
}

/** The newest snapshot in the store. */
export async function latestSnapshot(ws: Workspace): Promise<SnapshotRef | undefined> {
  const row = await ws.one<{ snapshot_id: string; taken_at: unknown; tenant_id: string | null }>(
    'SELECT snapshot_id, taken_at, tenant_id FROM snapshots ORDER BY taken_at DESC, snapshot_id DESC LIMIT 1',
  );
  if (!row) return undefined;
  return {
    snapshotId: row.snapshot_id,
    takenAt: toIsoUtc(row.taken_at as Date | string) ?? '',
    tenantId: row.tenant_id,
  };
}

/**
 * Whether the snapshot read a resource successfully (snapshot_resources.status = ok). An empty list that was read
 * and a resource never read (licence, permission) must not look the same.
 */
export async function resourceRead(ws: Workspace, snapshotId: string, resource: string): Promise<boolean> {
  const status = await ws.scalar('SELECT status FROM snapshot_resources WHERE snapshot_id = $1 AND resource = $2', [
    snapshotId,
    resource,
  ]);
  if (status !== undefined) return status === 'ok';
  // Older snapshots may lack snapshot_resources rows: then having objects is the only evidence of a read.
  return (
    Number(
      await ws.scalar('SELECT count(*) FROM snapshots WHERE snapshot_id = $1 AND resource = $2', [
        snapshotId,
        resource,
      ]),
    ) > 0
  );
}

/** The objects of one resource of a snapshot, in a stable order. */
export async function snapshotObjects(ws: Workspace, snapshotId: string, resource: string): Promise<GraphObject[]> {
  const rows = await ws.all<{ raw: string }>(
    'SELECT raw FROM snapshots WHERE snapshot_id = $1 AND resource = $2 ORDER BY object_id',
    [snapshotId, resource],
  );
  const out: GraphObject[] = [];
  for (const r of rows) {
    try {
      const v: unknown = JSON.parse(r.raw);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v as GraphObject);
    } catch {
      // A stored raw text is JSON.stringify output (store.ts); a broken one is skipped, not fatal.
    }
  }
  return out;
}
