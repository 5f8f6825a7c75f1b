import { DUCKDB_DERIVED } from './duckdb-derived.js';
import { ipv4Number, ipv6Number } from './duckdb-ip.js';
import { LIKE_ESCAPE } from './like-pattern.js';
import type { SqlDialect } from './sql-dialect.js';

/** DuckDB, the store's engine: ILIKE, RE2 regexp_matches, json_extract_string, IP math in core functions. */
export const DUCKDB: SqlDialect = Object.freeze({
  name: 'duckdb',
  derived: (table, name) => DUCKDB_DERIVED[table]?.[name],
  jsonField: (column, path) => `json_extract_string(${column}, '$${path.startsWith('[') ? '' : '.'}${path}')`,
  likeMatch: (expr, pattern, cased) => `${expr} ${cased ? 'LIKE' : 'ILIKE'} ${pattern} ${LIKE_ESCAPE}`,
  regexMatch: (expr, pattern) => `regexp_matches(${expr}, ${pattern})`,
  ipInRange: (expr, version, first, last) =>
    version === 4
      ? `${ipv4Number(expr)} BETWEEN ${first} AND ${last}`
      : `${ipv6Number(expr)} BETWEEN CAST(${first} AS UHUGEINT) AND CAST(${last} AS UHUGEINT)`,
} satisfies SqlDialect);
