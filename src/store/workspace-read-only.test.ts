/**
 * A workspace opened read-only (DuckDB's READ_ONLY access mode): the open writes nothing (no migration, no sweep of
 * what a killed writer left, no clean-up), reads a workspace that was moved, and refuses, with exit 2 naming the
 * workspace, one that needs a migration or a clean-up it cannot apply. These run the read-only path directly, so
 * they mean the same as root, whom chmod does not stop.
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/workspace.js';
import { PremortemError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { importPaths } from '../ingest/import-files.js';
import { Workspace } from './workspace.js';

let dir: string;
let cleanup: () => void;
/** A workspace with 3 sign-ins in its lake files, written and closed once. */
let made: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  const file = join(dir, 'signins.ndjson');
  const signin = (i: number) =>
    JSON.stringify({
      id: `ro-${i}`,
      createdDateTime: `2025-09-09T18:0${i}:00Z`,
      userPrincipalName: `user${i}@contoso-ro.com`,
      userId: `00000000-0000-4000-8000-00000000000${i}`,
      appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      ipAddress: '203.0.113.7',
      status: { errorCode: 0 },
    });
  writeFileSync(file, `${[0, 1, 2].map(signin).join('\n')}\n`);
  made = join(dir, 'made');
  const ws = await Workspace.open(made);
  await importPaths(ws, [file]);
  ws.close();
});
afterAll(() => cleanup());

/** A copy of the made workspace under a new name: each test changes its own. */
function copyOf(name: string): string {
  const to = join(dir, name);
  cpSync(made, to, { recursive: true });
  return to;
}

const fileHash = (path: string) => sha256Hex(readFileSync(path));

describe('Workspace.open read-only', () => {
  it('reads a workspace moved to another folder, and writes nothing, not even what an open owes', async () => {
    // Made at one path (its stored views name that path's files), then moved away from it.
    const first = copyOf('first');
    (await Workspace.open(first)).close();
    const moved = join(dir, 'moved');
    renameSync(first, moved);
    // What a killed writer leaves, which a writable open sweeps: a temporary folder and an uncatalogued file.
    mkdirSync(join(moved, 'lake', '.tmp'), { recursive: true });
    writeFileSync(join(moved, 'lake', '.tmp', 'half-written'), 'x');
    writeFileSync(join(moved, 'lake', 'orphan.parquet'), 'x');
    const before = fileHash(join(moved, 'premortem.duckdb'));
    const ws = await Workspace.open(moved, { readOnly: true });
    try {
      expect(ws.readOnly).toBe(true);
      expect(await ws.count('signins')).toBe(3);
      expect(await ws.count('signins_inline')).toBe(0);
      expect(await ws.count('lake_files')).toBeGreaterThan(0);
      // The rows come from this folder's files: the views name the moved paths, not the ones they were made at.
      expect(
        Number(await ws.scalar("SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'signins'")),
      ).toBe(1);
      await expect(ws.run("DELETE FROM signins_inline WHERE uid = 'ro-0'")).rejects.toThrow(/read-only mode/);
    } finally {
      ws.close();
    }
    expect(fileHash(join(moved, 'premortem.duckdb'))).toBe(before);
    expect(readFileSync(join(moved, 'lake', '.tmp', 'half-written'), 'utf8')).toBe('x');
    expect(readFileSync(join(moved, 'lake', 'orphan.parquet'), 'utf8')).toBe('x');
  });

  it('refuses a workspace that needs a migration, naming it, and leaves it as it was', async () => {
    const older = copyOf('older');
    const ws = await Workspace.open(older);
    await ws.run('DELETE FROM schema_migrations WHERE version = 140');
    ws.close();
    const before = fileHash(join(older, 'premortem.duckdb'));
    const err = await Workspace.open(older, { readOnly: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PremortemError);
    expect((err as PremortemError).code).toBe('workspace');
    expect((err as PremortemError).message).toBe(
      `the workspace ${older} is read-only, and this premortem must first update its store (1 migration(s)), which writes`,
    );
    expect(fileHash(join(older, 'premortem.duckdb'))).toBe(before);
  });

  it('refuses a workspace that owes the clean-up of implausible event times', async () => {
    const owing = copyOf('owing');
    const ws = await Workspace.open(owing);
    await ws.run('UPDATE store_tasks SET done_at = NULL');
    ws.close();
    await expect(Workspace.open(owing, { readOnly: true })).rejects.toThrow(
      /is read-only, and this premortem must first update its store \(a one-off clean-up\)/,
    );
  });

  it('refuses a workspace from a newer premortem, as a writable open does', async () => {
    const newer = copyOf('newer');
    const ws = await Workspace.open(newer);
    await ws.run("INSERT INTO schema_migrations VALUES (9999, 'future', now())");
    ws.close();
    await expect(Workspace.open(newer, { readOnly: true })).rejects.toThrow(/newer than this premortem/);
  });
});

describe('Workspace.isReadOnly', () => {
  it('is true for a folder or store file with no write permission bit (for root too), false otherwise', () => {
    const ws = copyOf('marked');
    expect(Workspace.isReadOnly(ws)).toBe(false);
    expect(Workspace.isReadOnly(join(dir, 'not-there'))).toBe(false);
    chmodSync(ws, 0o555);
    expect(Workspace.isReadOnly(ws)).toBe(true);
    chmodSync(ws, 0o755);
    chmodSync(join(ws, 'premortem.duckdb'), 0o444);
    expect(Workspace.isReadOnly(ws)).toBe(true);
    chmodSync(join(ws, 'premortem.duckdb'), 0o644);
    expect(Workspace.isReadOnly(ws)).toBe(false);
    rmSync(ws, { recursive: true });
  });
});
