/**
 * Splits a JSON log file into raw record texts without parsing the records, so that DuckDB can parse them in
 * native threads (DESIGN.md: measured 7x faster than JSON.parse). Handles every container the collectors write:
 * - a top-level array `[{...},{...}]`, and Extractor-Suite's concatenated arrays `[...][...]`;
 * - a wrapper object `{"@odata.context":..,"value":[...]}` (Graph pages) or `{"records":[...]}` (Azure Monitor),
 *   also several of them one after another (Event Hub captures);
 * - NDJSON (one object per line), split by line so one broken line cannot swallow the next;
 * - pretty-printed objects one after another (PowerShell ConvertTo-Json per object).
 * A record that is cut off (truncated file) is still emitted, so the caller can reject it with a reason.
 */
export interface RawRecord {
  index: number;
  /** The record's text; bytes that are not UTF-8 are marked (utf8-marks.ts), never turned into U+FFFD. */
  text: string;
  /** Where the record's first byte that is not UTF-8 sits (offset within the record), when it has one. */
  invalidUtf8?: { offset: number; byte: number };
}

import { decodeMarked } from './utf8-marks.js';

/**
 * The longest JSON record premortem reads: DuckDB's JSON reader's own default (maximum_object_size), so a record
 * the import's direct path refuses is refused by the staged path too. Real records are far inside it (a sign-in
 * with every Conditional Access policy, a unified-audit-log AuditData: tens of KB). A record with a 200 MB string
 * ran DuckDB out of memory (an internal error); the splitter stops collecting a record once it passes this size,
 * so nothing beyond it is ever held.
 */
export const JSON_LIMITS = { maxRecordBytes: 16 * 1024 * 1024 } as const;

/** A record longer than the splitter's limit: where it starts, and that it is longer than the limit. */
export class JsonRecordTooLarge extends Error {
  constructor(
    readonly index: number,
    readonly offset: number,
    readonly maxRecordBytes: number,
  ) {
    super(`record ${index} (from byte ${offset}) is longer than ${maxRecordBytes} bytes`);
    this.name = 'JsonRecordTooLarge';
  }
}

const WRAPPER_KEYS = new Set(['value', 'records']);

enum Ch {
  Quote = 0x22,
  Backslash = 0x5c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  Colon = 0x3a,
  Comma = 0x2c,
  Newline = 0x0a,
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The bytes between leading and trailing JSON whitespace (decoding first would lose bytes that are not UTF-8). */
function asciiTrimmed(bytes: Buffer): [number, number] {
  let from = 0;
  let to = bytes.length;
  while (from < to && isSpace(bytes[from] as number)) from++;
  while (to > from && isSpace(bytes[to - 1] as number)) to--;
  return [from, to];
}

type Mode = 'start' | 'structural' | 'lines';

export class JsonRecordSplitter {
  private readonly maxRecordBytes: number;
  constructor(options: { maxRecordBytes?: number } = {}) {
    this.maxRecordBytes = options.maxRecordBytes ?? JSON_LIMITS.maxRecordBytes;
  }
  private mode: Mode = 'start';
  // File offset of the current chunk's first byte, and of the record (or line) being collected.
  private offset = 0;
  private recordOffset = 0;
  private collectedBytes = 0;
  private index = 0;
  private out: RawRecord[] = [];
  // Bytes of the record (or top-level object) being collected, across chunks.
  private pieces: Buffer[] = [];
  private collecting = false;
  private depth = 0;
  private inString = false;
  private escape = false;
  // Depth at which records live: 1 inside a top-level array, 2 inside a wrapper's array, 0 for bare objects.
  private recordDepth = -1;
  private topIsObject = false;
  private wrapped = false;
  // Key tracking inside a top-level object (to find "value"/"records").
  private keyBuf = '';
  private keyCapturing = false;
  private lastKey: string | undefined;
  private expectColonForKey = false;
  private afterWrapperColon = false;
  private firstObjectHadNewline = false;
  private firstObjectDone = false;
  private firstWasWrapper = false;
  private sawNewlineSinceFirst = false;
  private junk: number[] = [];
  private lineCarry: Buffer[] = [];
  private bomChecked = false;

