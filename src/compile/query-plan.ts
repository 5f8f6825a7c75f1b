import type { RuleTable } from '../rules/rule-tables.js';
import { Parameters } from './query.js';

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/**
 * A query under construction: named common table expressions in dependency order, and one parameter list
 * shared by all of them. Names are q1, q2… in creation order, so that golden tests stay stable.
 */
export class QueryPlan {
  readonly params = new Parameters();
  /** The store tables the query reads (set by each detection relation). */
  readonly tables = new Set<RuleTable>();
  /** The shared base scans (temporary tables of a full run) the query reads instead of the store. */
  readonly shared = new Set<string>();
  private readonly ctes: string[] = [];
  private count = 0;

  /**
   * Adds a CTE and returns its name. `inline`: the CTE is cheaper to run again at each reference than to keep
   * (see correlationRelation), so DuckDB is told not to materialize it.
   */
  add(body: string, inline = false): string {
    const name = `q${++this.count}`;
    this.ctes.push(`${name} AS ${inline ? 'NOT MATERIALIZED ' : ''}(\n${indent(body)}\n)`);
    return name;
  }

  /** The final statement: WITH all CTEs, then the outer SELECT. */
  build(select: string): { sql: string; parameters: ReturnType<Parameters['list']> } {
    const sql = this.ctes.length === 0 ? select : `WITH\n${this.ctes.join(',\n')}\n${select}`;
    return { sql, parameters: this.params.list() };
  }
}
