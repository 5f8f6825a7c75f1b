/**
 * A configuration snapshot as posture reads it: each resource's objects by name (users, conditionalAccessPolicies,
 * ...), read either from a snapshot folder (one Graph response body per file, as `premortem collect --config`
 * writes it) or from the `snapshots` table of the workspace. A resource that is absent or was unavailable is
 * `undefined`, never an empty list: "no policies" and "could not read the policies" must not look the same.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';

/** One Graph object as read: the keys Graph sent, untyped until a check parses the part it needs. */
export type GraphObject = Record<string, unknown>;

/** A snapshot, whatever it was read from. */
export interface ConfigSnapshot {
  readonly id: string;
  readonly takenAt: string;
  /** The folder, or "workspace". */
  readonly source: string;
  /** Objects per resource; a single-object resource (securityDefaults) holds one. */
  readonly resources: ReadonlyMap<string, readonly GraphObject[]>;
}

/** The manifest `premortem collect --config` writes beside the resource files (src/collect/snapshot-files.ts). */
const MANIFEST = 'premortem-snapshot.json';

/** The objects of a Graph body: `value` items of a list, or the single object itself. */
export function objectsOfBody(body: unknown): GraphObject[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const b = body as GraphObject;
  if (Array.isArray(b.value)) {
    return b.value.filter((v): v is GraphObject => v !== null && typeof v === 'object' && !Array.isArray(v));
  }
  return [b];
}

function parseJsonFile(file: string): unknown {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PremortemError('input-malformed', `${file} is not JSON: ${(err as Error).message}`, {
      source: { file },
      hint: 'a snapshot file holds one Graph response body: {"value":[...]} or one object',
    });
  }
}

/** Reads every `<resource>.json` of a folder; the manifest, when present, gives the id and time. */
export function readSnapshotFolder(dir: string): ConfigSnapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PremortemError('input-not-found', `snapshot folder ${dir} does not exist`, {
      source: { file: dir },
      hint: 'pass a folder written by `premortem collect --config --out DIR` or `premortem simulate --out DIR` (DIR/config)',
    });
  }
  const resources = new Map<string, GraphObject[]>();
  let newest = 0;
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.json') || entry === MANIFEST) continue;
    const file = join(dir, entry);
    const body = parseJsonFile(file);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new PremortemError('input-malformed', `${file} is not a Graph response body`, {
        source: { file },
        hint: 'expected {"value":[...]} (a list) or one JSON object (a policy)',
      });
    }
    resources.set(entry.slice(0, -'.json'.length), objectsOfBody(body));
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  if (resources.size === 0) {
    throw new PremortemError('input-unsupported', `${dir} holds no snapshot files`, {
      source: { file: dir },
      hint: 'a snapshot folder holds users.json, conditionalAccessPolicies.json, roleAssignments.json, ...',
    });
  }
  const manifestFile = join(dir, MANIFEST);
  const manifest = existsSync(manifestFile) ? (parseJsonFile(manifestFile) as GraphObject) : {};
  return {
    id: typeof manifest.snapshotId === 'string' ? manifest.snapshotId : `folder:${dir}`,
    takenAt: typeof manifest.takenAt === 'string' ? manifest.takenAt : new Date(newest).toISOString(),
    source: dir,
    resources,
  };
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
