/**
 * Writes the simulation's unified audit log as the Office 365 Management Activity API serves it: content blobs,
 * each a JSON array of AuditData records of one content type (Audit.Exchange, Audit.AzureActiveDirectory,
 * Audit.SharePoint, Audit.General), oldest first as the feed publishes them, at most 1000 per blob. `premortem
 * import` reads such arrays as the Management API shape (ual-json). Kept apart from graph-writer.ts because the
 * API, the paging and the record shape are all different from Graph's.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentTypeOfWorkload } from '../core/ual-content-types.js';
import type { UalRecord } from './ual-types.js';

/** The output folder of the unified audit log. */
export const UAL_DIR = 'unifiedAuditLog';
/** Records per content blob: the feed splits a busy period into several blobs. */
export const BLOB_SIZE = 1000;

const BLOB_FILE = /^Audit\.[A-Za-z]+-\d{4,}\.json$/;

/**
 * Writes OUT/unifiedAuditLog/Audit.Exchange-0001.json ... for the records (newest first in the simulation). Blob
 * files of an earlier run are removed first; with no records the folder is not created, so a simulation without
 * unified audit log writes exactly what it wrote before the folder existed.
 */
export async function writeUalBlobs(
  outDir: string,
  records: readonly UalRecord[],
  files: string[],
): Promise<{ records: number; blobs: number }> {
  const dir = join(outDir, UAL_DIR);
  const existing = await stat(dir).catch(() => undefined);
  if (existing?.isDirectory()) {
    for (const name of await readdir(dir)) if (BLOB_FILE.test(name)) await rm(join(dir, name));
  }
  if (records.length === 0) return { records: 0, blobs: 0 };
  await mkdir(dir, { recursive: true });
  const byType = new Map<string, UalRecord[]>();
  for (const r of [...records].reverse()) {
    const type = contentTypeOfWorkload(r.Workload);
    byType.set(type, [...(byType.get(type) ?? []), r]);
  }
  let blobs = 0;
  for (const type of [...byType.keys()].sort()) {
    const list = byType.get(type) ?? [];
    for (let i = 0; i < list.length; i += BLOB_SIZE) {
      const name = `${type}-${String(i / BLOB_SIZE + 1).padStart(4, '0')}.json`;
      await writeFile(join(dir, name), JSON.stringify(list.slice(i, i + BLOB_SIZE)));
      files.push(`${UAL_DIR}/${name}`);
      blobs++;
    }
  }
  return { records: records.length, blobs };
}