  /** Feeds the next chunk; returns the records completed in it. */
  push(chunk: Buffer): RawRecord[] {
    let buf = chunk;
    if (!this.bomChecked && buf.length > 0) {
      this.bomChecked = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        this.offset = 3;
      }
    }
    if (this.mode === 'lines') this.pushLines(buf, 0);
    else this.pushStructural(buf);
    this.offset += buf.length;
    const done = this.out;
    this.out = [];
    return done;
  }

  /** Ends the input; a record left open is emitted as it is (truncated), to be rejected downstream. */
  end(): RawRecord[] {
    if (this.mode === 'lines') {
      const rest = Buffer.concat(this.lineCarry);
      this.lineCarry = [];
      this.collectedBytes = 0;
      this.emitLine(rest);
    } else if (this.collecting) {
      this.emit(Buffer.concat(this.pieces));
      this.pieces = [];
      this.collectedBytes = 0;
      this.collecting = false;
    }
    this.flushJunk();
    const done = this.out;
    this.out = [];
    return done;
  }

  /** Refuses a record once it has grown past the limit, before any more of it is held. */
  private limit(bytes: number): void {
    if (bytes > this.maxRecordBytes) throw new JsonRecordTooLarge(this.index, this.recordOffset, this.maxRecordBytes);
  }

  /** Holds part of the record being collected (its bytes in this chunk) until the record ends. */
  private hold(piece: Buffer, list: Buffer[]): void {
    this.collectedBytes += piece.length;
    this.limit(this.collectedBytes);
    list.push(piece);
  }

  private emit(bytes: Buffer): void {
    this.limit(bytes.length);
    this.out.push({ index: this.index++, ...decodeMarked(bytes) });
  }

  /** One NDJSON line: a blank one is no record, a CR before the line feed is not part of it. */
  private emitLine(line: Buffer): void {
    const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
    const bytes = line.subarray(0, end);
    const [from, to] = asciiTrimmed(bytes);
    if (to > from) this.emit(bytes);
  }

  private flushJunk(): void {
    if (this.junk.length === 0) return;
    const junk = Buffer.from(this.junk);
    this.junk = [];
    const [from, to] = asciiTrimmed(junk);
    if (to > from) this.emit(junk.subarray(from, to));
  }

  private pushLines(buf: Buffer, from: number): void {
    let start = from;
    for (;;) {
      if (this.lineCarry.length === 0) this.recordOffset = this.offset + start;
      const nl = buf.indexOf(Ch.Newline, start);
      if (nl === -1) {
        if (start < buf.length) this.hold(buf.subarray(start), this.lineCarry);
        return;
      }
      let line: Buffer = buf.subarray(start, nl);
      if (this.lineCarry.length > 0) {
        this.hold(line, this.lineCarry);
        line = Buffer.concat(this.lineCarry);
        this.lineCarry = [];
        this.collectedBytes = 0;
      }
      this.emitLine(line);
      start = nl + 1;
    }
  }

