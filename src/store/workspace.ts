import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, listValue } from '@duckdb/node-api';
import { PremortemError } from '../core/errors.js';
import { compactInline } from './compact.js';
import { attachLake, attachLakeReadOnly, detachLake, indexIfOwed, LAKE_TABLES, sweepOrphans } from './lake.js';
import { QUARANTINE_TASK, type Quarantined, quarantineIfOwed } from './quarantine.js';
import { LAKE_MIGRATION, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export const DEFAULT_WORKSPACE = './.premortem';
const DB_FILE = 'premortem.duckdb';

export type Row = Record<string, unknown>;

/** A bound parameter: DuckDB values, plus plain arrays of them (bound as LIST values). */
export type Param = DuckDBValue | readonly DuckDBValue[];

function bind(params: readonly Param[] | undefined): DuckDBValue[] | undefined {
  return params?.map((p) => (Array.isArray(p) ? listValue([...p]) : (p as DuckDBValue)));
}

/**
 * PREMORTEM_SQL_TIMINGS=1: every statement's wall time and its first words on stderr, for finding where a slow
 * command spends its time (docs/lake.md shows an import's). Off by default: it costs nothing then.
 */
const SQL_TIMINGS = process.env.PREMORTEM_SQL_TIMINGS === '1';

async function timed<T>(sql: string, work: () => Promise<T>): Promise<T> {
  if (!SQL_TIMINGS) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    const words = sql.replace(/\s+/g, ' ').trim().slice(0, 140);
    process.stderr.write(`sql ${(performance.now() - t0).toFixed(0).padStart(7)} ms  ${words}\n`);
  }
}

/**
 * DuckDB threads per open workspace: 2, or PREMORTEM_DUCKDB_THREADS. A fleet worker running several rounds at
 * once already keeps the cores busy; one thread per round then spends less CPU on the same work (docs/fleet.md).
 */
function duckdbThreads(): string {
  const named = process.env.PREMORTEM_DUCKDB_THREADS;
  if (named === undefined || named === '') return '2';
  if (!/^[1-9][0-9]{0,2}$/.test(named)) {
    throw new PremortemError('usage', `PREMORTEM_DUCKDB_THREADS is ${JSON.stringify(named)}, not a number of threads`, {
      hint: 'set it to a whole number from 1, or leave it unset for 2',
    });
  }
  return named;
}

/**
 * A workspace folder: one DuckDB file (the store) plus the files kept beside it. One process owns a workspace
 * at a time (DuckDB holds one writer).
 */
