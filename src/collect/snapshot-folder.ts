/**
 * Loads a snapshot folder into the store: the files `premortem collect --config --out DIR` writes (users.json,
 * conditionalAccessPolicies.json, ...), or the same files made by other tools. Each known file holds a Graph body,
 * {"value": [...]} or a single object; `premortem-snapshot.json`, when present, gives the time, tenant, snapshot id
 * and the resources that were unavailable. Every file is read and checked before anything is written, and the
 * whole folder is stored in one transaction; loading it again changes nothing (the snapshot id is fixed by the
 * manifest, or by the files' contents).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { SNAPSHOT_RESOURCE_NAMES } from '../sources/graph/config-resources.js';
import type { Workspace } from '../store/workspace.js';
import { SNAPSHOT_MANIFEST, type SnapshotManifest } from './snapshot-files.js';
import { type SnapshotResource, storeSnapshot } from './snapshot-store.js';

export interface LoadedSnapshot {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | undefined;
  readonly resources: readonly { name: string; status: string; objects: number; file?: string }[];
  /** JSON files in the folder that are not snapshot resources. */
  readonly skipped: readonly string[];
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

/** Reads the folder into the snapshots table. */
export async function loadSnapshotFolder(ws: Workspace, dir: string): Promise<LoadedSnapshot> {
  if (!isSnapshotFolder(dir)) {
    throw new PremortemError('input-unsupported', `${dir} is not a snapshot folder`, {
      source: { file: dir },
      hint: `a snapshot folder holds ${SNAPSHOT_MANIFEST} or files such as users.json and conditionalAccessPolicies.json`,
    });
  }
  const manifest = readManifest(dir);
  const known = new Set(SNAPSHOT_RESOURCE_NAMES);
  const resources: SnapshotResource[] = [];
  const hashes: string[] = [];
  let newest = 0;
  const skipped: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.json') || entry === SNAPSHOT_MANIFEST) continue;
    const name = entry.slice(0, -'.json'.length);
    if (!known.has(name)) {
      skipped.push(entry);
      continue;
    }
    const file = join(dir, entry);
    const bytes = readFileSync(file);
    const body = readJson(file, bytes);
    checkBody(file, body);
    hashes.push(`${name}:${sha256Hex(JSON.stringify(body))}`);
    newest = Math.max(newest, statSync(file).mtimeMs);
    resources.push({ name, status: 'ok', body, source: file, bytes });
  }
  // Resources the manifest knows were not read (unavailable, failed) keep their status and reason.
  for (const [name, info] of Object.entries(manifest?.resources ?? {})) {
    if (resources.some((r) => r.name === name) || !known.has(name)) continue;
    const status = info.status === 'unavailable' || info.status === 'failed' ? info.status : 'failed';
    resources.push({ name, status, detail: info.detail ?? 'not in the folder' });
  }
  const takenAt =
    typeof manifest?.takenAt === 'string' ? manifest.takenAt : new Date(newest || Date.now()).toISOString();
  const snapshotId =
    typeof manifest?.snapshotId === 'string'
      ? manifest.snapshotId
      : `folder-${sha256Hex(hashes.join('\n')).slice(0, 16)}`;
  const tenantId = typeof manifest?.tenantId === 'string' ? manifest.tenantId : undefined;
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
    skipped,
  };
}
