import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { RecordMapper } from '../core/mapper.js';
import type { DateOrder } from '../normalize/locale-date.js';
import { csvStageSelect } from '../sources/files/csv-records.js';
import { type CsvScan, scanCsv } from '../sources/files/csv-scan.js';
import { MARKED_BYTE_SQL, markedBytes, showMarkedBytes, writeMarkedCopy } from '../sources/files/utf8-marks.js';
import { type FileContext, type LoadCounts, mergeStage, stageBySql, unstageMatching } from '../store/load.js';
import { rejectRows } from '../store/rejects.js';
import type { Workspace } from '../store/workspace.js';
import { type FileDates, withDateOrder } from './date-order.js';
import { hexByte, type InvalidUtf8At, invalidUtf8Reason } from './invalid-utf8.js';

/** A line DuckDB's CSV reader could not split, once (the reader reports one error per bad column of a line). */
export interface CsvReaderReject {
  line: number;
  reason: string;
  raw: string | null;
}

/** The lines the last read_csv with store_rejects refused, one entry per line. */
export async function csvReaderRejects(ws: Workspace): Promise<CsvReaderReject[]> {
  const rows = await ws.all<{ line: bigint; messages: string[]; csv_line: string | null }>(
    `SELECT line, list(DISTINCT split_part(error_message, chr(10), 1) ORDER BY split_part(error_message, chr(10), 1)) AS messages,
       any_value(csv_line) AS csv_line
     FROM csv_reject_errors GROUP BY line ORDER BY line`,
  );
  return rows.map((r) => ({
    line: Number(r.line),
    reason: `CSV line ${r.line}: ${r.messages.join('; ')}`,
    raw: r.csv_line,
  }));
}

/** The first bytes of an unterminated record kept in its reject; the kept original holds all of it. */
const TAIL_KEPT = 1024 * 1024;

