import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { RecordMapper } from '../core/mapper.js';
import type { DateOrder } from '../normalize/locale-date.js';
import { csvStageSelect } from '../sources/files/csv-records.js';
import { scanCsv } from '../sources/files/csv-scan.js';
import { MARKED_BYTE_SQL, markedBytes, showMarkedBytes, writeMarkedCopy } from '../sources/files/utf8-marks.js';
import { type FileContext, type LoadCounts, mergeStage, stageBySql, unstageMatching } from '../store/load.js';
import { rejectRows } from '../store/rejects.js';
import type { Workspace } from '../store/workspace.js';
import { type FileDates, withDateOrder } from './date-order.js';
import { hexByte, type InvalidUtf8At, invalidUtf8Reason, keepReject } from './invalid-utf8.js';

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

/**
 * Loads one CSV export inside the file's transaction, and proves the count: DuckDB's reader must account for every
 * record an independent RFC 4180 pass counted (sources/files/csv-scan.ts), as loaded, duplicate or rejected; if it
 * does not, the file is refused rather than reported with numbers that do not add up.
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
  const scan = await scanCsv(ctx.path);
  await ws.run('DROP TABLE IF EXISTS csv_reject_errors');
  await ws.run('DROP TABLE IF EXISTS csv_reject_scans');
  let unmarked: { record_index: bigint; raw: string }[] = [];
  await withUtf8Copy(ctx.path, scan.invalidUtf8.length > 0, async (readable) => {
    await stageBySql(ws, csvStageSelect(readable, headers, lowerCaseNames));
    if (scan.invalidUtf8.length > 0) unmarked = await unstageMatching(ws, MARKED_BYTE_SQL);
  });
  // Locale dates ("03/04/2026") are read in the order this file's own dates prove (ingest/date-order.ts).
  const { result: counts, dates } = await withDateOrder(ws, dateOrder, () => mergeStage(ws, ctx, mappers));
  onDates(dates);
  await rejectRows(
    ws,
    ctx,
    unmarked.map((r) => ({
      index: Number(r.record_index),
      reason: invalidUtf8Reason([...new Set(markedBytes(r.raw))].join(' '), 'in this row'),
      raw: showMarkedBytes(r.raw),
    })),
  );
  // Rows DuckDB's CSV reader could not split (ragged, unterminated quotes) never became records: keep them, by
  // line, with a negative record index so they cannot collide with the data-row indexes of parsed rows.
  const bad = await csvReaderRejects(ws);
  await rejectRows(
    ws,
    ctx,
    bad.map((b) => ({ index: -b.line, reason: b.reason, raw: b.raw === null ? null : showMarkedBytes(b.raw) })),
  );
  const extra = unmarked.length + bad.length;
  counts.read += extra;
  counts.rejected += extra;
  // A quote never closed makes the rest of the file one record; DuckDB's reader drops it without a word.
  const open = scan.unterminated;
  if (open && !bad.some((b) => b.line >= open.line)) {
    await keepReject(
      ws,
      ctx,
      -open.line,
      `CSV line ${open.line}: a quote opened in this record is never closed, so the record runs to the end of the file (byte ${open.offset} on)`,
      await readTail(ctx.path, open.offset),
    );
    counts.read++;
    counts.rejected++;
  }
  if (counts.read !== scan.records) {
    throw new PremortemError(
      'input-malformed',
      `${ctx.path}: the CSV reader accounted for ${counts.read} of the file's ${scan.records} records; the file is not imported rather than counted wrong`,
      {
        source: { file: ctx.path },
        hint: 'check the file for quotes that open and never close or line ends inside unquoted values, and report the file',
      },
    );
  }
  const invalidUtf8 = scan.invalidUtf8.map((b) => ({ line: b.line, fileOffset: b.offset, byte: hexByte(b.byte) }));
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