export class Workspace {
  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    readonly db: DuckDBConnection,
  ) {}

  /** Undo steps for what a transaction did outside DuckDB (files renamed into the lake); run if it rolls back. */
  private rollbackSteps: (() => void)[] = [];
  /** Rows this open moved out of the event tables for an implausible event time (store/quarantine.ts). */
  quarantined: readonly Quarantined[] = [];
  /** Opened with DuckDB's READ_ONLY access mode: nothing in the folder is written, not even by the open. */
  readOnly = false;

  /**
   * Whether the workspace in dir may not be written: its folder or store file is not writable by this process, or
   * has no write permission bit at all (chmod -R a-w). The second holds for root too, whom the system lets write
   * anyway: a workspace marked read-only is treated as read-only by everyone. A workspace not there yet is not.
   */
  static isReadOnly(dir: string): boolean {
    for (const path of [dir, resolve(dir, DB_FILE)]) {
      if (!existsSync(path)) continue;
      if ((statSync(path).mode & 0o222) === 0) return true;
      try {
        accessSync(path, constants.W_OK);
      } catch {
        return true;
      }
    }
    return false;
  }

  /** --workspace, else PREMORTEM_WORKSPACE, else ./.premortem; an empty name is refused, not read as ".". */
  static resolveDir(flag: string | undefined): string {
    const named = flag ?? process.env.PREMORTEM_WORKSPACE;
    if (named !== undefined && named.trim() === '') {
      throw new PremortemError('usage', 'the workspace name is empty', {
        hint: 'give --workspace DIR (or PREMORTEM_WORKSPACE) a folder name, or leave it out for ./.premortem',
      });
    }
    return resolve(named ?? DEFAULT_WORKSPACE);
  }

  /**
   * Opens the workspace in dir. Only commands that bring data in create it (create: true); a command that reads
   * must not: a mistyped --workspace would otherwise be a fresh empty workspace whose "No alerts" reads as an
   * all-clear. A missing workspace, or a path that is not a folder, is exit 2 naming the path.
   * readOnly (a workspace marked read-only, isReadOnly): DuckDB's READ_ONLY access mode, and the open writes nothing
   * (no migration, no sweep, no clean-up); a workspace that needs any of them is refused with exit 2.
   */
  static async open(dir: string, options: { create?: boolean; readOnly?: boolean } = {}): Promise<Workspace> {
    const readOnly = options.readOnly ?? false;
    const create = !readOnly && (options.create ?? true);
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new PremortemError('workspace', `the workspace ${dir} is not a folder`, {
        hint: 'name a workspace folder with --workspace DIR',
      });
    }
    if (create) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new PremortemError('workspace', `cannot create the workspace ${dir}: ${(err as Error).message}`, {
          hint: 'name a folder this user may create with --workspace DIR',
        });
      }
    } else if (!existsSync(resolve(dir, DB_FILE))) {
      throw new PremortemError('workspace', `no workspace at ${dir}`, {
        hint: 'import or collect into it first (premortem import PATH), or name the right one with --workspace DIR',
      });
    }
    let instance: DuckDBInstance;
    try {
      // A file database with a memory limit: an in-memory table costs ~0.85 GB per million sign-ins (DESIGN.md).
      instance = await DuckDBInstance.create(resolve(dir, DB_FILE), {
        memory_limit: '1GB',
        threads: duckdbThreads(),
        ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new PremortemError('workspace', `cannot open the workspace ${dir}: ${msg}`, {
        hint: msg.includes('lock')
          ? 'another premortem process holds this workspace; stop it or use --workspace'
          : undefined,
      });
    }
    const db = await instance.connect();
    const ws = new Workspace(dir, instance, db);
    await ws.run("SET TimeZone = 'UTC'");
    // Lake files are immutable, so their footers can be cached for the life of the connection.
    await ws.run('SET parquet_metadata_cache = true');
    if (readOnly) {
      ws.readOnly = true;
      try {
        await ws.refuseIfOwed();
        await attachLakeReadOnly(ws);
      } catch (err) {
        ws.close();
        throw err;
      }
      return ws;
    }
    const applied = await ws.migrate();
    await attachLake(ws);
    await sweepOrphans(ws);
    // Before a pre-lake workspace's rows move into files below: those are indexed as they are written.
    await indexIfOwed(ws);
    // A workspace made before the lake: its events, stored in DuckDB tables, move into month files on first open.
    if (applied.includes(LAKE_MIGRATION)) {
      for (const { table } of LAKE_TABLES) await compactInline(ws, table);
    }
    ws.quarantined = await quarantineIfOwed(ws);
    return ws;
  }

  async run(sql: string, params?: readonly Param[]): Promise<void> {
    await timed(sql, () => this.db.run(sql, bind(params)));
  }

  /** Runs a statement and returns how many rows it inserted, updated or deleted. */
  async change(sql: string, params?: readonly Param[]): Promise<number> {
    return Number((await timed(sql, () => this.db.run(sql, bind(params)))).rowsChanged);
  }

  async all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]> {
    const reader = await timed(sql, () => this.db.runAndReadAll(sql, bind(params)));
    return reader.getRowObjectsJS() as T[];
  }

  async one<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  async scalar(sql: string, params?: readonly Param[]): Promise<unknown> {
    const row = await this.one(sql, params);
    return row === undefined ? undefined : Object.values(row)[0];
  }

  async count(table: string): Promise<number> {
    return Number(await this.scalar(`SELECT count(*) FROM ${table}`));
  }

  /** Runs fn inside one transaction: everything it writes lands, or nothing does. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    this.rollbackSteps = [];
    try {
      const out = await fn();
      await this.run('COMMIT');
      this.rollbackSteps = [];
      return out;
    } catch (err) {
      await this.run('ROLLBACK').catch(() => undefined);
      for (const step of this.rollbackSteps.splice(0)) {
        try {
          step();
        } catch {
          // Best effort: whatever is left is an orphan, swept on the next open.
        }
      }
      throw err;
    }
  }

  /** Registers an undo step for the current transaction's work outside DuckDB. */
  onRollback(step: () => void): void {
    this.rollbackSteps.push(step);
  }

  /**
   * A read-only open writes nothing, so it cannot do what an open owes the store (migrations, the one-off clean-up
   * of store/quarantine.ts): a workspace that needs either is refused, naming it, rather than read half-upgraded.
   */
  private async refuseIfOwed(): Promise<void> {
    const hasTable = async (name: string) =>
      Number(
        await this.scalar(
          "SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND schema_name = 'main' AND NOT temporary",
          [name],
        ),
      ) > 0;
    const applied = (await hasTable('schema_migrations'))
      ? new Set(
          (await this.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
        )
      : new Set<number>();
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) throw this.newerSchema(newest);
    const pending = MIGRATIONS.filter((m) => !applied.has(m.version)).length;
    const owed =
      pending === 0 &&
      (await hasTable('store_tasks')) &&
      Number(
        await this.scalar('SELECT count(*) FROM store_tasks WHERE name = $1 AND done_at IS NULL', [QUARANTINE_TASK]),
      ) > 0;
    if (pending > 0 || owed) {
      throw new PremortemError(
        'workspace',
        `the workspace ${this.dir} is read-only, and this premortem must first update its store (${pending > 0 ? `${pending} migration(s)` : 'a one-off clean-up'}), which writes`,
        {
          hint: 'make it writable once (chmod -R u+w on the folder) and run any command, or read it with the premortem that wrote it',
        },
      );
    }
  }

  private newerSchema(newest: number): PremortemError {
    return new PremortemError('workspace', `workspace ${this.dir} has schema ${newest}, newer than this premortem`, {
      hint: 'upgrade premortem, or use another --workspace',
    });
  }

  /** Applies the migrations this workspace lacks; returns their versions. */
  private async migrate(): Promise<number[]> {
    await this.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)',
    );
    // Applied by the set of versions, not the highest: migrations written in parallel may land out of order, and
    // a workspace that has 5 must still get 4 when 4 arrives later.
    const applied = new Set(
      (await this.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) throw this.newerSchema(newest);
    const pending = [...MIGRATIONS].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
    // Migrations are written against plain event tables (ALTER TABLE signins …): take the views away meanwhile.
    if (pending.length > 0) await detachLake(this);
    for (const m of pending) {
      await this.transaction(async () => {
        for (const s of m.statements) await this.run(s);
        await this.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      });
    }
    return pending.map((m) => m.version);
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
