/**
 * Stores one Graph page: its records, its evidence row and the endpoint's checkpoint, in ONE transaction.
 * Sign-ins and audits go through the same mappers and idempotent merge as imported files (store/load.ts), so a
 * record read twice (paging overlap, a rerun, a duplicated item) is stored once; other endpoints' records go to
 * graph_records, deduplicated on (endpoint, uid).
 */
import { sha256Hex } from '../core/hash.js';
import { MAPPERS_BY_DIALECT } from '../normalize/index.js';
import type { GraphRecord, LogEndpoint } from '../sources/graph/endpoints/index.js';
import { recordEvidence } from '../store/evidence.js';
import { createStage, emptyCounts, type LoadCounts, mergeStage, openStageAppender } from '../store/load.js';
import type { Workspace } from '../store/workspace.js';
import { type Checkpoint, writeCheckpoint } from './checkpoints.js';
import { keepRawPage } from './raw-pages.js';

/** The evidence shape of collected pages. */
export const GRAPH_API_SHAPE = 'graph-api';

export interface PageToStore {
  /** The request URL: the evidence path (it carries no secret: the token travels in a header). */
  readonly url: string;
  readonly body: Buffer;
  readonly items: readonly GraphRecord[];
  /** Indexes of items already stored (the checkpoint's boundary ids): counted as duplicates, not staged. */
  readonly skip: ReadonlySet<number>;
}

/** The identity a record is stored under: the id for events, the endpoint's versioned uid for records. */
export function storedIdOf(endpoint: LogEndpoint, item: GraphRecord): string | undefined {
  if (endpoint.target === 'records')
    return endpoint.uidOf?.(item) ?? (typeof item.id === 'string' ? item.id : undefined);
  return typeof item.id === 'string' ? item.id : undefined;
}

/**
 * Stores the page and the checkpoint that follows from it, all or nothing. A page that brought nothing new (only
 * records already stored: the overlap every watch poll re-reads) is neither evidence nor kept: no row points at it,
 * and keeping it would store each poll's overlap again, twice a minute.
 */
export async function storePage(
  ws: Workspace,
  endpoint: LogEndpoint,
  page: PageToStore,
  checkpoint: Checkpoint,
): Promise<LoadCounts> {
  const sha256 = sha256Hex(page.body);
  return ws.transaction(async () => {
    const counts =
      endpoint.target === 'events'
        ? await mergeEvents(ws, page, sha256, endpoint)
        : await insertRecords(ws, endpoint, page, sha256);
    counts.read += page.skip.size;
    counts.duplicate += page.skip.size;
    if (counts.loaded + counts.rejected > 0) {
      // Written before the commit, so a row never lacks its page; a crash before the commit leaves an unused file.
      keepRawPage(ws.dir, sha256, page.body);
      await recordEvidence(ws, { sha256, path: page.url, bytes: page.body.length, shape: GRAPH_API_SHAPE }, counts);
    }
    await writeCheckpoint(ws, checkpoint);
    return counts;
  });
}

async function mergeEvents(
  ws: Workspace,
  page: PageToStore,
  sha256: string,
  endpoint: LogEndpoint,
): Promise<LoadCounts> {
  await createStage(ws);
  const appender = await openStageAppender(ws);
  page.items.forEach((item, i) => {
    if (page.skip.has(i)) return;
    appender.appendBigInt(BigInt(i));
    appender.appendVarchar(JSON.stringify(item));
    appender.endRow();
  });
  appender.closeSync();
  return mergeStage(
    ws,
    { sha256, path: page.url, shape: GRAPH_API_SHAPE },
    MAPPERS_BY_DIALECT[endpoint.dialect ?? 'graph'],
  );
}

async function insertRecords(
  ws: Workspace,
  endpoint: LogEndpoint,
  page: PageToStore,
  sha256: string,
): Promise<LoadCounts> {
  const counts = emptyCounts();
  for (const [i, item] of page.items.entries()) {
    if (page.skip.has(i)) continue;
    counts.read++;
    const raw = JSON.stringify(item);
    const uid = storedIdOf(endpoint, item) ?? `sha256:${sha256Hex(raw)}`;
    const time = endpoint.timeOf(item);
    const at = time === undefined || Number.isNaN(Date.parse(time)) ? null : new Date(Date.parse(time)).toISOString();
    const added = await ws.change(
      `INSERT INTO graph_records VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [endpoint.name, uid, typeof item.id === 'string' ? item.id : null, at, raw, sha256, i],
    );
    if (added > 0) counts.loaded++;
    else counts.duplicate++;
  }
  return counts;
}
