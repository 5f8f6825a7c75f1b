/**
 * The unified audit log as the Office 365 Management Activity API publishes it, derived from the TenantStore's
 * `unifiedAuditLog` records: each content type (from the record's Workload) gets content blobs of at most
 * `blobSize` records, made of the records that became visible together (one add() or expose() call), oldest first.
 * A blob's contentCreated is when it became available: a minute after its newest record for records that were
 * there from the start (never later than when they were added), the moment of expose() for records that arrive
 * later, or, with the late-content fault, that moment minus `lateContentMs` (a blob listed after a client has read
 * past its contentCreated, as the API's eventually consistent listing does). Times are whole seconds.
 * Deterministic: the same store state gives the same blobs and content ids on every request.
 */
import { contentTypeOfWorkload, type UalContentType } from '../../src/sources/graph/management/content-types.js';
import { type GraphObject, type TenantStore, timeMs } from './tenant-data.js';

export interface UalFeedFaults {
  /** Each blob after the first of a batch starts with this many records of the blob before it. */
  readonly duplicateRecordsAcrossBlobs?: number;
  /** Every listing page also lists its first entry a second time, and the first entry of the next page. */
  readonly listContentTwice?: boolean;
  /** Blobs of exposed records claim a contentCreated this long before they appeared. */
  readonly lateContentMs?: number;
}

export interface ContentBlobData {
  readonly contentType: UalContentType;
  readonly contentId: string;
  readonly contentCreated: number;
  readonly records: readonly GraphObject[];
}

/** Records per blob (the real API's blobs hold up to a few thousand; small here so paging and ties are exercised). */
export const DEFAULT_BLOB_SIZE = 7;
const PUBLISH_DELAY_MS = 60_000;
const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Every blob of the content type, by contentCreated then contentId. */
export function contentBlobs(
  store: TenantStore,
  contentType: UalContentType,
  faults: UalFeedFaults = {},
  blobSize = DEFAULT_BLOB_SIZE,
): ContentBlobData[] {
  const batches = new Map<number, { records: GraphObject[]; visibleAt: number; exposed: boolean }>();
  for (const e of store.visibleEntries('unifiedAuditLog')) {
    if (contentTypeOfWorkload(e.record.Workload) !== contentType) continue;
    const b = batches.get(e.batch) ?? { records: [], visibleAt: e.visibleAt ?? 0, exposed: e.exposed };
    b.records.push(e.record);
    batches.set(e.batch, b);
  }
  const blobs: ContentBlobData[] = [];
  const dup = faults.duplicateRecordsAcrossBlobs ?? 0;
  for (const [batch, b] of batches) {
    const sorted = [...b.records].sort(
      (x, y) => timeMs(x.CreationTime) - timeMs(y.CreationTime) || String(x.Id).localeCompare(String(y.Id)),
    );
    for (let i = 0, n = 0; i < sorted.length; i += blobSize, n++) {
      const records = sorted.slice(Math.max(0, i - (i > 0 ? dup : 0)), i + blobSize);
      const newest = Math.max(...records.map((r) => timeMs(r.CreationTime)));
      const created = b.exposed
        ? b.visibleAt - (faults.lateContentMs ?? 0)
        : Math.min(newest + PUBLISH_DELAY_MS, b.visibleAt);
      const contentCreated = floorSecond(created);
      blobs.push({
        contentType,
        // Shaped like the real ids ("<n>$<n>$<tenant><workload><date>$<hash>$<nn>"): '$' included, no spaces.
        contentId: `${contentCreated}$${batch}$${contentType.replace('.', '')}$${String(n).padStart(4, '0')}`,
        contentCreated,
        records,
      });
    }
  }
  return blobs.sort((a, b) => a.contentCreated - b.contentCreated || a.contentId.localeCompare(b.contentId));
}

/** The blob with this id, of any content type. */
export function findBlob(
  store: TenantStore,
  contentId: string,
  contentTypes: readonly UalContentType[],
  faults: UalFeedFaults = {},
): ContentBlobData | undefined {
  for (const ct of contentTypes) {
    const hit = contentBlobs(store, ct, faults).find((b) => b.contentId === contentId);
    if (hit) return hit;
  }
  return undefined;
}
