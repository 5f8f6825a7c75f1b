/**
 * A configuration snapshot as the assessors read it: each resource's objects by name (users,
 * conditionalAccessPolicies, ...), from a snapshot folder or from the `snapshots` table of the workspace. A resource
 * that is absent or was unavailable is `undefined`, never an empty list: "no policies" and "could not read the
 * policies" must not look the same.
 */
import { existsSync, statSync } from 'node:fs';
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';
import { readSnapshotBodies } from './folder-read.js';
import { type GraphObject, objectsOf } from './graph-object.js';

/** A snapshot, whatever it was read from. */
export interface ConfigSnapshot {
  readonly id: string;
  readonly takenAt: string;
  /** The folder, or "workspace". */
  readonly source: string;
  /** Objects per resource; a single-object resource (securityDefaults) holds one. */
  readonly resources: ReadonlyMap<string, readonly GraphObject[]>;
}

/**
 * Reads every `<resource>.json` of a folder, those premortem does not collect too; the id and time are those
 * `premortem import DIR` gives the same folder.
 */
export function readSnapshotFolder(dir: string): ConfigSnapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PremortemError('input-not-found', `snapshot folder ${dir} does not exist`, {
      source: { file: dir },
      hint: 'pass a folder written by `premortem collect --config --out DIR` or `premortem simulate --out DIR` (DIR/config)',
    });
  }
  const folder = readSnapshotBodies(dir, { readOthers: true });
  const resources = new Map<string, GraphObject[]>();
  for (const r of [...folder.resources, ...folder.others].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (r.body !== undefined) resources.set(r.name, objectsOf(r.body));
  }
  if (resources.size === 0) {
    throw new PremortemError('input-unsupported', `${dir} holds no snapshot files`, {
      source: { file: dir },
      hint: 'a snapshot folder holds users.json, conditionalAccessPolicies.json, roleAssignments.json, ...',
    });
  }
  return { id: folder.snapshotId, takenAt: folder.takenAt, source: dir, resources };
}

/** The snapshots stored in the workspace, newest first. */
export async function listStoredSnapshots(ws: Workspace): Promise<{ id: string; takenAt: string }[]> {
  const rows = await ws.all<{ snapshot_id: string; taken_at: string }>(
    `SELECT snapshot_id, strftime(max(taken_at), '%Y-%m-%dT%H:%M:%SZ') AS taken_at
     FROM snapshots GROUP BY snapshot_id ORDER BY max(taken_at) DESC, snapshot_id DESC`,
  );
  return rows.map((r) => ({ id: r.snapshot_id, takenAt: r.taken_at }));
}

/**
 * Reads one stored snapshot (the newest when no id is given). Resources marked unavailable or failed in
 * `snapshot_resources` stay absent, so the checks that need them report no-data.
 */
export async function readStoredSnapshot(ws: Workspace, id?: string): Promise<ConfigSnapshot> {
  const all = await listStoredSnapshots(ws);
  const chosen = id === undefined ? all[0] : all.find((s) => s.id === id);
  if (chosen === undefined) {
    throw new PremortemError(
      'input-not-found',
      id ? `no snapshot ${id} in the workspace` : 'the workspace holds no configuration snapshot',
      { hint: 'run `premortem collect --config`, or `premortem assess --snapshot DIR` on a snapshot folder' },
    );
  }
  const resources = new Map<string, GraphObject[]>();
  const ok = await ws.all<{ resource: string }>(
    "SELECT resource FROM snapshot_resources WHERE snapshot_id = $1 AND status = 'ok'",
    [chosen.id],
  );
  for (const r of ok) resources.set(r.resource, []);
  const rows = await ws.all<{ resource: string; raw: string }>(
    'SELECT resource, raw FROM snapshots WHERE snapshot_id = $1 ORDER BY resource, object_id',
    [chosen.id],
  );
  for (const row of rows) {
    const list = resources.get(row.resource) ?? [];
    list.push(JSON.parse(row.raw) as GraphObject);
    resources.set(row.resource, list);
  }
  return { id: chosen.id, takenAt: chosen.takenAt, source: 'workspace', resources };
}
