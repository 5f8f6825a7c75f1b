import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/workspace.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { Workspace } from './workspace.js';

describe('workspace migrations', () => {
  it('applies every migration once, and a missing lower version even when a higher one is applied', async () => {
    const { dir, cleanup } = tempDir();
    try {
      let ws = await Workspace.open(join(dir, 'ws'));
      const versions = (
        await ws.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      ).map((r) => Number(r.version));
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
      // Simulate a workspace created before migration 2 existed but after a higher one had landed.
      await ws.run('DROP VIEW activities');
      await ws.run('DROP TABLE activities_inline');
      await ws.run('DELETE FROM schema_migrations WHERE version = 2');
      ws.close();
      ws = await Workspace.open(join(dir, 'ws'));
      expect(await ws.count('activities')).toBe(0);
      expect(Number(await ws.scalar('SELECT max(version) FROM schema_migrations'))).toBe(SCHEMA_VERSION);
      ws.close();
    } finally {
      cleanup();
    }
  });

  it('refuses a workspace from a newer premortem', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const ws = await Workspace.open(join(dir, 'ws'));
      await ws.run("INSERT INTO schema_migrations VALUES (9999, 'future', now())");
      ws.close();
      await expect(Workspace.open(join(dir, 'ws'))).rejects.toThrow(/newer than this premortem/);
    } finally {
      cleanup();
    }
  });
});

describe('DuckDB threads', () => {
  it('opens with 2 threads, or as many as PREMORTEM_DUCKDB_THREADS says; a value that is not a count is refused', async () => {
    const { dir, cleanup } = tempDir();
    const threads = async () => {
      const ws = await Workspace.open(join(dir, 'ws'));
      try {
        return Number(await ws.scalar("SELECT current_setting('threads')"));
      } finally {
        ws.close();
      }
    };
    try {
      vi.stubEnv('PREMORTEM_DUCKDB_THREADS', '');
      expect(await threads()).toBe(2);
      vi.stubEnv('PREMORTEM_DUCKDB_THREADS', '1');
      expect(await threads()).toBe(1);
      vi.stubEnv('PREMORTEM_DUCKDB_THREADS', 'two');
      await expect(threads()).rejects.toThrow(/PREMORTEM_DUCKDB_THREADS is "two"/);
      vi.stubEnv('PREMORTEM_DUCKDB_THREADS', '0');
      await expect(threads()).rejects.toThrow(/not a number of threads/);
    } finally {
      vi.unstubAllEnvs();
      cleanup();
    }
  });
});
