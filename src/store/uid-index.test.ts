import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { compactAll } from './compact.js';
import { ID_INDEX, INDEX_TASK, rebuildView, selectByUids } from './lake.js';
import { Workspace } from './workspace.js';

// 3,000 sign-ins of 30 accounts over two months, plus service-principal sign-ins with no account, into month files.
const SIGNINS = (from: number, n: number) => `
INSERT INTO signins_inline (uid, source_id, source_shape, evidence_sha256, record_index, time_source, created_at,
  event_type, user_principal_name, service_principal_name, ip_address, error_code)
SELECT 's-' || i, 's-' || i, 'test', 'test', i, 'event',
  TIMESTAMPTZ '2025-09-01 00:00:00+00' + to_minutes(CAST(i AS BIGINT) * 29),
  CASE WHEN i % 100 = 0 THEN 'servicePrincipal' ELSE 'interactiveUser' END,
  CASE WHEN i % 100 = 0 THEN NULL ELSE 'user' || (i % 30) || '@contoso.test' END,
  CASE WHEN i % 100 = 0 THEN 'backup-app' END,
  '198.51.100.' || (i % 200), CASE WHEN i % 7 = 0 THEN 50126 ELSE 0 END
FROM range(${from}, ${from + n}) t(i)`;

const sorted = <T extends { uid: unknown }>(rows: T[]) =>
  [...rows].sort((a, b) => String(a.uid).localeCompare(String(b.uid)));

describe("the lake's id index", () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ ws, dir, cleanup } = await tempWorkspace());
    await ws.run(SIGNINS(0, 3000));
    await compactAll(ws);
    // Rows still in the write buffer are not indexed yet.
    await ws.run(SIGNINS(3000, 10));
  });
  afterAll(() => cleanup());

  it('holds one row per sign-in written to month files, with its account and time, in files sorted by uid', async () => {
    const mismatched = await ws.scalar(
      `SELECT count(*) FROM (SELECT uid, user_principal_name, created_at FROM signins WHERE uid NOT IN (SELECT uid FROM signins_inline)
       EXCEPT SELECT uid, cluster_key, event_at FROM ${ID_INDEX} WHERE table_name = 'signins')`,
    );
    expect(Number(mismatched)).toBe(0);
    expect(Number(await ws.scalar(`SELECT count(*) FROM ${ID_INDEX}`))).toBe(3000);
    const files = await ws.all<{ path: string }>('SELECT path FROM lake_files WHERE table_name = $1', [ID_INDEX]);
    expect(files.length).toBe(2); // one per month
    for (const { path } of files) {
      const unsorted = await ws.scalar(
        `SELECT count(*) FROM (SELECT uid < lag(uid) OVER (ORDER BY file_row_number) AS back
         FROM read_parquet('${join(ws.dir, path)}', file_row_number = true)) WHERE back`,
      );
      expect(Number(unsorted)).toBe(0);
    }
  });

  it('finds exactly the rows a scan by uid finds: indexed, buffered, without an account, and absent', async () => {
    const uids = ['s-5', 's-2999', 's-1200', 's-100', 's-3004', 's-0', 'not-stored'];
    await selectByUids(ws, 'signins', uids, 'found_by_index');
    const viaIndex = await ws.all<{ uid: string }>('SELECT * FROM found_by_index');
    const byScan = await ws.all<{ uid: string }>(
      `SELECT * FROM signins WHERE uid IN (${uids.map((_, i) => `$${i + 1}`).join(', ')})`,
      uids,
    );
    expect(byScan.length).toBe(6);
    expect(sorted(viaIndex)).toEqual(sorted(byScan));
  });

  it('finds rows of both months through the index', async () => {
    await selectByUids(ws, 'signins', ['s-5', 's-1201'], 'found_indexed');
    expect((await ws.all<{ uid: string }>('SELECT uid FROM found_indexed ORDER BY uid')).map((r) => r.uid)).toEqual([
      's-1201',
      's-5',
    ]);
  });

  it('indexes the files of a workspace made before it, once, on open', async () => {
    // As a workspace of the previous version: no index files, the task owed.
    const files = await ws.all<{ path: string }>('SELECT path FROM lake_files WHERE table_name = $1', [ID_INDEX]);
    await ws.run('DELETE FROM lake_files WHERE table_name = $1', [ID_INDEX]);
    await rebuildView(ws, ID_INDEX);
    await ws.run('UPDATE store_tasks SET done_at = NULL WHERE name = $1', [INDEX_TASK]);
    expect(Number(await ws.scalar(`SELECT count(*) FROM ${ID_INDEX}`))).toBe(0);
    ws.close();
    ws = await Workspace.open(join(dir, 'ws'));
    for (const { path } of files)
      expect(await ws.scalar('SELECT count(*) FROM lake_files WHERE path = $1', [path])).toBe(0n);
    expect(Number(await ws.scalar(`SELECT count(*) FROM ${ID_INDEX}`))).toBe(3000);
    expect(await ws.scalar('SELECT done_at IS NOT NULL FROM store_tasks WHERE name = $1', [INDEX_TASK])).toBe(true);
    ws.close();
    ws = await Workspace.open(join(dir, 'ws'));
    expect(Number(await ws.scalar(`SELECT count(*) FROM ${ID_INDEX}`))).toBe(3000);
  });
});
