import { open } from 'node:fs/promises';
import { PremortemError } from '../../core/errors.js';
import { CSV_MAX_LINE_BYTES } from './csv-scan.js';

/**
 * Reads the header of a CSV export in JavaScript (a few KB) and builds the DuckDB query that reads the rest in
 * native code, turning each row into a JSON object with Log Analytics' own column names, so CSV and JSON
 * exports share one mapper. Renames: "CreatedDateTime [UTC]" → CreatedDateTime; Status_dynamic/Status_string →
 * Status (first non-empty); headers trimmed (the portal writes "Application ID " with a trailing space).
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(256 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.toString('utf8', 0, bytesRead);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return parseCsvRecord(text);
  } finally {
    await fh.close();
  }
}

/** Parses the first CSV record of text (RFC 4180 quoting). */
export function parseCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field);
  return fields;
}

/** The column name a header stands for, once Log Analytics' export decorations are removed. */
export function canonicalHeader(header: string): string {
  return header
    .trim()
    .replace(/\s*\[UTC\]$/i, '')
    .replace(/_(dynamic|string)$/, '')
    .replace(/\s+/g, ' ');
}

const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * CSV rows as (record_index, JSON text) for the staging table, plus the reject table DuckDB fills. Portal
 * downloads change the case of their headers between vintages ("Conditional access" / "Conditional Access"):
 * their names are lower-cased.
 */
export function csvStageSelect(path: string, headers: string[], lowerCaseNames = false): string {
  if (headers.length === 0 || headers.every((h) => h.trim() === '')) {
    throw new PremortemError('input-unsupported', 'the CSV file has no header row', { source: { file: path } });
  }
  const positional = headers.map((_, i) => `c${i}`);
  const columns = `{${positional.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  const byName = new Map<string, string[]>();
  headers.forEach((h, i) => {
    const name = lowerCaseNames ? canonicalHeader(h).toLowerCase() : canonicalHeader(h);
    if (name === '') return;
    const list = byName.get(name) ?? [];
    list.push(`c${i}`);
    byName.set(name, list);
  });
  const fields = [...byName.entries()].map(([name, cols]) => {
    const value = cols.length === 1 ? cols[0] : `coalesce(${cols.map((c) => `nullif(${c}, '')`).join(', ')})`;
    return `${quoteIdent(name)} := ${value}`;
  });
  // strict_mode keeps a ragged row out (it goes to the reject table) instead of silently padding or cutting it.
  const reader = `read_csv(${quoteLiteral(path)}, header = true, columns = ${columns}, delim = ',', quote = '"',
    escape = '"', auto_detect = false, strict_mode = true, parallel = false, max_line_size = ${CSV_MAX_LINE_BYTES},
    store_rejects = true,
    rejects_table = 'csv_reject_errors', rejects_scan = 'csv_reject_scans')`;
  return `SELECT row_number() OVER () - 1 AS record_index, CAST(to_json(struct_pack(${fields.join(', ')})) AS VARCHAR) AS raw FROM ${reader}`;
}
