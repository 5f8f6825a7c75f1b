/**
 * Probe groups 7 and 8: crashes, hangs and silence on bad input. A FIFO named on the command line hung forever and
 * `import <(cat f)` was an internal ESPIPE; a .gz export printed binary bytes in its error; a FIFO or a dot-file
 * in a folder was passed over without a word; a record with a 200 MB string ran DuckDB out of memory (exit 3), and
 * one of 17 MB in NDJSON was loaded while the same record in an array would not be.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem, TERMINAL_CONTROL } from './cli.js';
import { graphSignin, writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

describe('probe: inputs that are not plain files', () => {
  it('a FIFO named on the command line is exit 2 at once, not a hang', () => {
    const fifo = join(dir, 'signins.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = premortem(['--workspace', join(dir, 'ws-fifo'), 'import', fifo], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a pipe or FIFO, not a file/);
  });

  it('a .gz export is refused naming the file, with no binary bytes in the message', () => {
    const plain = writeSpray(dir, 'spray.ndjson');
    const gz = join(dir, 'spray.ndjson.gz');
    writeFileSync(gz, gzipSync(Buffer.from(execFileSync('cat', [plain]))));
    const r = premortem(['--workspace', join(dir, 'ws-gz'), 'import', gz]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(gz);
    expect(r.stderr).toMatch(/gzip-compressed/);
    expect(r.stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it('a folder of nothing but .gz exports is exit 2 naming them, not "imported 0" with exit 0', () => {
    const folder = join(dir, 'gz-only');
    execFileSync('mkdir', ['-p', folder]);
    writeFileSync(
      join(folder, 'signins.ndjson.gz'),
      gzipSync(Buffer.from(execFileSync('cat', [writeSpray(dir, 'g.ndjson')]))),
    );
    const r = premortem(['--workspace', join(dir, 'ws-gz-folder'), 'import', folder]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `nothing to import: every file was skipped as not a supported log: ${join(folder, 'signins.ndjson.gz')}`,
    );
  });

  it('a FIFO and a dot-file in a folder are named as skipped', () => {
    const folder = join(dir, 'export');
    execFileSync('mkdir', ['-p', folder]);
    writeSpray(folder, 'spray.ndjson');
    writeSpray(folder, '.hidden.ndjson');
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    const r = premortem(['--workspace', join(dir, 'ws-folder'), '--json', 'import', folder], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { skipped: { path: string; seen: string }[] };
    expect(summary.skipped.map((s) => s.path).sort()).toEqual([join(folder, '.hidden.ndjson'), join(folder, 'pipe')]);
  });
});

describe('probe: a JSON record past the size limit', () => {
  it('in NDJSON (which DuckDB would read directly), is exit 2 naming the file and the record, and keeps nothing', () => {
    // 17 MB: just past the 16 MiB limit (JSON_LIMITS), so the probe stays cheap. A 200 MB string ends the same way
    // (the reader stops holding a record at the limit), but writing and hashing 200 MB takes ~15 s. The other JSON
    // containers are held to the limit in json-splitter.test.ts.
    const huge = graphSignin(1, '2025-09-09T18:00:00Z', { userAgent: 'A'.repeat(17 * 1024 * 1024) });
    const records = [graphSignin(0, '2025-09-09T18:00:00Z'), huge, graphSignin(2, '2025-09-09T18:00:00Z')];
    const file = join(dir, 'huge.ndjson');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const ws = join(dir, 'ws-huge');
    const r = premortem(['--workspace', ws, 'import', file]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file} (record 1): the record starting at byte`);
    expect(r.stderr).toMatch(/longer than the 16777216 bytes premortem reads in one JSON record/);
    const listed = premortem(['--workspace', ws, '--json', 'evidence']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
