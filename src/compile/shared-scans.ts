import type { RuleTable } from '../rules/rule-tables.js';
import { Parameters, type SqlValue } from './query.js';

/** A predicate compiled onto a given parameter list (several land in one statement, each with its own values). */
export type PredicateSql = (params: Parameters) => string;

/** A base scan correlations of one full detection run read: the matches of one single-event rule. */
export interface SharedScan {
  /** The temporary view the rules read (`detect_shared_<n>`): columns uid, source_id, ts, c0, c1… */
  readonly name: string;
  readonly table: RuleTable;
  readonly time: string;
  readonly where: PredicateSql;
  /** The field expressions (text) the referencing correlations ask for, as columns c0, c1… of the view. */
  readonly columns: readonly string[];
  /** How many relations of the run's rules read it. */
  readonly uses: number;
}

/** What a relation reads instead of scanning the store: the view, and the column holding each requested field. */
export interface SharedRead {
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * The single-event rules that correlations read in a full detection run, each kept once for the run, so that the
 * rules read a few narrow rows instead of the store (src/detect/shared-fill.ts fills them; docs/lake.md).
 *
 * Why: a correlation reads its events two to five times (the groups that can reach the threshold, the windows,
 * the events of the episodes), and the failure-counting correlations (password-spray and its variants, brute
 * force, success after either, a service principal from a spraying address) all start from "failed password
 * sign-ins". Scanned in place, that one rule was decoded from every month file about twenty times per run.
 *
 * The scans of one store table are filled together, in one pass over the table into one temporary table with a
 * flag per scan, each scan a view over it. A scan that matches too much of the store (the successful sign-ins
 * behind token-replay) is not kept: its rules run as compiled alone. Incremental runs read a time-scoped part of
 * the store per rule and keep nothing.
 */
export class SharedScans {
  private readonly scans = new Map<
    string,
    Omit<SharedScan, 'columns' | 'uses'> & { columns: string[]; uses: number }
  >();

  /** A relation asks for a scan with these fields: where to read it instead. */
  use(table: RuleTable, time: string, where: PredicateSql, fields: readonly string[]): SharedRead {
    const own = new Parameters();
    const key = `${table}\n${where(own)}\n${JSON.stringify(own.list())}`;
    let entry = this.scans.get(key);
    if (!entry) {
      entry = { name: `detect_shared_${this.scans.size + 1}`, table, time, where, columns: [], uses: 0 };
      this.scans.set(key, entry);
    }
    entry.uses++;
    const { columns } = entry;
    return {
      name: entry.name,
      columns: fields.map((field) => {
        let at = columns.indexOf(field);
        if (at < 0) at = columns.push(field) - 1;
        return `c${at}`;
      }),
    };
  }

  /** The scans, the most used first. */
  list(): readonly SharedScan[] {
    return [...this.scans.values()]
      .map((e) => ({ ...e, columns: [...e.columns] }))
      .sort((a, b) => b.uses - a.uses || a.name.localeCompare(b.name, 'en', { numeric: true }));
  }
}

/** A statement and its values. */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

/** The name of the temporary table a table's scans are filled into. */
export const filledTable = (table: RuleTable): string => `detect_shared_${table}`;

/** One pass over a store table counting the matches of each of its scans (columns n0, n1…). */
export function countSql(table: RuleTable, scans: readonly SharedScan[]): Statement {
  const params = new Parameters();
  const time = scans[0]?.time ?? 'NULL';
  const counts = scans.map((s, i) => `count(*) FILTER (WHERE ${s.where(params)}) AS n${i}`);
  return { sql: `SELECT ${counts.join(', ')} FROM ${table} WHERE ${time} IS NOT NULL`, parameters: params.list() };
}

/**
 * One pass over a store table filling the scans given (all of one table): a row per event any of them matches,
 * the union of their fields, and a flag per scan; then the statements that define each scan's view over it.
 */
export function fillSql(table: RuleTable, scans: readonly SharedScan[]): { fill: Statement; views: string[] } {
  const params = new Parameters();
  const time = scans[0]?.time ?? 'NULL';
  const fields = [...new Set(scans.flatMap((s) => s.columns))];
  const flags = scans.map((s) => `(${s.where(params)})`);
  const name = filledTable(table);
  const fill = {
    sql: `CREATE OR REPLACE TEMP TABLE ${name} AS
SELECT uid, source_id, ${time} AS ts${fields.map((f, i) => `, ${f} AS k${i}`).join('')}${flags.map((f, i) => `, coalesce(${f}, false) AS m${i}`).join('')}
FROM ${table}
WHERE ${time} IS NOT NULL
  AND (${scans.map((s) => `(${s.where(params)})`).join(' OR ')})`,
    parameters: params.list(),
  };
  const views = scans.map(
    (s, i) =>
      `CREATE OR REPLACE TEMP VIEW ${s.name} AS SELECT uid, source_id, ts${s.columns
        .map((c, j) => `, k${fields.indexOf(c)} AS c${j}`)
        .join('')} FROM ${name} WHERE m${i}`,
  );
  return { fill, views };
}
