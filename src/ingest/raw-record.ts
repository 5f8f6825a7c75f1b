import { PremortemError } from '../core/errors.js';
import { EVENT_TABLES, type EventTable } from '../core/event-model.js';
import { csvStageSelect, parseCsvRecord } from '../sources/files/csv-records.js';
import { JsonRecordSplitter } from '../sources/files/json-splitter.js';
import { hasInvalidUtf8 } from '../sources/files/utf8-marks.js';
import { originalPath, readOriginal, verifyOriginal } from '../store/originals.js';
import type { Workspace } from '../store/workspace.js';
import { withUtf8Copy } from './load-csv.js';

/** One row's record as it was read, with where it came from. */
export interface RawRecordView {
  uid: string;
  table: EventTable;
  source_id: string | null;
  source_shape: string;
  evidence_sha256: string;
  /** The path the file was imported from (the kept copy is content-addressed by evidence_sha256). */
  path: string;
  record_index: number;
  /** JSON records: the text exactly as in the file. CSV rows: the row as a JSON object keyed by its headers. */
  raw: string;
}

/**
 * Finds the row with this uid (sign-ins, audits, activities), then re-reads its record from the kept original
 * by record index, with the same reader the import used, so what is shown is what was loaded.
 */
export async function rawRecord(ws: Workspace, uid: string): Promise<RawRecordView> {
  for (const table of Object.keys(EVENT_TABLES) as EventTable[]) {
    const row = await ws.one<{
      source_id: string | null;
      source_shape: string;
      evidence_sha256: string;
      record_index: bigint;
    }>(`SELECT source_id, source_shape, evidence_sha256, record_index FROM ${table} WHERE uid = $1 LIMIT 1`, [uid]);
    if (!row) continue;
    const ev = await ws.one<{ path: string }>('SELECT path FROM evidence WHERE sha256 = $1', [row.evidence_sha256]);
    const index = Number(row.record_index);
    // Evidence is shown only from an original that still proves itself: a copy altered after import (even a valid
    // gzip) or deleted is said plainly, never read as if it were the record.
    const kept = await verifyOriginal(ws.dir, row.evidence_sha256);
    if (kept.state !== 'ok') {
      throw new PremortemError(
        'workspace',
        `the kept original of ${ev?.path ?? row.evidence_sha256} is ${kept.state === 'missing' ? 'missing' : 'modified: it no longer hashes to its SHA-256'}, so record ${index} cannot be shown as evidence`,
        {
          source: { file: ev?.path ?? row.evidence_sha256, record: index },
          hint: 'run premortem evidence verify to list every kept original that no longer proves itself',
        },
      );
    }
    const raw = row.source_shape.endsWith('-csv')
      ? await csvRecord(ws, row.evidence_sha256, index, row.source_shape)
      : await jsonRecord(ws.dir, row.evidence_sha256, index);
    if (raw === undefined) {
      throw new PremortemError('workspace', `record ${index} of the kept original ${row.evidence_sha256} is missing`, {
        source: { file: ev?.path ?? row.evidence_sha256, record: index },
        hint: 'run premortem evidence verify: the kept original may have been modified',
      });
    }
    return { uid, table, ...row, record_index: index, path: ev?.path ?? '', raw };
  }
  throw new PremortemError('usage', `no sign-in, audit or activity row has uid ${uid}`, {
    hint: 'uids are listed in alerts (evidence) and in the event tables; a uid is the source id or sha256:…',
  });
}

async function jsonRecord(dir: string, sha256: string, index: number): Promise<string | undefined> {
  const splitter = new JsonRecordSplitter();
  const stream = readOriginal(dir, sha256);
  try {
    for await (const chunk of stream) {
      const hit = splitter.push(chunk as Buffer).find((r) => r.index === index);
      if (hit) return hit.text;
    }
    return splitter.end().find((r) => r.index === index)?.text;
  } catch (err) {
    throw keptUnreadable(sha256, err);
  } finally {
    stream.destroy();
  }
}

async function csvRecord(ws: Workspace, sha256: string, index: number, shape: string): Promise<string | undefined> {
  let head = '';
  const stream = readOriginal(ws.dir, sha256);
  try {
    for await (const chunk of stream) {
      head += (chunk as Buffer).toString('utf8');
      if (head.length >= 256 * 1024 || /\r?\n/.test(head.slice(1))) break;
    }
  } catch (err) {
    throw keptUnreadable(sha256, err);
  } finally {
    stream.destroy();
  }
  const headers = parseCsvRecord(head.replace(/^\ufeff/, ''));
  // DuckDB reads the gzip copy itself (by its .gz name), exactly as the import read the file; one with bytes that
  // are not UTF-8 is read as the import read it, from a copy with those bytes marked (ingest/load-csv.ts).
  const marked = await hasInvalidUtf8(readOriginal(ws.dir, sha256));
  const row = await withUtf8Copy(
    originalPath(ws.dir, sha256),
    marked,
    async (readable) => {
      const select = csvStageSelect(readable, headers, shape === 'entra-portal-csv');
      await ws.run('DROP TABLE IF EXISTS csv_reject_errors');
      await ws.run('DROP TABLE IF EXISTS csv_reject_scans');
      return ws.one<{ raw: string }>(`SELECT raw FROM (${select}) WHERE record_index = $1`, [index]);
    },
    () => readOriginal(ws.dir, sha256),
  );
  return row?.raw;
}

function keptUnreadable(sha256: string, err: unknown): PremortemError {
  return new PremortemError('workspace', `the kept original ${sha256} cannot be read`, {
    source: { file: sha256 },
    hint: 'run premortem evidence verify',
    cause: err,
  });
}
