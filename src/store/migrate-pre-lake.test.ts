import { cpSync, createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir } from '../../test/workspace.js';
import { verifyEvidence } from './evidence.js';
import { EVENT_LAKE_TABLES, LAKE_DIR } from './lake.js';
import { Workspace } from './workspace.js';

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/pre-lake-workspace');
/** The event tables the previous version had (later ones start empty). */
const OLD_TABLES = ['signins', 'audits', 'activities'];

/** Every row of a table, as the previous version's plain DuckDB file holds it (read without premortem). */
async function rowsBefore(dbFile: string): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of OLD_TABLES) {
      out[table] = (await db.runAndReadAll(`SELECT * FROM ${table} ORDER BY uid`)).getRowObjectsJS();
    }
    for (const t of ['evidence', 'rejects', 'alerts', 'alert_evidence']) {
      out[t] = (await db.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)).getRowObjectsJS();
    }
    return out;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe('a workspace made before the lake', () => {
  let tmp: { dir: string; cleanup: () => void };
  let wsDir: string;
  beforeEach(async () => {
    tmp = tempDir();
    wsDir = join(tmp.dir, 'ws');
    cpSync(join(FIXTURE, 'originals'), join(wsDir, 'originals'), { recursive: true });
    await pipeline(
      createReadStream(join(FIXTURE, 'premortem.duckdb.gz')),
      createGunzip(),
      createWriteStream(join(wsDir, 'premortem.duckdb')),
    );
  });
  afterEach(() => tmp.cleanup());

  it('is migrated on first open: every event moves into month files, nothing else changes', async () => {
    const before = await rowsBefore(join(wsDir, 'premortem.duckdb'));
    expect(before.signins?.length).toBeGreaterThan(0);
    expect(before.audits?.length).toBeGreaterThan(0);
    expect(before.activities?.length).toBeGreaterThan(0);

    const ws = await Workspace.open(wsDir, { create: false });
    try {
      for (const { table } of EVENT_LAKE_TABLES) {
        if (!OLD_TABLES.includes(table)) {
          expect(await ws.count(table)).toBe(0);
          continue;
        }
        expect(await ws.all(`SELECT * FROM ${table} ORDER BY uid`)).toEqual(before[table]);
        // In Parquet now, not in the buffer.
        expect(await ws.count(`${table}_inline`)).toBe(0);
        const files = await ws.all<{ path: string }>('SELECT path FROM lake_files WHERE table_name = $1', [table]);
        expect(files.length).toBeGreaterThan(0);
      }
      // The sign-ins moved into files are in the id index.
      expect(await ws.all("SELECT uid, cluster_key FROM uid_index WHERE table_name = 'signins' ORDER BY uid")).toEqual(
        (before.signins as { uid: string; user_principal_name: string }[]).map((r) => ({
          uid: r.uid,
          cluster_key: r.user_principal_name,
        })),
      );
      for (const t of ['evidence', 'rejects', 'alerts', 'alert_evidence']) {
        expect(await ws.all(`SELECT * FROM ${t} ORDER BY ALL`)).toEqual(before[t]);
      }
      expect((await verifyEvidence(ws)).every((c) => c.state === 'ok')).toBe(true);
    } finally {
      ws.close();
    }
    // The second open finds nothing to migrate and the same files.
    const files = readdirSync(join(wsDir, LAKE_DIR), { recursive: true }).filter((f) => String(f).endsWith('.parquet'));
    const again = await Workspace.open(wsDir, { create: false });
    try {
      expect(Number(await again.scalar('SELECT count(*) FROM lake_files'))).toBe(files.length);
      expect(await again.all('SELECT * FROM signins ORDER BY uid')).toEqual(before.signins);
    } finally {
      again.close();
    }
  });
});
