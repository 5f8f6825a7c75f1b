/**
 * Reads a snapshot folder: the files `premortem collect --config --out DIR` writes (users.json,
 * conditionalAccessPolicies.json, ...), or the same files made by other tools. Each file holds a Graph body,
 * {"value": [...]} or a single object; `premortem-snapshot.json`, when present, gives the time, tenant, snapshot id
 * and the resources that were unavailable. The one reader behind `premortem import DIR` (which stores the folder)
 * and `premortem assess --snapshot DIR` (which reads it in memory), so both give a folder the same id.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { SNAPSHOT_RESOURCE_NAMES } from '../sources/graph/config-resources.js';
import { SNAPSHOT_MANIFEST, type SnapshotManifest } from './folder-write.js';
import type { SnapshotResource } from './store.js';

/** A folder read whole: every body checked, the id and time decided. */
export interface SnapshotFolder {
  readonly dir: string;
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | undefined;
  /** The resources premortem collects: read ones with their body, and those the manifest says were not read. */
  readonly resources: readonly SnapshotResource[];
  /**
   * Other JSON files of the folder (resources premortem does not collect), by resource name; with their body when
   * asked for (`readOthers`), else unread.
   */
  readonly others: readonly { name: string; file: string; body?: unknown }[];
}

/** Whether a folder looks like a snapshot: a manifest, or at least two known resource files. */
export function isSnapshotFolder(dir: string): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
  if (existsSync(join(dir, SNAPSHOT_MANIFEST))) return true;
  const names = new Set(readdirSync(dir));
  return SNAPSHOT_RESOURCE_NAMES.filter((n) => names.has(`${n}.json`)).length >= 2;
}

function readJson(file: string, bytes: Buffer = readFileSync(file)): unknown {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PremortemError('input-malformed', `${file} is not JSON: ${(err as Error).message}`, {
      source: { file },
      hint: 'a snapshot file holds a Graph response body: {"value":[...]} or one object',
    });
  }
}

function checkBody(file: string, body: unknown): void {
  const ok =
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    (!('value' in body) || Array.isArray((body as { value: unknown }).value));
  if (!ok) {
    throw new PremortemError('input-malformed', `${file} is not a Graph response body`, {
      source: { file },
      hint: 'expected {"value":[...]} (a list) or one JSON object (a policy)',
    });
  }
}

function readManifest(dir: string): Partial<SnapshotManifest> | undefined {
  const file = join(dir, SNAPSHOT_MANIFEST);
  if (!existsSync(file)) return undefined;
  const m = readJson(file);
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    throw new PremortemError('input-malformed', `${file} is not a snapshot manifest`, { source: { file } });
  }
  return m as Partial<SnapshotManifest>;
}

/**
 * Reads and checks every JSON file of a folder. The id is the manifest's, or else `folder-` and a hash of the
 * collected resources' contents (never the path: the same folder copied elsewhere is the same snapshot); the time
 * is the manifest's, or else the newest file's modification time.
 */
export function readSnapshotBodies(dir: string, options: { readOthers?: boolean } = {}): SnapshotFolder {
  const manifest = readManifest(dir);
  const known = new Set(SNAPSHOT_RESOURCE_NAMES);
  const resources: SnapshotResource[] = [];
  const others: { name: string; file: string; body?: unknown }[] = [];
  const hashes: string[] = [];
  let newest = 0;
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.json') || entry === SNAPSHOT_MANIFEST) continue;
    const name = entry.slice(0, -'.json'.length);
    const file = join(dir, entry);
    if (!known.has(name) && !options.readOthers) {
      others.push({ name, file });
      continue;
    }
    const bytes = readFileSync(file);
    const body = readJson(file, bytes);
    checkBody(file, body);
    if (!known.has(name)) {
      others.push({ name, file, body });
      continue;
    }
    newest = Math.max(newest, statSync(file).mtimeMs);
    hashes.push(`${name}:${sha256Hex(JSON.stringify(body))}`);
    resources.push({ name, status: 'ok', body, source: file, bytes });
  }
  // Resources the manifest knows were not read (unavailable, failed) keep their status and reason.
  for (const [name, info] of Object.entries(manifest?.resources ?? {})) {
    if (resources.some((r) => r.name === name) || !known.has(name)) continue;
    const status = info.status === 'unavailable' || info.status === 'failed' ? info.status : 'failed';
    resources.push({ name, status, detail: info.detail ?? 'not in the folder' });
  }
  return {
    dir,
    snapshotId:
      typeof manifest?.snapshotId === 'string'
        ? manifest.snapshotId
        : `folder-${sha256Hex(hashes.join('\n')).slice(0, 16)}`,
    takenAt: typeof manifest?.takenAt === 'string' ? manifest.takenAt : new Date(newest || Date.now()).toISOString(),
    tenantId: typeof manifest?.tenantId === 'string' ? manifest.tenantId : undefined,
    resources,
    others,
  };
}
