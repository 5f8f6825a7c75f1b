import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Workspace } from './workspace.js';

/**
 * The event lake: each event table's rows live in immutable, zstd-compressed Parquet files under
 * `lake/<table>/month=YYYY-MM/`, listed in the `lake_files` catalog; DuckDB stays the catalog and the query engine.
 * The name every reader uses (`signins`, …) is a view over the table's files plus its write buffer, the DuckDB
 * table `<table>_inline` where small batches (collected pages, staged files, direct INSERTs) land until compaction
 * moves them into month files (store/compact.ts). See docs/lake.md.
 *
 * Adding a Parquet-backed event table is one line here: a migration creates `<table>` as a plain DuckDB table as
 * before, and on the next open it becomes `<table>_inline` behind a view of the same name.
 */
export interface LakeTable {
  table: string;
  /** The event time: the month partition, and the order of rows within a month file. */
  timeColumn: string;
  /**
   * Compaction sorts a month's rows by this column first, then by time, so that a lookup of one value (the
   * sign-ins of one account: investigate --user, timeline) reads the row groups whose min/max statistics can hold
   * it instead of every row group of the month. Full scans (the rules) do not care about the order.
   */
  clusterColumn?: string;
}

export const LAKE_TABLES: readonly LakeTable[] = [
  { table: 'signins', timeColumn: 'created_at', clusterColumn: 'user_principal_name' },
  { table: 'audits', timeColumn: 'activity_at' },
  { table: 'activities', timeColumn: 'created_at' },
  { table: 'graph_activity', timeColumn: 'requested_at' },
  { table: 'risk_events', timeColumn: 'detected_at' },
  { table: 'provisioning', timeColumn: 'activity_at' },
  { table: 'network_access', timeColumn: 'created_at' },
  { table: 'azure_activity', timeColumn: 'event_at' },
  { table: 'ms_alerts', timeColumn: 'created_at' },
  { table: 'ms_alert_evidence', timeColumn: 'created_at' },
];

export const LAKE_DIR = 'lake';
/** Files are written here, then renamed into the lake; whatever is left here after a crash is swept on open. */
const TMP_DIR = '.tmp';
/** The month of rows with no event time (projected exports): kept, counted, never placed on a timeline. */
export const UNDATED_MONTH = 'undated';

export const inlineTable = (table: string): string => `${table}_inline`;

/** Where rows written with INSERT go: a lake table's write buffer, or the table itself for a plain one. */
export const insertTarget = (table: string): string =>
  LAKE_TABLES.some((t) => t.table === table) ? inlineTable(table) : table;

export function lakeTable(table: string): LakeTable {
  const t = LAKE_TABLES.find((x) => x.table === table);
  if (!t) throw new Error(`${table} is not a lake table`);
  return t;
}

/** The order compaction writes a table's month files in (see LakeTable.clusterColumn). */
export function clusterOrder(table: string): string {
  const { timeColumn, clusterColumn } = lakeTable(table);
  return clusterColumn ? `${clusterColumn}, ${timeColumn}` : timeColumn;
}

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

async function objectType(ws: Workspace, name: string): Promise<'table' | 'view' | undefined> {
  const row = await ws.one<{ t: string }>(
    `SELECT 'table' AS t FROM duckdb_tables() WHERE table_name = $1 AND schema_name = 'main' AND NOT temporary
     UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = $1 AND schema_name = 'main' AND NOT temporary`,
    [name],
  );
  return row?.t as 'table' | 'view' | undefined;
}

/**
 * (Re)defines the table's view over its catalogued files and its write buffer. Absolute paths: the DuckDB file
 * stays readable by any DuckDB client without a search path; the views are rebuilt on every open, so a moved
 * workspace reads its own files. Call inside the transaction that changes the catalog, so both commit together.
 */
export async function rebuildView(ws: Workspace, table: string, options: { temporary?: boolean } = {}): Promise<void> {
  const files = await ws.all<{ path: string }>('SELECT path FROM lake_files WHERE table_name = $1 ORDER BY path', [
    table,
  ]);
  const list = files.map((f) => sqlString(join(ws.dir, f.path))).join(', ');
  // union_by_name: files written before a column was added read it as NULL, as the buffer's rows do.
  const parquet =
    files.length === 0
      ? ''
      : ` UNION ALL BY NAME SELECT * FROM read_parquet([${list}], union_by_name = true, hive_partitioning = false)`;
  await ws.run(
    `CREATE OR REPLACE ${options.temporary ? 'TEMP ' : ''}VIEW ${table} AS SELECT * FROM ${inlineTable(table)}${parquet}`,
  );
}

/**
 * Puts every lake table behind its view: a plain table of that name (a fresh workspace, one made by an earlier
 * version, or a table a new migration just created) is renamed to its write buffer first. Returns the tables
 * that were plain tables, whose rows an earlier version stored in DuckDB.
 */
export async function attachLake(ws: Workspace): Promise<string[]> {
  const converted: string[] = [];
  await ws.transaction(async () => {
    for (const { table } of LAKE_TABLES) {
      const kind = await objectType(ws, table);
      if (kind === undefined && (await objectType(ws, inlineTable(table))) === undefined) continue;
      if (kind === 'table') {
        await ws.run(`ALTER TABLE ${table} RENAME TO ${inlineTable(table)}`);
        converted.push(table);
      }
      await rebuildView(ws, table);
    }
  });
  return converted;
}

