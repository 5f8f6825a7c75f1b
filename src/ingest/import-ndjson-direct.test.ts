import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir, tempWorkspace } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';
import { rawRecord } from './raw-record.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);

/** Every column but the evidence hash (the two files differ in bytes), in a stable order. */
async function rows(ws: Workspace, table: string) {
  return ws.all(`SELECT * EXCLUDE (evidence_sha256) FROM ${table} ORDER BY uid`);
}

describe('NDJSON read by DuckDB directly', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it.each([
    ['graph-audits.ndjson', 'audits'],
    ['diag-PT1H.json', 'signins'],
  ])('maps every column of %s exactly as the staged path does', async (name, table) => {
    const lines = readFileSync(fixture(name), 'utf8').trim().split('\n');
    // The same records as an array go through the staged path (JSON splitter, json_transform).
    writeFileSync(join(dir, 'records.ndjson'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'records.json'), `[${lines.join(',\n')}]`);
    const direct = await importPaths(ws, [join(dir, 'records.ndjson')]);
    expect(direct.files[0]).toMatchObject({ loader: 'ndjson-direct', read: lines.length, loaded: lines.length });
    const other = await Workspace.open(join(dir, 'other'));
    try {
      const staged = await importPaths(other, [join(dir, 'records.json')]);
      expect(staged.files[0]).toMatchObject({ loader: 'staged', read: lines.length, loaded: lines.length });
      expect(await rows(ws, table)).toEqual(await rows(other, table));
      expect(await rows(ws, table)).toHaveLength(lines.length);
    } finally {
      other.close();
    }
  });

  it('counts in-file duplicates and skips blank lines, keeping record indexes that show can follow', async () => {
    const [first, second] = readFileSync(fixture('graph-audits.ndjson'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'dups.ndjson'), `${first}\r\n\r\n   \n${first}\n${second}\n`);
    const s = await importPaths(ws, [join(dir, 'dups.ndjson')]);
    expect(s.files[0]).toMatchObject({ loader: 'ndjson-direct', read: 3, loaded: 2, duplicate: 1 });
    const uid = String(JSON.parse(second ?? '{}').id);
    expect(await rawRecord(ws, uid)).toMatchObject({ record_index: 2, raw: second });
  });

  it('loads only the lines the store does not hold yet, numbered by their place in the new file', async () => {
    const [first, second] = readFileSync(fixture('graph-audits.ndjson'), 'utf8').trim().split('\n');
    const third = JSON.stringify({ ...JSON.parse(second ?? '{}'), id: 'Directory_third' });
    writeFileSync(join(dir, 'one.ndjson'), `${first}\n`);
    writeFileSync(join(dir, 'two.ndjson'), `${second}\n${first}\n${third}\n`);
    expect((await importPaths(ws, [join(dir, 'one.ndjson')])).files[0]).toMatchObject({ loaded: 1 });
    const s = await importPaths(ws, [join(dir, 'two.ndjson')]);
    expect(s.files[0]).toMatchObject({ loader: 'ndjson-direct', read: 3, loaded: 2, duplicate: 1 });
    expect(await rawRecord(ws, 'Directory_third')).toMatchObject({ record_index: 2, raw: third });
    const before = await rows(ws, 'audits');
    // Every line stored already: nothing is written, and every line is counted as a duplicate.
    const again = await importPaths(ws, [join(dir, 'two.ndjson')]);
    expect(again.files[0]).toMatchObject({ loader: 'ndjson-direct', read: 3, loaded: 0, duplicate: 3 });
    expect(await rows(ws, 'audits')).toEqual(before);
    expect(before).toHaveLength(3);
  });

  it('falls back to the staged path for a file with a line it cannot take', async () => {
    const { dir: d, cleanup: rm } = tempDir();
    try {
      const file = join(d, 'bad.ndjson');
      writeFileSync(file, `${readFileSync(fixture('graph-audits.ndjson'), 'utf8')}{"id":"cut\n`);
      const s = await importPaths(ws, [file]);
      expect(s.files[0]).toMatchObject({ loader: 'staged', read: 3, loaded: 2, rejected: 1 });
    } finally {
      rm();
    }
  });
});
