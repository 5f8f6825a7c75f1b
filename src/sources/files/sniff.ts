import { open } from 'node:fs/promises';
import type { Dialect } from '../../core/mapper.js';
import { type Classification, classifyRecord, classifyText } from './classify.js';
import { canonicalHeader, readCsvHeader } from './csv-records.js';
import { JsonRecordSplitter } from './json-splitter.js';

/** A file's format, the dialect of its records and the shape name recorded in the evidence table. */
export type Sniffed =
  | { supported: true; format: 'json' | 'csv'; dialect: Dialect; shape: string; kind: string; headers?: string[] }
  | { supported: false; seen: string };

const SHAPE: Record<Dialect, { json: string; csv: string }> = {
  graph: { json: 'graph-json', csv: 'graph-csv' },
  diag: { json: 'azure-diagnostic', csv: 'azure-diagnostic-csv' },
  la: { json: 'log-analytics-json', csv: 'log-analytics-csv' },
  ual: { json: 'ual-json', csv: 'ual-csv' },
  'graph-ual': { json: 'graph-audit-log-json', csv: 'graph-audit-log-csv' },
  office: { json: 'log-analytics-json', csv: 'log-analytics-csv' },
  portal: { json: 'entra-portal-json', csv: 'entra-portal-csv' },
  azureadpreview: { json: 'azureadpreview-json', csv: 'azureadpreview-csv' },
  'azure-activity': { json: 'azure-activity-json', csv: 'azure-activity-csv' },
  'graph-alerts': { json: 'graph-security-alerts-json', csv: 'graph-security-alerts-csv' },
  'ms-alert-tables': { json: 'microsoft-alerts-json', csv: 'microsoft-alerts-csv' },
};

/** Looks at the start of a file (up to 16 MB, enough for the first record of any export) to tell its shape. */
export async function sniffFile(path: string): Promise<Sniffed> {
  const head = await readHead(path, 4096);
  // gzip's magic bytes: an export compressed for transfer. Said plainly, not as a dump of binary bytes.
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return { supported: false, seen: 'a gzip-compressed file (decompress it first, e.g. gunzip -k, then import that)' };
  }
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const first = text.trimStart()[0];
  if (first === undefined) return { supported: false, seen: 'an empty file' };
  if (first === '{' || first === '[') return sniffJson(path);
  if (text.split(/\r?\n/, 1)[0]?.includes(',')) {
    const headers = await readCsvHeader(path);
    const record: Record<string, unknown> = {};
    for (const h of headers) record[canonicalHeader(h)] = '';
    const c = classifyRecord(record);
    return withShape(c, 'csv', headers);
  }
  return { supported: false, seen: `neither JSON nor CSV (starts with ${JSON.stringify(text.slice(0, 24))})` };
}

async function sniffJson(path: string): Promise<Sniffed> {
  const splitter = new JsonRecordSplitter();
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let position = 0;
    let lastText: string | undefined;
    // A file may mix record kinds (an Event Hub capture holds every diagnostic category): the first record we read
    // decides, and records of kinds we do not read are rejected one by one, naming their kind.
    let firstUnsupported: Sniffed | undefined;
    for (let i = 0; i < 16; i++) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, position);
      const records = bytesRead === 0 ? splitter.end() : splitter.push(Buffer.from(chunk.subarray(0, bytesRead)));
      position += bytesRead;
      for (const r of records) {
        lastText = r.text;
        try {
          const parsed: unknown = JSON.parse(r.text);
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
            const sniffed = withShape(classifyRecord(parsed as Record<string, unknown>), 'json');
            if (sniffed.supported) return sniffed;
            firstUnsupported ??= sniffed;
          }
        } catch {
          // A broken first record: keep looking, the next one may be whole.
        }
      }
      if (bytesRead === 0) break;
    }
    if (firstUnsupported) return firstUnsupported;
    if (lastText !== undefined) return withShape(classifyText(lastText), 'json');
    // An empty page or array is a valid answer for a quiet period: nothing to load, nothing wrong.
    return { supported: true, format: 'json', dialect: 'graph', shape: 'graph-json', kind: 'no records' };
  } finally {
    await fh.close();
  }
}

function withShape(c: Classification, format: 'json' | 'csv', headers?: string[]): Sniffed {
  if (!c.supported) return c;
  const shape = SHAPE[c.dialect][format];
  return headers === undefined
    ? { supported: true, format, dialect: c.dialect, shape, kind: c.kind }
    : { supported: true, format, dialect: c.dialect, shape, kind: c.kind, headers };
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
