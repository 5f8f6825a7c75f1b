/**
 * The one writer of `rejects`: every record premortem could not load (unparsable, unroutable, refused by a mapper,
 * a CSV line the reader could not split, a configuration row) lands here with its file, its index and the raw text,
 * in one set-based statement. A re-import inserts nothing again (the key is the file's hash and the record's index).
 */
import type { Workspace } from './workspace.js';

/** The file a reject came from: its content hash (the evidence row's key) and the path it was read at. */
export interface RejectFile {
  readonly sha256: string;
  readonly path: string;
}

/** One rejected record, for callers that decided the reason in JavaScript. */
export interface RejectRow {
  /** The record's index in its file; a negative index is a line the reader could not split into a record. */
  readonly index: number;
  readonly reason: string;
  readonly raw: string | null;
}

const REJECT_STAGE = 'reject_stage';

/**
 * Writes the rows a query selects as rejects of one file and returns how many were new. `select` must yield the
 * columns record_index, reason and raw, and take no parameters of its own (it is one of our queries over a table of
 * ours, never input text).
 */
export async function rejectSelected(ws: Workspace, file: RejectFile, select: string): Promise<number> {
  return ws.change(
    // One row per record index: a CSV line can carry several reader errors, and the key allows one reject a record.
    `INSERT INTO rejects SELECT $1, $2, r.record_index, r.reason, r.raw FROM (${select}) r
     QUALIFY row_number() OVER (PARTITION BY r.record_index ORDER BY r.reason) = 1 ON CONFLICT DO NOTHING`,
    [file.sha256, file.path],
  );
}

/** Writes rows decided in JavaScript as rejects of one file, in one statement; returns how many were new. */
export async function rejectRows(ws: Workspace, file: RejectFile, rows: readonly RejectRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${REJECT_STAGE} (record_index BIGINT, reason VARCHAR, raw VARCHAR)`);
  try {
    const appender = await ws.db.createAppender(REJECT_STAGE, 'main', 'temp');
    for (const r of rows) {
      appender.appendBigInt(BigInt(r.index));
      appender.appendVarchar(r.reason);
      if (r.raw === null) appender.appendNull();
      else appender.appendVarchar(r.raw);
      appender.endRow();
    }
    appender.closeSync();
    return await rejectSelected(ws, file, `SELECT record_index, reason, raw FROM ${REJECT_STAGE}`);
  } finally {
    await ws.run(`DROP TABLE IF EXISTS ${REJECT_STAGE}`);
  }
}

/**
 * Writes rows already stored under several files as rejects (a later check refused them, store/quarantine.ts);
 * `select` yields evidence_sha256, path, record_index, reason and raw, and takes no parameters. Returns how many
 * were new.
 */
export async function rejectStored(ws: Workspace, select: string): Promise<number> {
  return ws.change(
    `INSERT INTO rejects SELECT r.evidence_sha256, r.path, r.record_index, r.reason, r.raw FROM (${select}) r
     QUALIFY row_number() OVER (PARTITION BY r.evidence_sha256, r.record_index ORDER BY r.reason) = 1
     ON CONFLICT DO NOTHING`,
  );
}
