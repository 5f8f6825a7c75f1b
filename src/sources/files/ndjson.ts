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
