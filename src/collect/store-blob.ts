/**
 * Stores one unified audit log content blob: its records, its evidence row and the content type's checkpoint, in
 * ONE transaction. Records go through the same UAL mappers and idempotent merge as imported Management Activity API
 * files (normalize/ual.ts), so a record met twice (duplicated across blobs, a blob listed twice, a rerun) is stored
 * once: its uid is the record's own `Id`.
 */
import { sha256Hex } from '../core/hash.js';
import { MAPPERS_BY_DIALECT } from '../normalize/index.js';
import type { ContentBlob } from '../sources/graph/management/activity-api.js';
import { recordEvidence } from '../store/evidence.js';
import { createStage, type LoadCounts, mergeStage, openStageAppender } from '../store/load.js';
import type { Workspace } from '../store/workspace.js';
import { type Checkpoint, writeCheckpoint } from './checkpoints.js';
import { keepRawPage } from './raw-pages.js';

/** The evidence shape of collected content blobs (the body is the blob's JSON array, kept as it arrived). */
export const MANAGEMENT_API_SHAPE = 'management-api';

/** Stores the blob and the checkpoint that follows from it, all or nothing. */
export async function storeBlob(ws: Workspace, blob: ContentBlob, checkpoint: Checkpoint): Promise<LoadCounts> {
  const sha256 = sha256Hex(blob.body);
  return ws.transaction(async () => {
    await createStage(ws);
    const appender = await openStageAppender(ws);
    blob.records.forEach((record, i) => {
      appender.appendBigInt(BigInt(i));
      appender.appendVarchar(JSON.stringify(record));
      appender.endRow();
    });
    appender.closeSync();
    const file = { sha256, path: blob.url, shape: MANAGEMENT_API_SHAPE };
    const counts = await mergeStage(ws, file, MAPPERS_BY_DIALECT.ual);
    if (counts.loaded + counts.rejected > 0) {
      // As for Graph pages: the raw blob is written before the commit, so a stored row never lacks it.
      keepRawPage(ws.dir, sha256, blob.body);
      await recordEvidence(ws, { ...file, bytes: blob.body.length }, counts);
    }
    await writeCheckpoint(ws, checkpoint);
    return counts;
  });
}
