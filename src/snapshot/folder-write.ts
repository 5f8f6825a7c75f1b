/**
 * Writes a snapshot as a folder: `<resource>.json` per resource read (the Graph body: {"value": [...]} merged across
 * pages, or the single object), and `premortem-snapshot.json`, a manifest saying when it was taken and which
 * resources were unavailable and why (an absent file alone cannot say whether a resource is empty or unreadable).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyText, type SnapshotToStore } from './store.js';

export const SNAPSHOT_MANIFEST = 'premortem-snapshot.json';

export interface SnapshotManifest {
  readonly format: 'premortem-snapshot/1';
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | null;
  readonly resources: Readonly<Record<string, { status: string; objects: number; detail?: string }>>;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Writes the folder; returns the files written. */
export function writeSnapshotFolder(
  dir: string,
  s: SnapshotToStore,
  objects: Readonly<Record<string, number>>,
): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const resources: Record<string, { status: string; objects: number; detail?: string }> = {};
  for (const r of s.resources) {
    resources[r.name] = { status: r.status, objects: objects[r.name] ?? 0, ...(r.detail ? { detail: r.detail } : {}) };
    if (r.body === undefined) continue;
    const file = join(dir, `${r.name}.json`);
    writeAtomic(file, bodyText(r.body));
    files.push(file);
  }
  const manifest: SnapshotManifest = {
    format: 'premortem-snapshot/1',
    snapshotId: s.snapshotId,
    takenAt: s.takenAt,
    tenantId: s.tenantId ?? null,
    resources,
  };
  // The manifest last: a folder with a manifest is complete.
  writeAtomic(join(dir, SNAPSHOT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  files.push(join(dir, SNAPSHOT_MANIFEST));
  return files;
}
