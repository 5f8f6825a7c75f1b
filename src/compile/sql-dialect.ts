import type { RuleTable } from '../rules/rule-tables.js';

/**
 * What differs between SQL engines when a rule compiles, kept to a small set of overrides (as kysely keeps a
 * dialect): the rest of the SQL compiler (predicates, CTEs, sliding windows) is written once. DuckDB is the one
 * dialect today (duckdb-dialect.ts); KQL is not a SQL dialect but a second target (src/compile/kql/).
 */
export interface SqlDialect {
  readonly name: string;
  /** A derived column (`@name`, src/rules/derived-columns.ts) as an expression over canonical columns. */
  derived(table: RuleTable, name: string): string | undefined;
  /** A field of a JSON text column as text; `path` is already checked (keys and array indexes only). */
  jsonField(column: string, path: string): string;
  /** A LIKE pattern (like-pattern.ts) match, case-insensitive unless `cased`; `pattern` is a placeholder. */
  likeMatch(expr: string, pattern: string, cased: boolean): string;
  /** A regular expression (RE2 syntax, inline flags) search; `pattern` is a placeholder. */
  regexMatch(expr: string, pattern: string): string;
  /** `expr` BETWEEN two bounds, as IPv4 (bounds are numbers) or IPv6 (bounds are decimal text) addresses. */
  ipInRange(expr: string, version: 4 | 6, first: string, last: string): string;
}
