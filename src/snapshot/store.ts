/**
 * Writes a configuration snapshot into the store: one `snapshots` row per object, one `snapshot_resources` row per
 * resource (ok, unavailable or failed, and why), one evidence row per resource body, all in one transaction. Used
 * by both ways a snapshot arrives: read from Graph (collect/snapshot.ts) and loaded from a folder (folder-load.ts).
 */
import { sha256Hex } from '../core/hash.js';
import { recordEvidence } from '../store/evidence.js';
import { emptyCounts } from '../store/load.js';
import { keepOriginalBytes } from '../store/originals.js';
import type { Workspace } from '../store/workspace.js';
import { objectsOf } from './graph-object.js';

export type ResourceStatus = 'ok' | 'unavailable' | 'failed';

/** One resource of a snapshot: the Graph body ({"value": [...]} or one object) when it was read. */
export interface SnapshotResource {
  readonly name: string;
  readonly status: ResourceStatus;
  readonly detail?: string;
  readonly body?: unknown;
  /** Where the body came from: the request URL, or the file it was loaded from. */
  readonly source?: string;
  /** The file's bytes as read (a folder's resource file): hashed and kept as the original; else bodyText(body). */
  readonly bytes?: Buffer;
}

export interface SnapshotToStore {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | undefined;
  /** "graph" or "folder". */
  readonly origin: string;
  readonly resources: readonly SnapshotResource[];
}

/** Evidence shape of snapshot bodies. */
export const SNAPSHOT_SHAPE = 'graph-config';

/** The body's canonical text: what is hashed as evidence and written to the snapshot folder. */
export function bodyText(body: unknown): string {
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Stores the snapshot; returns the number of distinct objects per resource. */
export async function storeSnapshot(ws: Workspace, s: SnapshotToStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await ws.transaction(async () => {
    for (const r of s.resources) {
      const objects = r.body === undefined ? [] : objectsOf(r.body);
      const ids = new Set<string>();
      let inserted = 0;
      for (const obj of objects) {
        const raw = JSON.stringify(obj);
        const id = typeof obj.id === 'string' && obj.id !== '' ? obj.id : `sha256:${sha256Hex(raw)}`;
        ids.add(id);
        inserted += await ws.change(
          'INSERT INTO snapshots VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          [s.snapshotId, s.takenAt, s.tenantId ?? null, r.name, id, raw],
        );
      }
      // Objects, not rows inserted: storing the same snapshot again inserts nothing but holds as many.
      const n = ids.size;
      counts[r.name] = n;
      let sha: string | null = null;
      if (r.body !== undefined) {
        // The body's bytes are kept as the original, so evidence verify can prove them (a row without its
        // kept original reads as missing custody).
        const bytes = r.bytes ?? Buffer.from(bodyText(r.body));
        sha = sha256Hex(bytes);
        keepOriginalBytes(ws.dir, sha, bytes);
        const c = emptyCounts();
        c.read = objects.length;
        c.loaded = inserted;
        c.duplicate = objects.length - inserted;
        await recordEvidence(
          ws,
          {
            sha256: sha,
            path: r.source ?? `${s.origin}:${r.name}`,
            bytes: bytes.length,
            shape: SNAPSHOT_SHAPE,
          },
          c,
        );
      }
      await ws.run('INSERT INTO snapshot_resources VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING', [
        s.snapshotId,
        r.name,
        r.status,
        n,
        r.detail ?? null,
        s.origin,
        sha,
      ]);
    }
  });
  return counts;
}
