import { open } from 'node:fs/promises';

const WRAPPERS = ['value', 'records'];

/**
 * Whether a JSON file is one record object per line (NDJSON / JSONL: Graph exports, PT1H.json, Untitled Goose
 * Tool dumps), the shape DuckDB can read by itself. Judged on the first line: a whole JSON object that is not a
 * wrapper (`{"value":[…]}` pages and `{"records":[…]}` bodies hold their records inside). A pretty-printed
 * object or an array starts with a line that is not a whole object, so it is not taken for NDJSON.
 */
export async function looksLikeNdjson(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.toString('utf8', 0, bytesRead);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const nl = text.indexOf('\n');
    if (nl === -1 && bytesRead === buf.length) return false;
    const first = (nl === -1 ? text : text.slice(0, nl)).trim();
    if (!first.startsWith('{')) return false;
    const parsed: unknown = JSON.parse(first);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
    return !WRAPPERS.some((k) => Array.isArray((parsed as Record<string, unknown>)[k]));
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

/**
 * Watches a file's bytes go by (the custody pass reads every one) and tells whether any line is longer than
 * `limit`. The import's direct NDJSON path lets DuckDB read the lines, and DuckDB's reader takes lines far beyond
 * its maximum_object_size; a file with such a line goes through the record splitter instead, which refuses it by
 * the same limit as any other JSON record. It may count a line's CR: it never calls a line short that is not.
 */
export class LongLineWatch {
  private run = 0;
  over = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (this.over) return;
    const first = chunk.indexOf(0x0a);
    if (first === -1) {
      this.run += chunk.length;
    } else {
      if (this.run + first > this.limit) this.over = true;
      // A line inside the chunk can pass the limit only when the chunk is longer than it.
      if (chunk.length > this.limit) {
        for (let from = first + 1; ; ) {
          const nl = chunk.indexOf(0x0a, from);
          if (nl === -1) break;
          if (nl - from > this.limit) this.over = true;
          from = nl + 1;
        }
      }
      this.run = chunk.length - chunk.lastIndexOf(0x0a) - 1;
    }
    if (this.run > this.limit) this.over = true;
  }
}