  private pushStructural(buf: Buffer): void {
    let recStart = this.collecting ? 0 : -1;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] as number;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === Ch.Backslash) this.escape = true;
        else if (c === Ch.Quote) {
          this.inString = false;
          if (this.keyCapturing) {
            this.keyCapturing = false;
            this.lastKey = this.keyBuf;
            this.expectColonForKey = true;
          }
        } else if (this.keyCapturing && this.keyBuf.length < 16) this.keyBuf += String.fromCharCode(c);
        continue;
      }
      if (c === Ch.Quote) {
        this.inString = true;
        // A string at depth 1 of a top-level object, outside a record, may be a key.
        this.keyCapturing = this.topIsObject && this.depth === 1 && !this.expectColonForKey;
        this.keyBuf = '';
        if (this.depth === 0) this.pushJunk(c, i);
        continue;
      }
      if (this.depth === 0 && this.firstObjectDone && c === Ch.Newline) this.sawNewlineSinceFirst = true;
      if (this.depth > 0 && !this.firstObjectDone && c === Ch.Newline) this.firstObjectHadNewline = true;
      if (isSpace(c)) continue;

      if (this.expectColonForKey) {
        this.expectColonForKey = false;
        if (c === Ch.Colon && this.lastKey !== undefined && WRAPPER_KEYS.has(this.lastKey)) {
          this.afterWrapperColon = true;
          continue;
        }
      }
      if (this.afterWrapperColon) {
        this.afterWrapperColon = false;
        if (c === Ch.OpenBracket && this.depth === 1 && this.topIsObject && !this.wrapped) {
          // The top-level object is a wrapper: its array elements are the records, the wrapper is not.
          this.wrapped = true;
          if (!this.firstObjectDone) this.firstWasWrapper = true;
          this.collecting = false;
          this.pieces = [];
          this.collectedBytes = 0;
          recStart = -1;
          this.recordDepth = 2;
          this.depth = 2;
          continue;
        }
      }

      if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
        if (this.depth === 0) {
          this.flushJunk();
          if (this.mode === 'start' && this.firstObjectDone) {
            if (
              c === Ch.OpenBrace &&
              this.sawNewlineSinceFirst &&
              !this.firstObjectHadNewline &&
              !this.firstWasWrapper
            ) {
              // NDJSON: the first object sat on one line and the next starts on a new line.
              this.mode = 'lines';
              this.pushLines(buf, i);
              return;
            }
            this.mode = 'structural';
          }
          if (c === Ch.OpenBracket) this.mode = 'structural';
          this.topIsObject = c === Ch.OpenBrace;
          this.wrapped = false;
          if (this.topIsObject) {
            this.recordDepth = 0;
            this.startRecord(i);
            recStart = i;
          } else {
            this.recordDepth = 1;
          }
        } else if (this.depth === this.recordDepth && !this.collecting) {
          this.startRecord(i);
          recStart = i;
        }
        this.depth++;
        continue;
      }
      if (c === Ch.CloseBrace || c === Ch.CloseBracket) {
        this.depth--;
        if (this.collecting && this.depth === this.recordDepth) {
          this.finishRecord(buf, recStart, i + 1);
          recStart = -1;
        }
        if (this.depth === 0) {
          if (!this.firstObjectDone) this.firstObjectDone = true;
          this.topIsObject = false;
          this.wrapped = false;
          this.recordDepth = -1;
        }
        if (this.depth < 0) this.depth = 0;
        continue;
      }
      if (this.depth === 0) {
        this.pushJunk(c, i);
      } else if (this.depth === this.recordDepth && !this.collecting && c !== Ch.Comma) {
        // A bare value where a record object should be: keep it as a (malformed) record.
        this.pushJunk(c, i);
      } else if (this.depth === this.recordDepth && c === Ch.Comma) {
        this.flushJunk();
      }
    }
    if (this.collecting && recStart !== -1) this.hold(buf.subarray(recStart), this.pieces);
    else if (this.collecting && recStart === -1) this.hold(buf, this.pieces);
  }

  private finishRecord(buf: Buffer, recStart: number, end: number): void {
    let bytes: Buffer;
    if (recStart === -1) {
      this.pieces.push(buf.subarray(0, end));
      bytes = Buffer.concat(this.pieces);
    } else if (this.pieces.length > 0) {
      this.pieces.push(buf.subarray(recStart, end));
      bytes = Buffer.concat(this.pieces);
    } else {
      bytes = buf.subarray(recStart, end);
    }
    this.pieces = [];
    this.collectedBytes = 0;
    this.collecting = false;
    this.emit(bytes);
  }

  private startRecord(i: number): void {
    this.collecting = true;
    this.pieces = [];
    this.collectedBytes = 0;
    this.recordOffset = this.offset + i;
  }

  /** A byte of a bare value (not an object) where a record should be: kept, to be emitted as a malformed record. */
  private pushJunk(c: number, i: number): void {
    if (this.junk.length === 0) this.recordOffset = this.offset + i;
    this.junk.push(c);
    this.limit(this.junk.length);
  }
}
