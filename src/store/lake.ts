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
  /**
   * Not an event table but the id index (ID_INDEX): compaction and the views treat it as any lake table, the
   * event-table walks (quarantine, the timeline's staging) leave it out.
   */
  index?: true;
  /** Rows per Parquet row group, where not DuckDB's default (122,880): a lookup reads whole row groups. */
  rowGroupSize?: number;
}

export const LAKE_TABLES: readonly LakeTable[] = [
  // 32,768-row groups: one account's lookup decodes a quarter of what a default group holds (measured on 2,000,000
  // sign-ins: 35 ms against 71 ms CPU for one record's every column; the file 6 % larger, a full scan no slower).
  { table: 'signins', timeColumn: 'created_at', clusterColumn: 'user_principal_name', rowGroupSize: 32_768 },
  { table: 'audits', timeColumn: 'activity_at' },
  { table: 'activities', timeColumn: 'created_at' },
  { table: 'graph_activity', timeColumn: 'requested_at' },
  { table: 'risk_events', timeColumn: 'detected_at' },
  { table: 'provisioning', timeColumn: 'activity_at' },
  { table: 'network_access', timeColumn: 'created_at' },
  { table: 'azure_activity', timeColumn: 'event_at' },
  { table: 'ms_alerts', timeColumn: 'created_at' },
  { table: 'ms_alert_evidence', timeColumn: 'created_at' },
  // Last, so that a compaction pass flushes the index rows the event tables' flushes above it just added.
  { table: 'uid_index', timeColumn: 'event_at', clusterColumn: 'uid', index: true, rowGroupSize: 16_384 },
];

/** The lake's event tables (every lake table but the id index). */
export const EVENT_LAKE_TABLES: readonly LakeTable[] = LAKE_TABLES.filter((t) => !t.index);

/**
 * The id index: for each row written to a clustered table's month files, its uid, its cluster value and its time
 * (`uid_index`, a lake table whose month files are sorted by uid). A lookup by uid reads the index row groups whose
 * min/max can hold the uids, then the table's row groups that can hold their cluster values (sign-ins: the
 * accounts), instead of the whole uid column of every month file. A hint, never the truth: rows of the write
 * buffer and of files written before the index are not in it, so a lookup that finds fewer rows than it asked
 * for reads the rest the slow way (lookupByUid).
 */
export const ID_INDEX = 'uid_index';

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

/** The options of every lake file: zstd Parquet, row groups of the table's size. */
function fileOptions(rowGroupSize?: number): string {
  const rows = rowGroupSize === undefined ? '' : `, ROW_GROUP_SIZE ${rowGroupSize}`;
  return `FORMAT parquet, COMPRESSION zstd${rows}`;
}

/** The COPY options of a write partitioned by month, one folder per month, files named after the batch. */
export function copyOptions(batch: string, rowGroupSize?: number): string {
  return `${fileOptions(rowGroupSize)}, PARTITION_BY (month), FILENAME_PATTERN ${sqlString(`${batch}-{i}`)}`;
}

/** The month partition of an event time (SQL; UTC, the session's time zone). */
export function monthOf(time: string): string {
  return `coalesce(strftime(${time}, '%Y-%m'), '${UNDATED_MONTH}')`;
}

