/**
 * Probe group 1: one record dated 9999 switched detection off for good (every windowed rule failed on it). Event
 * times outside 2000-01-01 .. a day after the import are rejected at import with their reason, so detect keeps
 * working and the record stays retrievable in rejects. Rows a workspace stored before that check are moved to
 * rejects on its next open, with counts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/store/workspace.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { graphSignin, writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

describe('probe: implausible event times', () => {
  it('rejects times before 2000 or after tomorrow with their reason, and detect still finds the spray', () => {
    const ws = join(dir, 'ws');
    const file = writeSpray(dir, 'signins.ndjson', [
      graphSignin(900, '9999-12-31T23:59:59Z'),
      graphSignin(901, '10000-01-01T00:00:00Z'),
      graphSignin(902, '0001-01-01T00:00:00Z'),
      graphSignin(903, new Date(Date.now() + 3 * 86_400_000).toISOString()),
    ]);
    const imported = premortem(['--workspace', ws, '--json', 'import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout) as { files: { rejected: number; loaded: number }[] };
    expect(summary.files[0]?.rejected).toBe(4);
    expect(summary.files[0]?.loaded).toBe(40);

    const rejects = premortem(['--workspace', ws, 'show', '--rejects']);
    expect(rejects.code, rejects.stderr).toBe(0);
    expect(rejects.stdout).toMatch(/"9999-12-31T23:59:59Z" is outside the plausible range/);
    expect(rejects.stdout).toMatch(/"0001-01-01T00:00:00Z" is outside the plausible range/);

    const detect = premortem(['--workspace', ws, '--json', 'detect']);
    expect(detect.code, detect.stderr).toBe(0);
    const alerts = JSON.parse(detect.stdout) as { title: string }[];
    expect(alerts.some((a) => /spray/i.test(a.title))).toBe(true);
  });

  it('a PowerShell /Date(...)/ beyond the timestamp range is one rejected record, not a failed import', () => {
    const ws = join(dir, 'ws-msdate');
    const file = writeSpray(dir, 'msdate.ndjson', [graphSignin(904, '/Date(99999999999999999)/')]);
    const imported = premortem(['--workspace', ws, '--json', 'import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout) as { files: { rejected: number; loaded: number }[] };
    expect(summary.files[0]).toMatchObject({ loaded: 40, rejected: 1 });
  });
});

describe('probe: implausible times stored before the check', () => {
  it('are moved to rejects on the next open, with counts, and detect works again', async () => {
    const wsDir = join(dir, 'ws-stored');
    const file = writeSpray(dir, 'stored.ndjson');
    expect(premortem(['--workspace', wsDir, 'import', file]).code).toBe(0);
    // A workspace from before the check: a row dated 9999 in the store, counted as loaded, the task still owed.
    const ws = await Workspace.open(wsDir, { create: false });
    try {
      await ws.run(
        `INSERT INTO signins_inline SELECT * REPLACE ('poison' AS uid, 40 AS record_index,
           TIMESTAMPTZ '9999-12-31 23:59:59+00' AS created_at) FROM signins LIMIT 1`,
      );
      await ws.run('UPDATE evidence SET records_loaded = records_loaded + 1');
      await ws.run("UPDATE store_tasks SET done_at = NULL WHERE name = 'quarantine-implausible-times'");
    } finally {
      ws.close();
    }
    const detect = premortem(['--workspace', wsDir, '--json', 'detect']);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stderr).toContain('1 row(s) of signins stored before event times were checked');
    expect((JSON.parse(detect.stdout) as { title: string }[]).some((a) => /spray/i.test(a.title))).toBe(true);

    const after = await Workspace.open(wsDir, { create: false });
    try {
      expect(after.quarantined).toEqual([]);
      expect(Number(await after.scalar("SELECT count(*) FROM signins WHERE uid = 'poison'"))).toBe(0);
      expect(await after.one('SELECT records_loaded, records_rejected FROM evidence')).toEqual({
        records_loaded: 40n,
        records_rejected: 1n,
      });
      const reject = await after.one<{ record_index: bigint; reason: string; raw: string }>(
        'SELECT record_index, reason, raw FROM rejects',
      );
      expect(reject?.record_index).toBe(40n);
      expect(reject?.reason).toMatch(/^created_at 9999-12-31T23:59:59Z is outside the plausible range/);
      expect(reject?.raw).toContain('"uid":"poison"');
    } finally {
      after.close();
    }
  });
});
