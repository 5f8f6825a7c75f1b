import { PremortemError } from '../core/errors.js';
import type { ColumnType } from '../core/event-model.js';
import { describeColumn } from '../rules/derived-columns.js';
import { RULE_TABLES, type RuleTable } from '../rules/rule-tables.js';
import { DUCKDB } from './duckdb-dialect.js';
import type { SqlDialect } from './sql-dialect.js';

/** A value bound to a `$n` placeholder. Rule values only ever travel this way, never inside the SQL text. */
export type SqlValue = string | number | boolean | null;

/** What every compiler produces: SQL text with `$1, $2…` placeholders and the values to bind, in order. */
export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

/** Collects bound values and hands out their placeholders. */
export class Parameters {
  private readonly values: SqlValue[] = [];

  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  list(): readonly SqlValue[] {
    return Object.freeze([...this.values]);
  }
}

/** A checked canonical column and its type (the type decides how values compare). */
export interface ColumnRef {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * A column of a rule table as SQL of the dialect: canonical, derived (`@name`) or a JSON field (`column#Path`).
 * Column names come from the event model and the pipelines (never from rule text: pipelines map rule fields onto
 * these names), and are checked again here before they are written into SQL.
 */
export function columnRef(table: RuleTable, name: string, dialect: SqlDialect = DUCKDB): ColumnRef {
  const spec = describeColumn(table, name);
  const sql =
    spec?.kind === 'column'
      ? spec.name
      : spec?.kind === 'json'
        ? dialect.jsonField(spec.column, spec.path)
        : spec?.kind === 'derived'
          ? dialect.derived(table, spec.name)
          : undefined;
  if (!spec || sql === undefined) {
    throw new PremortemError('internal', `${table}.${name} is not a canonical column`, { source: { field: name } });
  }
  return { name: sql, type: spec.type };
}

/** INTEGER and BIGINT columns: values compare as numbers there. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'INTEGER' || type === 'BIGINT';
}

/** The table's time column, the one correlations order and window on. */
export function timeColumn(table: RuleTable): string {
  return RULE_TABLES[table].timeColumn;
}