async function readTail(path: string, offset: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(TAIL_KEPT);
    const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A record the checked read left out of its table, with the reason it was rejected. */
export interface CsvLeftOut {
  index: number;
  reason: string;
  raw: string | null;
}

/**
 * Reads a CSV file into a table through the one checked path every CSV takes (event exports and configuration
 * exports alike): an independent RFC 4180 pass first (sources/files/csv-scan.ts: the file's record count, its bytes
 * that are not UTF-8, and the size limits, an input error naming the line), then DuckDB's reader, on a copy with
 * those bytes marked when there are any. `load` reads the readable path into the caller's table; `takeMarked`
 * takes the rows holding marked bytes out of it. Returns the scan and every record the table does not hold, each
 * with its reason: rows with bytes that are not UTF-8 (shown as \xNN, never as U+FFFD), lines DuckDB's reader
 * could not split, and a quote never closed (DuckDB's reader drops the rest of the file without a word).
 */
export async function readCsvChecked(
  ws: Workspace,
  path: string,
  load: (readable: string) => Promise<void>,
  takeMarked: () => Promise<{ record_index: bigint; raw: string }[]>,
): Promise<{ scan: CsvScan; leftOut: CsvLeftOut[] }> {
  const scan = await scanCsv(path);
  await ws.run('DROP TABLE IF EXISTS csv_reject_errors');
  await ws.run('DROP TABLE IF EXISTS csv_reject_scans');
  let unmarked: { record_index: bigint; raw: string }[] = [];
  await withUtf8Copy(path, scan.invalidUtf8.length > 0, async (readable) => {
    await load(readable);
    if (scan.invalidUtf8.length > 0) unmarked = await takeMarked();
  });
  const leftOut: CsvLeftOut[] = unmarked.map((r) => ({
    index: Number(r.record_index),
    reason: invalidUtf8Reason([...new Set(markedBytes(r.raw))].join(' '), 'in this row'),
    raw: showMarkedBytes(r.raw),
  }));
  // Rows DuckDB's CSV reader could not split (ragged, unterminated quotes) never became records: kept by line, with
  // a negative record index so they cannot collide with the data-row indexes of parsed rows.
  const bad = await csvReaderRejects(ws);
  for (const b of bad) {
    leftOut.push({ index: -b.line, reason: b.reason, raw: b.raw === null ? null : showMarkedBytes(b.raw) });
  }
  // A quote never closed makes the rest of the file one record; DuckDB's reader drops it without a word.
  const open = scan.unterminated;
  if (open && !bad.some((b) => b.line >= open.line)) {
    leftOut.push({
      index: -open.line,
      reason: `CSV line ${open.line}: a quote opened in this record is never closed, so the record runs to the end of the file (byte ${open.offset} on)`,
      raw: await readTail(path, open.offset),
    });
  }
  return { scan, leftOut };
}

/** Refuses a CSV whose records DuckDB's reader did not all account for, rather than report counts that do not add up. */
export function assertCsvCounted(path: string, read: number, scan: CsvScan): void {
  if (read === scan.records) return;
  throw new PremortemError(
    'input-malformed',
    `${path}: the CSV reader accounted for ${read} of the file's ${scan.records} records; the file is not imported rather than counted wrong`,
    {
      source: { file: path },
      hint: 'check the file for quotes that open and never close or line ends inside unquoted values, and report the file',
    },
  );
}

/** The scan's bytes that are not UTF-8, for the import summary. */
export const csvInvalidUtf8 = (scan: CsvScan): InvalidUtf8At[] =>
  scan.invalidUtf8.map((b) => ({ line: b.line, fileOffset: b.offset, byte: hexByte(b.byte) }));

/**
 * Loads one CSV export inside the file's transaction, and proves the count: DuckDB's reader must account for every
 * record an independent RFC 4180 pass counted, as loaded, duplicate or rejected; if it does not, the file is
 * refused rather than reported with numbers that do not add up.
 */
export async function loadCsv(
  ws: Workspace,
  ctx: FileContext,
  headers: string[],
  mappers: readonly RecordMapper[],
  lowerCaseNames: boolean,
  dateOrder: DateOrder | undefined,
  onDates: (dates: FileDates | undefined) => void,
): Promise<LoadCounts & { invalidUtf8?: InvalidUtf8At[] }> {
  const { scan, leftOut } = await readCsvChecked(
    ws,
    ctx.path,
    (readable) => stageBySql(ws, csvStageSelect(readable, headers, lowerCaseNames)),
    () => unstageMatching(ws, MARKED_BYTE_SQL),
  );
  // Locale dates ("03/04/2026") are read in the order this file's own dates prove (ingest/date-order.ts).
  const { result: counts, dates } = await withDateOrder(ws, dateOrder, () => mergeStage(ws, ctx, mappers));
  onDates(dates);
  await rejectRows(ws, ctx, leftOut);
  counts.read += leftOut.length;
  counts.rejected += leftOut.length;
  assertCsvCounted(ctx.path, counts.read, scan);
  const invalidUtf8 = csvInvalidUtf8(scan);
  return { ...counts, ...(invalidUtf8.length > 0 ? { invalidUtf8 } : {}) };
}

/**
 * Runs read with a path DuckDB can read: the file itself, or, when it holds bytes that are not UTF-8, a temporary
 * copy with those bytes marked (sources/files/utf8-marks.ts), line for line the same records. DuckDB's reader on
 * the bytes themselves fails, or drops the line and numbers every later record one lower: `show` must read the
 * kept original the way the import read the file.
 */
export async function withUtf8Copy<T>(
  path: string,
  hasInvalidUtf8: boolean,
  read: (readable: string) => Promise<T>,
  source: () => AsyncIterable<Buffer> = () => createReadStream(path),
): Promise<T> {
  if (!hasInvalidUtf8) return read(path);
  const dir = mkdtempSync(join(tmpdir(), 'premortem-utf8-'));
  try {
    const copy = join(dir, 'marked.csv');
    await writeMarkedCopy(source(), copy);
    return await read(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
