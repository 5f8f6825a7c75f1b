/**
 * Writes a simulation as the pages Graph returns: `{"@odata.context", "value", "@odata.nextLink"}` with 1000 records
 * each, newest first, the last page without a nextLink. Sign-ins use the beta endpoint (its fields are the ones
 * detections need: signInEventTypes, authenticationRequirement, autonomousSystemNumber...); directory audits use
 * v1.0. The paging itself (toGraphPages) is separate from the file writing so a test server can serve the same pages.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { writeGraphActivity } from './graph-activity.js';
import type { Simulation } from './simulate.js';
import { writeUalBlobs } from './ual-writer.js';

/** A Graph collection as its pages name it. */
export interface GraphCollection {
  /** Output folder and endpoint name, e.g. "signIns". */
  readonly name: 'signIns' | 'directoryAudits';
  readonly context: string;
  readonly endpoint: string;
}

/** GET /beta/auditLogs/signIns. */
export const SIGNINS_COLLECTION: GraphCollection = {
  name: 'signIns',
  context: 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns',
  endpoint: 'https://graph.microsoft.com/beta/auditLogs/signIns',
};

/** GET /v1.0/auditLogs/directoryAudits. */
export const DIRECTORY_AUDITS_COLLECTION: GraphCollection = {
  name: 'directoryAudits',
  context: 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits',
  endpoint: 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits',
};

/** Graph's page size for audit logs ($top maximum: 1000). */
export const PAGE_SIZE = 1000;

/** One page of a Graph list response. */
export interface GraphPage<T> {
  '@odata.context': string;
  value: T[];
  '@odata.nextLink'?: string;
}

/**
 * Splits records (already newest first) into Graph pages. The skiptoken is opaque in Graph; here it is derived from
 * the collection, the page number and the page's last id, so it is stable for a seed. An empty collection is one
 * page with an empty value, as Graph answers.
 */
export function toGraphPages<T extends { readonly id: string }>(
  records: readonly T[],
  collection: GraphCollection,
  pageSize = PAGE_SIZE,
): GraphPage<T>[] {
  const pages: GraphPage<T>[] = [];
  for (let i = 0; i === 0 || i < records.length; i += pageSize) {
    const value = records.slice(i, i + pageSize);
    const page: GraphPage<T> = { '@odata.context': collection.context, value };
    if (i + pageSize < records.length) {
      const last = value[value.length - 1];
      const token = sha256Hex(`${collection.name}|${i / pageSize + 1}|${last?.id ?? ''}`);
      page['@odata.nextLink'] = `${collection.endpoint}?$top=${pageSize}&$skiptoken=${token}`;
    }
    pages.push(page);
  }
  return pages;
}

/** What was written. Paths are relative to the output folder, with forward slashes. */
export interface WriteSummary {
  readonly outDir: string;
  readonly files: readonly string[];
  readonly signIns: { readonly records: number; readonly pages: number };
  readonly directoryAudits: { readonly records: number; readonly pages: number };
  /** Management Activity API content blobs under unifiedAuditLog/ (none when no scenario adds UAL records). */
  readonly unifiedAuditLog: { readonly records: number; readonly blobs: number };
  /** Azure Monitor PT1H.json blobs under insights-logs-microsoftgraphactivitylogs/ (none when no scenario adds any). */
  readonly graphActivity: { readonly records: number; readonly blobs: number };
}

/**
 * Writes OUT/signIns/page-0001.json ... and OUT/directoryAudits/page-0001.json ... (compact JSON, as Graph sends it),
 * the unified audit log's content blobs under OUT/unifiedAuditLog/ when the simulation has any (ual-writer.ts), and
 * the Microsoft Graph activity log as a storage account's PT1H.json blobs when it has any (graph-activity.ts).
 * Page and blob files left by an earlier run in those folders are removed first, so a smaller run leaves no stale
 * pages; nothing else in OUT is touched.
 */
export async function writeGraphJson(sim: Simulation, outDir: string): Promise<WriteSummary> {
  await checkOutDir(outDir);
  const files: string[] = [];
  const counts = {
    signIns: await writeCollection(outDir, SIGNINS_COLLECTION, sim.signIns, files),
    directoryAudits: await writeCollection(outDir, DIRECTORY_AUDITS_COLLECTION, sim.directoryAudits, files),
    unifiedAuditLog: await writeUalBlobs(outDir, sim.unifiedAuditLog, files),
    graphActivity: await writeGraphActivity(outDir, sim.tenant.id, sim.graphActivity, files),
  };
  return { outDir, files, ...counts };
}

/** A usage error when `outDir` exists and is not a folder; callers may check before spending time simulating. */
export async function checkOutDir(outDir: string): Promise<void> {
  const existing = await stat(outDir).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new PremortemError('usage', `--out ${outDir} is a file, not a folder`, {
      hint: 'name a folder (it is created when missing)',
    });
  }
}

const PAGE_FILE = /^page-\d{4,}\.json$/;

async function writeCollection<T extends { readonly id: string }>(
  outDir: string,
  collection: GraphCollection,
  records: readonly T[],
  files: string[],
): Promise<{ records: number; pages: number }> {
  const dir = join(outDir, collection.name);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (PAGE_FILE.test(name)) await rm(join(dir, name));
  }
  const pages = toGraphPages(records, collection);
  for (const [i, page] of pages.entries()) {
    const name = `page-${String(i + 1).padStart(4, '0')}.json`;
    await writeFile(join(dir, name), JSON.stringify(page));
    files.push(`${collection.name}/${name}`);
  }
  return { records: records.length, pages: pages.length };
}
