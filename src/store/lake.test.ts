import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeGraphSignins } from '../../test/graph-signins.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { importPaths } from '../ingest/import-files.js';
import { compactAll } from './compact.js';
import { LAKE_DIR, LAKE_TABLES, writeLakeRows } from './lake.js';
import { Workspace } from './workspace.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const INPUTS = [
  'graph-audits.ndjson',
  'diag-PT1H.json',
  'graph-signins-v1-array.json',
  'ual-management-api.json',
  'diag-graph-activity-PT1H.json',
  'diag-identity-protection-PT1H.json',
  'diag-provisioning-network-enriched.json',
  'azure-activity-rest.json',
  'microsoft-alerts/alerts_v2.json',
  'microsoft-alerts/AlertEvidence.json',
];

describe('the event lake', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('holds the same rows as the views, read by any DuckDB with plain read_parquet', async () => {
    await importPaths(ws, INPUTS.map(fixture));
    await compactAll(ws);
    const viewRows: Record<string, unknown[]> = {};
    for (const { table } of LAKE_TABLES) viewRows[table] = await ws.all(`SELECT * FROM ${table} ORDER BY uid`);
    for (const { table } of LAKE_TABLES) expect(viewRows[table]?.length, table).toBeGreaterThan(0);
    const wsDir = join(dir, 'ws');
    ws.close();
    // Another engine's view of the lake: files only, found by a glob, no catalog and no premortem.
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run("SET TimeZone = 'UTC'");
      for (const { table } of LAKE_TABLES) {
        const glob = join(wsDir, LAKE_DIR, table, '*', '*.parquet');
        const rows = (
          await db.runAndReadAll(
            `SELECT * EXCLUDE (month) FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY uid`,
          )
        ).getRowObjectsJS();
        expect(rows).toEqual(viewRows[table]);
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
    ws = await Workspace.open(wsDir);
  });

  it('sweeps files no committed catalog row names (a writer killed between rename and commit)', async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson')]);
    const before = await ws.all('SELECT * FROM audits ORDER BY uid');
    const wsDir = join(dir, 'ws');
    ws.close();
    const orphan = join(wsDir, LAKE_DIR, 'audits', 'month=2025-09', 'orphan.parquet');
    mkdirSync(join(wsDir, LAKE_DIR, 'audits', 'month=2025-09'), { recursive: true });
    const tmp = join(wsDir, LAKE_DIR, '.tmp', 'half-written');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'x.parquet'), 'partial');
    // A real Parquet file with rows, so that a glob reader would count them twice if it stayed.
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`COPY (SELECT 'orphan' AS uid) TO '${orphan}' (FORMAT parquet)`);
    db.closeSync();
    instance.closeSync();
    ws = await Workspace.open(wsDir);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(tmp)).toBe(false);
    expect(await ws.all('SELECT * FROM audits ORDER BY uid')).toEqual(before);
  });

  it('removes the files of a transaction that rolls back, and the view never showed them', async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson')]);
    const n = await ws.count('audits');
    const wsDir = join(dir, 'ws');
    const files = () =>
      readdirSync(join(wsDir, LAKE_DIR), { recursive: true })
        .filter((f) => String(f).endsWith('.parquet'))
        .sort();
    const kept = files();
    await expect(
      ws.transaction(async () => {
        await writeLakeRows(ws, 'audits', "SELECT * REPLACE (uid || '-copy' AS uid) FROM audits", null, 'new');
        expect(await ws.count('audits')).toBe(2 * n);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(files()).toEqual(kept);
    expect(await ws.count('audits')).toBe(n);
  });

  it('writes rows of one known month as one plain file there, and refuses a row of another month', async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson')]);
    const n = await ws.count('audits');
    const copies = "SELECT * REPLACE (uid || '-copy' AS uid) FROM audits";
    const copy = vi.spyOn(ws, 'change');
    await ws.transaction(() => writeLakeRows(ws, 'audits', copies, null, 'new', '2025-09'));
    const sql = copy.mock.calls.map(([q]) => q).filter((q) => q.startsWith('COPY'));
    copy.mockRestore();
    expect(sql).toHaveLength(1);
    expect(sql[0]).not.toContain('PARTITION_BY');
    expect(await ws.count('audits')).toBe(2 * n);
    expect(await ws.all("SELECT DISTINCT month FROM lake_files WHERE table_name = 'audits'")).toEqual([
      { month: '2025-09' },
    ]);
    // Same files as any other month file: no month column inside, the folder names it.
    const [file] = await ws.all<{ path: string }>(
      "SELECT path FROM lake_files WHERE table_name = 'audits' ORDER BY created_at DESC LIMIT 1",
    );
    const columns = await ws.all<{ name: string }>(
      `SELECT name FROM parquet_schema('${join(ws.dir, file?.path ?? '')}') WHERE name <> 'duckdb_schema'`,
    );
    expect(columns.map((c) => c.name)).not.toContain('month');
    expect(columns.map((c) => c.name)).toContain('activity_at');

    const files = await ws.all('SELECT path FROM lake_files ORDER BY path');
    await expect(
      ws.transaction(() =>
        writeLakeRows(ws, 'audits', "SELECT * REPLACE (uid || '-again' AS uid) FROM audits", null, 'new', '2025-10'),
      ),
    ).rejects.toThrow(/a row of month 2025-09 in a write of month 2025-10/);
    expect(await ws.all('SELECT path FROM lake_files ORDER BY path')).toEqual(files);
    expect(await ws.count('audits')).toBe(2 * n);
  });

  it('imports a one-month file without the partitioned write, and a file of two months through it', async () => {
    const signins = (name: string, first: number, count: number) =>
      writeGraphSignins(
        join(dir, name),
        count,
        { start: Date.UTC(2025, 8, 30, 22, 0), stepMs: 600_000, users: 7, domain: 'contoso-months.com' },
        first,
      );
    const copies = async (path: string) => {
      const change = vi.spyOn(ws, 'change');
      try {
        const summary = await importPaths(ws, [path]);
        expect(summary.files[0]?.loader).toBe('ndjson-direct');
        // The sign-ins' own write (it stamps each row with the file's hash), not the id index's sorted one.
        return change.mock.calls.map(([q]) => q).filter((q) => q.startsWith('COPY') && q.includes('evidence_sha256'));
      } finally {
        change.mockRestore();
      }
    };
    // 10 minutes apart from 22:00 UTC on 30 September: the first 6 in September, the next 12 across midnight.
    const september = await copies(await signins('september.ndjson', 0, 6));
    expect(september).toHaveLength(1);
    expect(september[0]).not.toContain('PARTITION_BY');
    const both = await copies(await signins('both.ndjson', 6, 12));
    expect(both).toHaveLength(1);
    expect(both[0]).toContain('PARTITION_BY');
    // The files' months (the catalog's) and the rows' own months agree.
    const byFile = await ws.all(
      "SELECT month, sum(rows) AS n FROM lake_files WHERE table_name = 'signins' GROUP BY month ORDER BY month",
    );
    const byRow = await ws.all(
      "SELECT strftime(created_at, '%Y-%m') AS month, count(*) AS n FROM signins GROUP BY ALL ORDER BY ALL",
    );
    expect(byFile).toEqual([
      { month: '2025-09', n: 12n },
      { month: '2025-10', n: 6n },
    ]);
    expect(byRow).toEqual(byFile);
  });

  it("flushes a partitioned write's months in whole row groups of about 100,000 rows, then puts DuckDB's default back", async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson'), fixture('graph-signins-v1-array.json')]);
    const threshold = () => ws.scalar("SELECT current_setting('partitioned_write_flush_threshold')");
    const duckdbDefault = await threshold();
    const change = ws.change.bind(ws);
    const seen: { table: string; rows: unknown }[] = [];
    const spy = vi.spyOn(ws, 'change').mockImplementation(async (sql, params) => {
      if (sql.includes('PARTITION_BY')) {
        seen.push({ table: sql.includes('AS cluster_key') ? 'uid_index' : 'event table', rows: await threshold() });
      }
      return change(sql, params);
    });
    try {
      await ws.transaction(async () => {
        for (const table of ['audits', 'signins']) {
          await writeLakeRows(ws, table, `SELECT * REPLACE (uid || '-copy' AS uid) FROM ${table}`, null, 'new');
        }
      });
    } finally {
      spy.mockRestore();
    }
    // audits: DuckDB's 122,880-row groups, one per flush; sign-ins (32,768) and their id index rows (16,384):
    // 98,304 rows, three and six row groups.
    expect(seen).toEqual([
      { table: 'event table', rows: 122_880n },
      { table: 'event table', rows: 98_304n },
      { table: 'uid_index', rows: 98_304n },
    ]);
    expect(await threshold()).toBe(duckdbDefault);
    expect(duckdbDefault).toBe(524_288n);
  });
});