/** The month partition of a row, by the table's event time, as the column `month`. */
export function monthExpr(timeColumn: string): string {
  return `${monthOf(timeColumn)} AS month`;
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
 *
 * `month`: the one month every row falls in, when the caller knows it (an import's checking pass saw one month;
 * a file rewritten without some rows). The rows are then written as one plain file instead of through DuckDB's
 * partitioned COPY, which sorts and exchanges the rows between threads before it writes: on 2,000,000 mapped
 * sign-ins here, a plain write took 2.3–2.6 s and the partitioned one 5.1–5.9 s (twice the CPU), whether the rows
 * held one month or two (at DuckDB's default flush threshold; flushRows has the one it runs with now). A row of
 * another month stops the COPY with an error, so a wrong claim never places rows under the wrong month. Not for a
 * sorted `select` (compaction, the id index): a plain COPY keeps the order by writing in it, and merging two files
 * of 950,000 sorted sign-ins took 10.5 s that way against 7.5 s partitioned.
 */
export async function writeLakeRows(
  ws: Workspace,
  table: string,
  select: string,
  evidenceSha256: string | null,
  /** 'new': rows entering the files (import, a buffer flush), which the id index learns; 'moved': a rewrite. */
  rows: 'new' | 'moved',
  month?: string,
): Promise<number> {
  const batch = newBatchId();
  const tmp = tmpTarget(ws, batch);
  try {
    const { timeColumn, clusterColumn, index, rowGroupSize } = lakeTable(table);
    const withMonth = `SELECT *, ${monthExpr(timeColumn)} FROM (${select})`;
    const written =
      month === undefined
        ? await partitionedCopy(
            ws,
            `COPY (${withMonth}) TO ${sqlString(tmp)} (${copyOptions(batch, rowGroupSize)})`,
            rowGroupSize,
          )
        : await ws.change(
            `COPY (${oneMonthRows(withMonth, month)}) TO ${sqlString(oneMonthFile(tmp, batch, month))} (${fileOptions(rowGroupSize)})`,
          );
    if (written === 0) return written;
    const files = await commitLakeFiles(ws, table, tmp, evidenceSha256);
    if (rows === 'new' && clusterColumn !== undefined && !index) {
      // Straight into index month files, sorted (not through the index's write buffer: two million rows inserted
      // and deleted again left 40 MB of dead space in the DuckDB file), in the same transaction as the files'
      // catalog rows: a kill leaves both or neither.
      await writeLakeRows(ws, ID_INDEX, indexRows(ws, table, files), null, 'new');
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** DuckDB's row-group size, where a table sets none. */
const DUCKDB_ROW_GROUP = 122_880;

/**
 * How many rows of one month a partitioned COPY holds in memory before it writes them out: about 100,000, in whole
 * row groups of the table. DuckDB's default of 524,288 rows of ~50 columns does not fit the store's 1 GB memory
 * limit, so the buffered rows spilled to temporary files and were read back: on 2,000,000 mapped sign-ins of two
 * months (DuckDB alone, 2 threads, 1 GB) up to 888 MB spilled and the write took 9.1–14.5 s; at 98,304 rows
 * 238 MB and 6.6–8.0 s, near the 6.9–7.2 s of one plain file. In the import of that file the write's median fell
 * from 9.6 s to 7.4 s (five alternated runs), and compacting two files of 950,000 sign-ins took 6.9–8.2 s against
 * 8.1–9.9 s, the merged files as well sorted as before. Whole row groups per flush keep the files' row groups
 * full (100,000 rows left a short group at every flush). docs/lake.md has the runs.
 */
function flushRows(rowGroupSize = DUCKDB_ROW_GROUP): number {
  return Math.max(1, Math.round(100_000 / rowGroupSize)) * rowGroupSize;
}

/** Runs one partitioned COPY with the flush threshold above, and puts DuckDB's default back after it. */
async function partitionedCopy(ws: Workspace, copy: string, rowGroupSize: number | undefined): Promise<number> {
  await ws.run(`SET partitioned_write_flush_threshold = ${flushRows(rowGroupSize)}`);
  try {
    return await ws.change(copy);
  } finally {
    // Settings are per connection, not per transaction. Should the reset itself fail (DuckDB refuses statements
    // in an aborted transaction), the smaller threshold left in place only makes later partitioned writes flush
    // sooner: never a different result.
    await ws.run('RESET partitioned_write_flush_threshold').catch(() => undefined);
  }
}

/** The rows of `withMonth` without their month column, each checked to fall in `month` (else the COPY fails). */
function oneMonthRows(withMonth: string, month: string): string {
  return `SELECT * EXCLUDE (month) FROM (${withMonth})
    WHERE CASE WHEN month = ${sqlString(month)} THEN true
      ELSE error('a row of month ' || month || ' in a write of month ' || ${sqlString(month)}) END`;
}

/** Where a one-month write puts its file: the layout a partitioned COPY makes, so commitLakeFiles takes either. */
function oneMonthFile(tmp: string, batch: string, month: string): string {
  const dir = join(tmp, `month=${month}`);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${batch}-0.parquet`);
}

/** Lists of up to this many values travel as IN lists of parameters, which a Parquet scan prunes row groups with. */
export const IN_LIST_MAX = 1000;

const placeholders = (n: number, first: number): string =>
  Array.from({ length: n }, (_, i) => `$${first + i}`).join(', ');

/**
 * Creates the temporary table `target` with the rows of `table` whose uid is among `uids` (at most IN_LIST_MAX,
 * distinct). For a clustered table the id index names the cluster values (accounts) the uids are stored under, and
 * the scan reads only the row groups that can hold those; whatever that does not find (rows of the write buffer,
 * of files older than the index, with no cluster value, or not stored at all) is then read by uid alone, which
 * reads the whole uid column. The rows are the same either way.
 */
export async function selectByUids(ws: Workspace, table: string, uids: readonly string[], target: string) {
  const { clusterColumn } = lakeTable(table);
  const byUid = (list: readonly string[]) => `SELECT * FROM ${table} WHERE uid IN (${placeholders(list.length, 1)})`;
  if (clusterColumn === undefined || uids.length === 0) {
    await ws.run(`CREATE OR REPLACE TEMP TABLE ${target} AS ${byUid(uids)}`, uids);
    return;
  }
  const keys = (
    await ws.all<{ k: string }>(
      `SELECT DISTINCT cluster_key AS k FROM ${ID_INDEX}
       WHERE table_name = $1 AND cluster_key IS NOT NULL AND uid IN (${placeholders(uids.length, 2)})`,
      [table, ...uids],
    )
  ).map((r) => r.k);
  if (keys.length === 0 || keys.length > IN_LIST_MAX) {
    await ws.run(`CREATE OR REPLACE TEMP TABLE ${target} AS ${byUid(uids)}`, uids);
    return;
  }
  await ws.run(
    `CREATE OR REPLACE TEMP TABLE ${target} AS ${byUid(uids)} AND ${clusterColumn} IN (${placeholders(keys.length, uids.length + 1)})`,
    [...uids, ...keys],
  );
  const found = new Set((await ws.all<{ uid: string }>(`SELECT DISTINCT uid FROM ${target}`)).map((r) => r.uid));
  const rest = uids.filter((u) => !found.has(u));
  if (rest.length > 0) await ws.run(`INSERT INTO ${target} ${byUid(rest)}`, rest);
}

export const INDEX_TASK = 'index-uids';

/** The id index rows of a clustered table's files (catalog paths), in the index's order. */
function indexRows(ws: Workspace, table: string, files: readonly { path: string }[]): string {
  const { timeColumn, clusterColumn } = lakeTable(table);
  const list = files.map((f) => sqlString(join(ws.dir, f.path))).join(', ');
  return `SELECT ${sqlString(table)} AS table_name, uid, ${clusterColumn} AS cluster_key, ${timeColumn} AS event_at
    FROM read_parquet([${list}], union_by_name = true, hive_partitioning = false)
    ORDER BY ${clusterOrder(ID_INDEX)}`;
}

/**
 * Indexes the rows of files written before the id index (migration 170 queues this once): one transaction that
 * writes their index rows as month files sorted by uid and marks the task done. Returns the rows indexed.
 */
export async function indexIfOwed(ws: Workspace): Promise<number> {
  const owed = await ws.scalar('SELECT count(*) FROM store_tasks WHERE name = $1 AND done_at IS NULL', [INDEX_TASK]);
  if (Number(owed) === 0) return 0;
  return ws.transaction(async () => {
    let n = 0;
    for (const { table, clusterColumn } of EVENT_LAKE_TABLES) {
      if (clusterColumn === undefined) continue;
      const files = await ws.all<{ path: string }>('SELECT path FROM lake_files WHERE table_name = $1', [table]);
      if (files.length === 0) continue;
      n += await writeLakeRows(ws, ID_INDEX, indexRows(ws, table, files), null, 'new');
    }
    await ws.run('UPDATE store_tasks SET done_at = now(), detail = $2 WHERE name = $1', [INDEX_TASK, String(n)]);
    return n;
  });
}
