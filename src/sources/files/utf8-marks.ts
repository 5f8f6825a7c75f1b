import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/**
 * Bytes that are not UTF-8, made visible instead of lost. Decoding them gives U+FFFD, which erases what they were,
 * and DuckDB's CSV reader fails on them with an internal error. Each such byte becomes one code point of the last
 * private-use block (U+10FF00 + the byte): text DuckDB can read, that no export writes, and that says which byte
 * it stood for, so the record holding it can be found after reading and rejected with its bytes shown as \xNN.
 */
const MARK_BASE = 0x10ff00;

/** Matches a marked byte in text (for JavaScript; DuckDB: MARKED_BYTE_SQL). */
export const MARKED_BYTE = /[\u{10FF00}-\u{10FFFF}]/u;

/** The same test as a DuckDB regular expression (RE2 syntax). */
export const MARKED_BYTE_SQL = '[\\x{10FF00}-\\x{10FFFF}]';

const markOf = (byte: number): Buffer => Buffer.from(String.fromCodePoint(MARK_BASE + byte), 'utf8');

/** Length of the valid UTF-8 sequence at buf[i], or 0 when the byte there does not start one. */
function sequenceAt(buf: Buffer, i: number): number {
  const b = buf[i] as number;
  const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (len === 0 || i + len > buf.length) return 0;
  return len === 1 || isUtf8(buf.subarray(i, i + len)) ? len : 0;
}

/** Offset of the first byte of buf that does not begin a valid UTF-8 sequence, or buf.length. */
export function firstInvalidByte(buf: Buffer, from = 0): number {
  let i = from;
  while (i < buf.length) {
    const len = sequenceAt(buf, i);
    if (len === 0) return i;
    i += len;
  }
  return buf.length;
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the next chunk may complete. */
export function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** buf with every byte that is not UTF-8 replaced by its mark (buf itself when it is all UTF-8). */
export function markInvalidBytes(buf: Buffer): Buffer {
  if (isUtf8(buf)) return buf;
  const parts: Buffer[] = [];
  let start = 0;
  for (let bad = firstInvalidByte(buf); bad < buf.length; bad = firstInvalidByte(buf, bad + 1)) {
    parts.push(buf.subarray(start, bad), markOf(buf[bad] as number));
    start = bad + 1;
  }
  parts.push(buf.subarray(start));
  return Buffer.concat(parts);
}

/** Marked text as a person reads it: each marked byte as \xNN (the kept original holds the bytes themselves). */
export function showMarkedBytes(text: string): string {
  return text.replace(
    /[\u{10FF00}-\u{10FFFF}]/gu,
    (m) => `\\x${((m.codePointAt(0) ?? MARK_BASE) - MARK_BASE).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** The bytes a marked text stood for, listed for a reject's reason ("0xFF 0xFE"). */
export function markedBytes(text: string): string[] {
  return [...text.matchAll(/[\u{10FF00}-\u{10FFFF}]/gu)].map(
    (m) => `0x${((m[0].codePointAt(0) ?? MARK_BASE) - MARK_BASE).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Writes source to dest with every byte that is not UTF-8 marked; sequences split across chunks stay whole. */
export async function writeMarkedCopy(source: AsyncIterable<Buffer>, dest: string): Promise<void> {
  const out = createWriteStream(dest);
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(buf);
      carry = Buffer.from(buf.subarray(buf.length - tail));
      if (!out.write(markInvalidBytes(buf.subarray(0, buf.length - tail)))) await once(out, 'drain');
    }
    out.end(markInvalidBytes(carry));
    await finished(out);
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/** A record's bytes as text; where some are not UTF-8, they are marked and the first one's offset is given. */
export function decodeMarked(bytes: Buffer): { text: string; invalidUtf8?: { offset: number; byte: number } } {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const offset = firstInvalidByte(bytes);
  return { text: markInvalidBytes(bytes).toString('utf8'), invalidUtf8: { offset, byte: bytes[offset] as number } };
}

/** Whether a byte stream holds anything that is not UTF-8 (sequences split across chunks are joined first). */
export async function hasInvalidUtf8(source: AsyncIterable<Buffer>): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const tail = incompleteTail(buf);
    if (!isUtf8(buf.subarray(0, buf.length - tail))) return true;
    carry = Buffer.from(buf.subarray(buf.length - tail));
  }
  return carry.length > 0;
}
