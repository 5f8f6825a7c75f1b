import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
