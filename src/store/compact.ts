import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { clusterOrder, inlineTable, LAKE_TABLES, rebuildView, sqlString, writeLakeRows } from './lake.js';
import type { Workspace } from './workspace.js';

/**
 * Compaction: the write buffer (`<table>_inline`, where collected pages and staged files land) moves into month
 * files, and months holding many small files get one file instead. Neither changes a query's answer: the same rows
 * move from one place the view reads to another in ONE transaction (catalog rows, buffer rows, view), and the
 * replaced files are deleted only after it commits; a kill anywhere leaves files no catalog row names, which the
 * next open sweeps (store/lake.ts).
 */
export interface CompactionPolicy {
  /** Buffer rows that make a table's buffer worth writing out. */
  inlineRows: number;
  /** A month file below this size is small. */
  smallFileBytes: number;
  /** Small files in one month that make merging them worthwhile. */
  smallFiles: number;
}

export const DEFAULT_POLICY: CompactionPolicy = {
  inlineRows: 50_000,
  smallFileBytes: 64 * 1024 * 1024,
  smallFiles: 4,
};

export interface CompactionResult {
  table: string;
  /** Buffer rows written out as month files. */
  flushedRows: number;
  /** Small files merged, and the files that replaced them. */
  mergedFiles: number;
  writtenFiles: number;
}

/** Writes the table's whole write buffer as month files, in one transaction. Returns the rows moved. */
export async function compactInline(ws: Workspace, table: string): Promise<number> {
  const inline = inlineTable(table);
  if (Number(await ws.scalar(`SELECT count(*) FROM ${inline}`)) === 0) return 0;
  return ws.transaction(async () => {
    const n = await writeLakeRows(ws, table, `SELECT * FROM ${inline} ORDER BY ${clusterOrder(table)}`, null, 'new');
    await ws.run(`DELETE FROM ${inline}`);
    return n;
  });
}

/** Merges each month's small files into one file; returns how many files were merged away. */
export async function mergeSmallFiles(ws: Workspace, table: string, policy = DEFAULT_POLICY): Promise<number> {
  const months = await ws.all<{ month: string; paths: string[] }>(
    `SELECT month, list(path ORDER BY path) AS paths FROM lake_files
     WHERE table_name = $1 AND bytes < $2 GROUP BY month HAVING count(*) >= $3 ORDER BY month`,
    [table, policy.smallFileBytes, policy.smallFiles],
  );
  let merged = 0;
  for (const { paths } of months) {
    const list = paths.map((p) => sqlString(join(ws.dir, p))).join(', ');
    await ws.transaction(async () => {
      await ws.run('DELETE FROM lake_files WHERE list_contains($1, path)', [paths]);
      await writeLakeRows(
        ws,
        table,
        `SELECT * FROM read_parquet([${list}], union_by_name = true, hive_partitioning = false) ORDER BY ${clusterOrder(table)}`,
        null,
        'moved',
      );
    });
    // Only after the commit: until then the view still reads these files.
    for (const p of paths) rmSync(join(ws.dir, p), { force: true });
    merged += paths.length;
  }
  return merged;
}

/** Compacts what the policy says is worth it: the step import, collect and watch run after they store. */
export async function compactIfNeeded(ws: Workspace, policy = DEFAULT_POLICY): Promise<CompactionResult[]> {
  const out: CompactionResult[] = [];
  for (const { table } of LAKE_TABLES) {
    const buffered = Number(await ws.scalar(`SELECT count(*) FROM ${inlineTable(table)}`));
    const flushedRows = buffered >= policy.inlineRows ? await compactInline(ws, table) : 0;
    const before = Number(await ws.scalar('SELECT count(*) FROM lake_files WHERE table_name = $1', [table]));
    const mergedFiles = await mergeSmallFiles(ws, table, policy);
    const after = Number(await ws.scalar('SELECT count(*) FROM lake_files WHERE table_name = $1', [table]));
    if (flushedRows > 0 || mergedFiles > 0)
      out.push({ table, flushedRows, mergedFiles, writtenFiles: after - before + mergedFiles });
  }
  return out;
}

/** Everything into month files, as few as possible: the buffer written out and every month's files merged. */
export async function compactAll(ws: Workspace): Promise<CompactionResult[]> {
  return compactIfNeeded(ws, { inlineRows: 1, smallFileBytes: Number.MAX_SAFE_INTEGER, smallFiles: 2 });
}

/**
 * Deletes the rows matching `where` (SQL over the table's columns, no parameters) from the buffer and from the
 * files: each file holding such rows is replaced by one without them, in one transaction, like a compaction.
 * Returns the rows deleted. `where` is evaluated against the buffer and the files without a table alias.
 */
export async function deleteEvents(
  ws: Workspace,
  table: string,
  where: string,
  /** Runs first in the same transaction, while the rows are still there (their rejects, their counts). */
  before?: () => Promise<void>,
): Promise<number> {
  const files = await ws.all<{ path: string; month: string }>(
    'SELECT path, month FROM lake_files WHERE table_name = $1 ORDER BY path',
    [table],
  );
  const replaced: string[] = [];
  const deleted = await ws.transaction(async () => {
    await before?.();
    let n = await ws.change(`DELETE FROM ${inlineTable(table)} WHERE ${where}`);
    for (const { path, month } of files) {
      const read = `read_parquet(${sqlString(join(ws.dir, path))}, hive_partitioning = false)`;
      const hits = Number(await ws.scalar(`SELECT count(*) FROM ${read} WHERE ${where}`));
      if (hits === 0) continue;
      await ws.run('DELETE FROM lake_files WHERE path = $1', [path]);
      // The file's own month, in the order it was read: a plain write, which keeps the file's clustering.
      await writeLakeRows(
        ws,
        table,
        `SELECT * FROM ${read} WHERE NOT coalesce((${where}), false)`,
        null,
        'moved',
        month,
      );
      replaced.push(path);
      n += hits;
    }
    // Also when a file lost every row and nothing was written in its place.
    await rebuildView(ws, table);
    return n;
  });
  for (const p of replaced) rmSync(join(ws.dir, p), { force: true });
  return deleted;
}
