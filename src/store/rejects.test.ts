import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { rejectRows, rejectSelected } from './rejects.js';
import type { Workspace } from './workspace.js';

const file = { sha256: 'a'.repeat(64), path: '/exports/signins.csv' };

describe('the rejects writer', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ ws, cleanup } = await tempWorkspace());
  });
  afterEach(() => cleanup());

  const stored = () =>
    ws.all<{ record_index: bigint; reason: string; raw: string | null; path: string }>(
      'SELECT record_index, reason, raw, path FROM rejects ORDER BY record_index',
    );

  it('writes rows decided in JavaScript with their file, keeps a missing raw text as NULL, and counts what is new', async () => {
    const rows = [
      { index: 3, reason: 'not valid JSON', raw: '{"id": ' },
      { index: -7, reason: 'CSV line 7: unterminated quote', raw: null },
    ];
    expect(await rejectRows(ws, file, rows)).toBe(2);
    expect(await stored()).toEqual([
      { record_index: -7n, reason: 'CSV line 7: unterminated quote', raw: null, path: file.path },
      { record_index: 3n, reason: 'not valid JSON', raw: '{"id": ', path: file.path },
    ]);
    // The same file again (a re-import): nothing new, nothing doubled.
    expect(await rejectRows(ws, file, rows)).toBe(0);
    expect(await ws.count('rejects')).toBe(2);
  });

  it('keeps one reject per record when the reader reports several errors for one line', async () => {
    const n = await rejectRows(ws, file, [
      { index: -4, reason: 'CSV line 4: too many columns', raw: 'a,b,c' },
      { index: -4, reason: 'CSV line 4: b is not a date', raw: 'a,b,c' },
    ]);
    expect(n).toBe(1);
    expect((await stored()).map((r) => r.reason)).toEqual(['CSV line 4: b is not a date']);
  });

  it('writes what a query selects in one statement, the file named by its hash', async () => {
    await ws.run('CREATE TEMP TABLE mapped (record_index BIGINT, reject_reason VARCHAR, raw VARCHAR)');
    await ws.run("INSERT INTO mapped VALUES (0, NULL, '{}'), (1, 'no time', '{\"x\":1}'), (2, 'no user', '{\"y\":2}')");
    const n = await rejectSelected(
      ws,
      file,
      'SELECT record_index, reject_reason AS reason, raw FROM mapped WHERE reject_reason IS NOT NULL',
    );
    expect(n).toBe(2);
    expect(await ws.scalar('SELECT count(*) FROM rejects WHERE evidence_sha256 = $1', [file.sha256])).toBe(2n);
  });

  it('writes nothing for no rows', async () => {
    expect(await rejectRows(ws, file, [])).toBe(0);
    expect(await ws.count('rejects')).toBe(0);
  });
});
