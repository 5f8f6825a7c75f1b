/**
 * Probe group 8: counts that did not add up or stayed silent. A CSV row with a quote that never closes made DuckDB's
 * reader drop the rest of the file without a reject (and a row it did refuse was counted once per bad column); a
 * file whose every record was rejected exited 0; bytes that are not UTF-8 became U+FFFD without a word (and in a CSV
 * made DuckDB's reader fail, or skip the line so `show` read every later record one off).
 * Group 7's CSV limits: a 10,000-column header or a many-megabyte cell ran DuckDB out of memory (exit 3).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { graphSignin, laSigninCsv } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

interface FileSummary {
  path: string;
  read: number;
  loaded: number;
  duplicate: number;
  rejected: number;
  invalidUtf8?: { line?: number; fileOffset?: number; record?: number; byte: string }[];
}
interface Reject {
  path: string;
  reason: string;
  raw: string | null;
}

const write = (name: string, bytes: Buffer | string): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const replaceIn = (row: Buffer, from: string, to: string) => Buffer.from(row.toString().replace(from, to));

describe('probe: every record accounted for, and bytes that are not UTF-8 kept as they are', () => {
  // One import of four files (spawning the CLI is the slow part); each file is checked on its own.
  const files = {
    unterminated: () =>
      laSigninCsv(5, (i, row) => (i === 2 ? replaceIn(row, 'Invalid username', '"Invalid username') : row), 'un'),
    multiError: () =>
      laSigninCsv(
        5,
        (i, row) =>
          i === 2
            ? replaceIn(row, 'Invalid username', '"Invalid username')
            : i === 3
              ? replaceIn(row, ',Teams,', ',"Teams",')
              : row,
        'me',
      ),
    latin1Csv: () =>
      laSigninCsv(
        5,
        (i, row) => (i === 2 ? Buffer.concat([row.subarray(0, 20), Buffer.from([0xff, 0xfe]), row.subarray(20)]) : row),
        'l1',
      ),
    latin1Json: () => {
      const records = [0, 1, 2].map((i) => Buffer.from(JSON.stringify(graphSignin(i, '2025-09-09T18:00:00Z'))));
      const bad = records[1] ?? Buffer.alloc(0);
      records[1] = Buffer.concat([bad.subarray(0, 30), Buffer.from([0xc3, 0x28]), bad.subarray(30)]);
      return Buffer.concat(records.flatMap((r) => [r, Buffer.from('\n')]));
    },
  };
  let summary: Map<string, FileSummary>;
  let rejects: Reject[];
  let ws: string;
  const paths: Record<keyof typeof files, string> = {} as Record<keyof typeof files, string>;

  beforeAll(() => {
    for (const [name, make] of Object.entries(files)) {
      paths[name as keyof typeof files] = write(`${name}.${name === 'latin1Json' ? 'ndjson' : 'csv'}`, make());
    }
    ws = join(dir, 'ws');
    const run = premortem(['--workspace', ws, '--json', 'import', ...Object.values(paths)]);
    expect(run.code, run.stderr).toBe(0);
    summary = new Map((JSON.parse(run.stdout) as { files: FileSummary[] }).files.map((f) => [f.path, f]));
    const shown = premortem(['--workspace', ws, '--json', 'show', '--rejects']);
    expect(shown.code, shown.stderr).toBe(0);
    rejects = (JSON.parse(shown.stdout) as { rejects: Reject[] }).rejects;
  });
  const fileOf = (name: keyof typeof files) => {
    const f = summary.get(paths[name]);
    expect(f).toBeDefined();
    expect(f?.read).toBe((f?.loaded ?? 0) + (f?.duplicate ?? 0) + (f?.rejected ?? 0));
    // What the counts say was rejected is what the store keeps.
    expect(rejects.filter((r) => r.path === paths[name])).toHaveLength(f?.rejected ?? -1);
    return { file: f as FileSummary, rejects: rejects.filter((r) => r.path === paths[name]) };
  };

  it('a quote that never closes: the rest of the file is one rejected record, kept, not dropped', () => {
    const { file, rejects } = fileOf('unterminated');
    expect(file).toMatchObject({ loaded: 2, rejected: 1 });
    expect(rejects[0]?.reason).toMatch(/never closed/);
    expect(rejects[0]?.raw).toContain('un-4');
  });

  it('a row the reader refuses for several columns is one rejected record', () => {
    const { file } = fileOf('multiError');
    expect(file.rejected).toBe(1);
  });

  it('a CSV row with bytes that are not UTF-8 is rejected with the bytes shown, the line and offset reported', () => {
    const { file, rejects } = fileOf('latin1Csv');
    expect(file).toMatchObject({ loaded: 4, rejected: 1 });
    expect(file.invalidUtf8?.[0]).toMatchObject({ line: 4, byte: '0xFF' });
    expect(rejects[0]?.reason).toMatch(/invalid UTF-8: byte\(s\) 0xFF 0xFE/);
    expect(rejects[0]?.raw).toContain('\\xFF\\xFE');
    expect(rejects[0]?.raw).not.toContain('\ufffd');
  });

  it('a later row of that CSV is shown as the record it is (the reader numbers rows as the import did)', () => {
    const shown = premortem(['--workspace', ws, 'show', 'l1-3']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('"Id":"l1-3"');
  });

  it('a JSON record with bytes that are not UTF-8 is rejected, never stored with U+FFFD', () => {
    const { file, rejects } = fileOf('latin1Json');
    expect(file).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(file.invalidUtf8?.[0]).toMatchObject({ record: 1, byte: '0xC3' });
    expect(rejects[0]?.raw).toContain('\\xC3(');
  });
});

describe('probe: input that cannot be used is an input error', () => {
  it('a file whose every record is rejected is exit 2 naming it', () => {
    const lines = [0, 1, 2].map((i) => JSON.stringify(graphSignin(i, '9999-12-31T23:59:59Z'))).join('\n');
    const file = write('all-rejected.ndjson', `${lines}\n`);
    const run = premortem(['--workspace', join(dir, 'ws-rejected'), 'import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/every one of its 3 record\(s\) was rejected/);
  });

  it('a CSV of 10,000 columns is exit 2 naming the file and line, before DuckDB reads it', () => {
    const file = write('wide.csv', laSigninCsv(1, undefined, 'wd', 10_000));
    const run = premortem(['--workspace', join(dir, 'ws-wide'), 'import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} line 1: more than 1000 columns`);
  });

  it('a 9 MB value is exit 2 naming the file and line', () => {
    const long = (i: number, row: Buffer) => (i === 1 ? replaceIn(row, 'Teams', 'x'.repeat(9 * 1024 * 1024)) : row);
    const file = write('long.csv', laSigninCsv(2, long, 'lg'));
    const run = premortem(['--workspace', join(dir, 'ws-long'), 'import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} line 3: a value of`);
  });
});

describe('probe: configuration CSVs are read by the same checked reader as log CSVs', () => {
  // Get-TransportRules exports, unquoted: one with bytes that are not UTF-8 in row 3, one with a quote that opens in
  // row 3 and never closes. Both used to load silently: the first with the bytes turned into "?" and DuckDB's own
  // message, the second as "read 2" for a file of 3 records (the rest of the file dropped).
  const transportRules = (name: string, edit: (row: Buffer) => Buffer) =>
    Buffer.concat([
      Buffer.from('Name,Description,CreatedBy,WhenChanged,State\n'),
      ...[0, 1, 2, 3, 4].map((i) => {
        const row = Buffer.from(`${name} ${i},Description ${i},Tan,23.11.2026 14:05,Enabled\n`);
        return i === 2 ? edit(row) : row;
      }),
    ]);
  let summary: Map<string, FileSummary>;
  let rejects: Reject[];
  let latin1: string;
  let unterminated: string;

  beforeAll(() => {
    latin1 = write(
      '20261123141000_TransportRules.csv',
      transportRules('Latin', (row) =>
        Buffer.concat([row.subarray(0, 10), Buffer.from([0xff, 0xfe]), row.subarray(10)]),
      ),
    );
    unterminated = write(
      '20261123141100_TransportRules.csv',
      transportRules('Open', (row) => replaceIn(row, 'Description', '"Description')),
    );
    const ws = join(dir, 'ws-config');
    const run = premortem(['--workspace', ws, '--json', 'import', latin1, unterminated]);
    expect(run.code, run.stderr).toBe(0);
    summary = new Map((JSON.parse(run.stdout) as { configFiles: FileSummary[] }).configFiles.map((f) => [f.path, f]));
    const shown = premortem(['--workspace', ws, '--json', 'show', '--rejects']);
    expect(shown.code, shown.stderr).toBe(0);
    rejects = (JSON.parse(shown.stdout) as { rejects: Reject[] }).rejects;
  });
  const fileAt = (path: string) => {
    const f = summary.get(path);
    expect(f?.read).toBe((f?.loaded ?? 0) + (f?.duplicate ?? 0) + (f?.rejected ?? 0));
    expect(rejects.filter((r) => r.path === path)).toHaveLength(f?.rejected ?? -1);
    return { file: f as FileSummary, rejects: rejects.filter((r) => r.path === path) };
  };

  it('a row with bytes that are not UTF-8 is a counted reject with the bytes shown, never U+FFFD or "?"', () => {
    const { file, rejects } = fileAt(latin1);
    expect(file).toMatchObject({ read: 5, loaded: 4, rejected: 1 });
    expect(file.invalidUtf8?.[0]).toMatchObject({ line: 4, byte: '0xFF' });
    expect(rejects[0]?.reason).toMatch(/invalid UTF-8: byte\(s\) 0xFF 0xFE/);
    expect(rejects[0]?.raw).toContain('\\xFF\\xFE');
    expect(rejects[0]?.raw).not.toMatch(/\ufffd|\?\?/);
  });

  it("a quote that never closes: the counts add up to the file's records, the rest of the file kept as one reject", () => {
    const { file, rejects } = fileAt(unterminated);
    expect(file).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(rejects[0]?.reason).toMatch(/never closed/);
    expect(rejects[0]?.raw).toContain('Open 4');
  });
});
