import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { PremortemError } from '../../core/errors.js';
import { firstInvalidByte, incompleteTail } from './utf8-marks.js';

/**
 * Limits a CSV export must stay within before DuckDB reads it. DuckDB builds one column per header field and holds
 * a whole line in memory: a 10,000-column header or a 200 MB cell ended in "Out of Memory" (an internal error).
 * Real exports are far inside both: SigninLogs has under 100 columns, and the largest cells (AuditData,
 * ConditionalAccessPolicies) are tens of KB.
 */
export const CSV_LIMITS = { maxColumns: 1000, maxFieldBytes: 8 * 1024 * 1024 } as const;

/**
 * The longest record DuckDB's reader is told to read (its default, 2,000,000 bytes, rejected a line holding one
 * 3 MB value that CSV_LIMITS allows): room for two values at the limit. A longer record is a counted reject naming
 * its line, never cut short.
 */
export const CSV_MAX_LINE_BYTES = 2 * CSV_LIMITS.maxFieldBytes + 1024 * 1024;

/** What one RFC 4180 pass over a CSV file found, independently of DuckDB's reader. */
export interface CsvScan {
  /** Data records after the header, as RFC 4180 counts them (a quoted line break stays inside its record). */
  records: number;
  /** A quote opened and never closed: its record runs to the end of the file. */
  unterminated?: { line: number; offset: number };
  /** Lines holding bytes that are not UTF-8: the physical line and the file offset of the first bad byte. */
  invalidUtf8: { line: number; offset: number; byte: number }[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Reads a CSV file once and counts its records the way RFC 4180 does, so the loader can prove that DuckDB's reader
 * accounted for every one (an unterminated quote made DuckDB drop the rest of the file without a reject). Finds
 * bytes that are not UTF-8 (DuckDB's reader fails on them, and decoding would turn them into U+FFFD), and refuses,
 * as an input error naming the file and line, a file beyond CSV_LIMITS.
 */
export async function scanCsv(path: string, limits = CSV_LIMITS): Promise<CsvScan> {
  const scan: CsvScan = { records: 0, invalidUtf8: [] };
  let line = 1;
  let offset = 0;
  let inQuote = false;
  let quotePending = false; // a quote inside a quoted field: closing, or the first of a doubled ""
  let fieldStart = true;
  let fieldBytes = 0;
  let fields = 1;
  let recordHasContent = false;
  let header = true;
  let recordLine = 1;
  let recordOffset = 0;
  let carry: Buffer = Buffer.alloc(0);
  let lastBadLine = 0;

  const tooBig = (what: string, hint: string): PremortemError =>
    new PremortemError('input-malformed', `${path} line ${recordLine}: ${what}`, {
      source: { file: path, line: recordLine },
      hint,
    });
  const endField = () => {
    if (fieldBytes > limits.maxFieldBytes) {
      throw tooBig(
        `a value of ${fieldBytes} bytes is longer than the ${limits.maxFieldBytes} bytes premortem reads`,
        'no Entra or unified-audit-log field comes near this size: the file is damaged or not a log export',
      );
    }
    fieldBytes = 0;
    fieldStart = true;
  };
  const endRecord = () => {
    endField();
    if (recordHasContent) {
      if (header) header = false;
      else scan.records++;
    }
    fields = 1;
    recordHasContent = false;
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const raw = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const tail = incompleteTail(raw);
    const buf = raw.subarray(0, raw.length - tail);
    carry = Buffer.from(raw.subarray(raw.length - tail));
    const utf8 = isUtf8(buf);
    let nextBad = utf8 ? -1 : firstInvalidByte(buf);
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] as number;
      if (i === nextBad) {
        if (line !== lastBadLine) scan.invalidUtf8.push({ line, offset: offset + i, byte: c });
        lastBadLine = line;
        const next = firstInvalidByte(buf, i + 1);
        nextBad = next < buf.length ? next : -1;
      }
      if (quotePending) {
        quotePending = false;
        if (c === QUOTE) {
          fieldBytes++;
          continue; // "" inside quotes: one literal quote
        }
        inQuote = false;
      }
      if (inQuote) {
        if (c === QUOTE) quotePending = true;
        else {
          fieldBytes++;
          if (c === LF) line++;
        }
        continue;
      }
      if (c === LF) {
        endRecord();
        line++;
        recordLine = line;
        recordOffset = offset + i + 1;
      } else if (c === CR) {
        // part of a CRLF line end
      } else if (c === COMMA) {
        endField();
        recordHasContent = true;
        if (++fields > limits.maxColumns) {
          throw tooBig(
            `more than ${limits.maxColumns} columns`,
            'Entra and unified-audit-log exports have at most a few hundred columns: the file is damaged or not a log export',
          );
        }
      } else {
        recordHasContent = true;
        if (c === QUOTE && fieldStart) inQuote = true;
        else fieldBytes++;
        fieldStart = false;
      }
    }
    offset += buf.length;
  }
  if (carry.length > 0) scan.invalidUtf8.push({ line, offset, byte: carry[0] as number });
  if (inQuote && !quotePending) scan.unterminated = { line: recordLine, offset: recordOffset };
  endRecord();
  return scan;
}
