import type { CompiledRule } from '../compile/compile.js';
import { countSql, filledTable, fillSql, type SharedScan, type SharedScans } from '../compile/shared-scans.js';
import type { RuleTable } from '../rules/rule-tables.js';
import type { Workspace } from '../store/workspace.js';

/**
 * How many matching rows a full run keeps in its shared scans, all together: about 150 MB of DuckDB memory at the
 * widths the built-in rules ask for. A rule whose scan does not fit reads the store as it does alone.
 */
export const SHARED_SCAN_ROWS = 1_000_000;

/**
 * Fills a run's shared base scans (compileShared): per store table, one pass counts each scan's matches (their
 * filter columns only), and one copies the matches of the scans that fit what is left of the budget, the most read
 * first, each scan a view over them. Returns the scans filled.
 */
export async function fillSharedScans(
  ws: Workspace,
  shared: SharedScans,
  budget = SHARED_SCAN_ROWS,
): Promise<Set<string>> {
  const filled = new Set<string>();
  let left = budget;
  const byTable = new Map<RuleTable, SharedScan[]>();
  for (const scan of shared.list()) byTable.set(scan.table, [...(byTable.get(scan.table) ?? []), scan]);
  // The rules read a shared table through windows and joins of their own: its row order is never used, and
  // keeping it cost DuckDB twice the time of the scan (400,000 of 10,000,000 sign-ins: 1.6 s against 0.7 s).
  await ws.run('SET preserve_insertion_order = false');
  try {
    for (const [table, scans] of byTable) {
      try {
        const chosen = fitting(scans, await counts(ws, table, scans), left);
        if (chosen.length === 0) continue;
        const { fill, views } = fillSql(table, chosen);
        await ws.run(fill.sql, [...fill.parameters]);
        left -= Number(await ws.scalar(`SELECT count(*) FROM ${filledTable(table)}`));
        for (const view of views) await ws.run(view);
        for (const scan of chosen) filled.add(scan.name);
      } catch {
        // One rule's predicate that fails at run time (a user's rule) would fail its whole table's count or copy:
        // none of the table's scans is kept, so each rule reads the store alone, and the failing one reports its
        // own error in the run's errors while the others raise their alerts, as without shared scans.
        for (const scan of scans) {
          filled.delete(scan.name);
          await ws.run(`DROP VIEW IF EXISTS ${scan.name}`);
        }
        await ws.run(`DROP TABLE IF EXISTS ${filledTable(table)}`);
      }
    }
  } finally {
    await ws.run('RESET preserve_insertion_order');
  }
  return filled;
}

/** Each scan's matches, counted in one pass over the table. */
async function counts(ws: Workspace, table: RuleTable, scans: readonly SharedScan[]): Promise<number[]> {
  const count = countSql(table, scans);
  const [row] = await ws.all(count.sql, [...count.parameters]);
  return scans.map((_, i) => Number(row?.[`n${i}`] ?? Number.POSITIVE_INFINITY));
}

/** The scans, the most read first, whose matches fit what is left (overlapping scans count twice: a bound). */
function fitting(scans: readonly SharedScan[], matches: readonly number[], left: number): SharedScan[] {
  let room = left;
  return scans.filter((_, i) => {
    const n = matches[i] ?? Number.POSITIVE_INFINITY;
    if (n > room) return false;
    room -= n;
    return true;
  });
}

/** The rules to run once the shared scans are filled: one reading a scan that was not kept runs compiled alone. */
export function runnableWith(rules: readonly CompiledRule[], filled: ReadonlySet<string>): CompiledRule[] {
  return rules.map((c) => (c.shared && !c.shared.tables.every((t) => filled.has(t)) ? c.shared.alone : c));
}

export async function dropSharedScans(ws: Workspace, shared: SharedScans): Promise<void> {
  const scans = shared.list();
  for (const scan of scans) await ws.run(`DROP VIEW IF EXISTS ${scan.name}`);
  for (const table of new Set(scans.map((s) => s.table))) await ws.run(`DROP TABLE IF EXISTS ${filledTable(table)}`);
}