/**
 * attachLake for a workspace opened read-only: the stored views cannot be rebuilt, so each lake table gets a
 * temporary view of its name (which hides the stored one for this connection) over the files at this folder's
 * paths, so a workspace moved or mounted elsewhere still reads its own files.
 */
export async function attachLakeReadOnly(ws: Workspace): Promise<void> {
  for (const { table } of LAKE_TABLES) {
    if ((await objectType(ws, table)) === 'view') await rebuildView(ws, table, { temporary: true });
  }
}

/**
 * The reverse, before migrations run: each lake table is again a plain table of its name, so a migration written
 * as `ALTER TABLE signins ADD COLUMN …` changes the write buffer; attachLake puts the views back afterwards.
 */
export async function detachLake(ws: Workspace): Promise<void> {
  await ws.transaction(async () => {
    for (const { table } of LAKE_TABLES) {
      if ((await objectType(ws, table)) !== 'view') continue;
      await ws.run(`DROP VIEW ${table}`);
      await ws.run(`ALTER TABLE ${inlineTable(table)} RENAME TO ${table}`);
    }
  });
}

function walkParquet(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => join(dir, f));
}

/**
 * Removes what a killed writer left: the temporary folder, and files renamed into the lake whose catalog rows
 * never committed (or that a committed compaction replaced). Runs on open, while this process holds the
 * workspace's single writer lock, so no writer is mid-way.
 */
export async function sweepOrphans(ws: Workspace): Promise<number> {
  const root = join(ws.dir, LAKE_DIR);
  rmSync(join(root, TMP_DIR), { recursive: true, force: true });
  const known = new Set((await ws.all<{ path: string }>('SELECT path FROM lake_files')).map((r) => r.path));
  let swept = 0;
  for (const file of walkParquet(root)) {
    if (known.has(lakePath(ws, file))) continue;
    rmSync(file, { force: true });
    swept++;
  }
  return swept;
}

/** A file's catalog path: relative to the workspace, with forward slashes on every platform. */
function lakePath(ws: Workspace, absolute: string): string {
  return relative(ws.dir, absolute).split(sep).join('/');
}

export function newBatchId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** A fresh temporary folder for one COPY … TO, inside the lake so the rename stays on one file system. */
export function tmpTarget(ws: Workspace, batch: string): string {
  const dir = join(ws.dir, LAKE_DIR, TMP_DIR);
  mkdirSync(dir, { recursive: true });
  return join(dir, batch);
}

/** The COPY options every lake file is written with. */
export function copyOptions(batch: string): string {
  return `FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), FILENAME_PATTERN ${sqlString(`${batch}-{i}`)}`;
}

/** The month partition of a row, by the table's event time (UTC: the session's time zone). */
export function monthExpr(timeColumn: string): string {
  return `coalesce(strftime(${timeColumn}, '%Y-%m'), '${UNDATED_MONTH}') AS month`;
}

/**
 * Moves the files one COPY … PARTITION_BY (month) wrote into the lake and catalogues them; the caller's
 * transaction commits the catalog rows with whatever they belong to (evidence, a compaction's removals). A kill
 * between a rename and that commit leaves a file no catalog row names: sweepOrphans removes it on the next open.
 */
export async function commitLakeFiles(
  ws: Workspace,
  table: string,
  tmp: string,
  evidenceSha256: string | null,
): Promise<{ path: string; rows: number }[]> {
  const out: { path: string; rows: number }[] = [];
  for (const written of walkParquet(tmp)) {
    const month = /month=([^/\\]+)/.exec(written)?.[1] ?? UNDATED_MONTH;
    const dir = join(ws.dir, LAKE_DIR, table, `month=${month}`);
    mkdirSync(dir, { recursive: true });
    const final = join(dir, written.slice(written.lastIndexOf(sep) + 1));
    const rows = Number(
      await ws.scalar(`SELECT sum(num_rows) FROM parquet_file_metadata(${sqlString(written)})`).then((n) => n ?? 0),
    );
    renameSync(written, final);
    ws.onRollback(() => rmSync(final, { force: true }));
    const path = lakePath(ws, final);
    await ws.run('INSERT INTO lake_files VALUES ($1, $2, $3, $4, $5, $6, now())', [
      path,
      table,
      month,
      rows,
      statSync(final).size,
      evidenceSha256,
    ]);
    out.push({ path, rows });
  }
  rmSync(tmp, { recursive: true, force: true });
  await rebuildView(ws, table);
  return out;
}

/**
 * Writes the rows of `select` (every column of the table, in any order) as the table's month files and
 * catalogues them, inside the caller's transaction. `select` must be self-contained SQL (COPY takes no
 * parameters). Returns how many rows were written.
 */
export async function writeLakeRows(
  ws: Workspace,
  table: string,
  select: string,
  evidenceSha256: string | null,
): Promise<number> {
  const batch = newBatchId();
  const tmp = tmpTarget(ws, batch);
  try {
    const { timeColumn } = lakeTable(table);
    const written = await ws.change(
      `COPY (SELECT *, ${monthExpr(timeColumn)} FROM (${select})) TO ${sqlString(tmp)} (${copyOptions(batch)})`,
    );
    if (written > 0) await commitLakeFiles(ws, table, tmp, evidenceSha256);
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
