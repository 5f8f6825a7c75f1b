import { PremortemError } from '../core/errors.js';
import { type PredicateNode, visitPredicate } from '../rules/ast/predicate-node.js';
import type { RegexFlags } from '../rules/ast/regex-node.js';
import { plainText, type SigmaString } from '../rules/ast/sigma-string.js';
import type { RuleTable } from '../rules/rule-tables.js';
import { DUCKDB } from './duckdb-dialect.js';
import { likePattern } from './like-pattern.js';
import { type ColumnRef, columnRef, isNumericType, type Parameters } from './query.js';
import type { SqlDialect } from './sql-dialect.js';

/** What predicate compilation needs: the table the columns belong to, the parameter list, who to blame. */
export interface PredicateContext {
  readonly table: RuleTable;
  readonly params: Parameters;
  readonly rule: string;
  /** The SQL engine written for (default DuckDB). */
  readonly dialect?: SqlDialect;
}

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function unsupported(ctx: PredicateContext, column: string, message: string): PremortemError {
  return new PremortemError('rule-unsupported', message, { source: { rule: ctx.rule, field: column } });
}

/** The column as text: non-text columns are cast so that string patterns can apply to them. */
function asText(c: ColumnRef): string {
  return c.type === 'VARCHAR' ? c.name : `CAST(${c.name} AS VARCHAR)`;
}

/** Sigma strings are case-insensitive unless `|cased`: lower() on both sides, ILIKE for patterns. */
function textMatch(expr: string, pattern: SigmaString, cased: boolean, ctx: PredicateContext): string {
  const text = plainText(pattern);
  if (text !== undefined) {
    return cased ? `${expr} = ${ctx.params.add(text)}` : `lower(${expr}) = lower(${ctx.params.add(text)})`;
  }
  return (ctx.dialect ?? DUCKDB).likeMatch(expr, ctx.params.add(likePattern(pattern)), cased);
}

function stringMatch(c: ColumnRef, pattern: SigmaString, cased: boolean, ctx: PredicateContext): string {
  const text = plainText(pattern)?.trim();
  // A Sigma value "50126" against an INTEGER column compares as a number (Log Analytics' ResultType is a
  // string, the store's error_code an integer).
  if (isNumericType(c.type) && Number.isSafeInteger(integerText(text))) {
    return `${c.name} = ${ctx.params.add(integerText(text))}`;
  }
  if (c.type === 'BOOLEAN' && text !== undefined && /^(true|false)$/i.test(text)) {
    return `${c.name} = ${ctx.params.add(text.toLowerCase() === 'true')}`;
  }
  if (c.type === 'VARCHAR[]') throw unsupported(ctx, c.name, `string matching on the list column ${c.name}`);
  return textMatch(asText(c), pattern, cased || isNumericType(c.type), ctx);
}

/** A Sigma regex with its flags inline (RE2 `(?ims)`), so the whole expression is one value (DuckDB and KQL). */
export function regexSource(pattern: string, flags: RegexFlags): string {
  const f = `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  return f ? `(?${f})${pattern}` : pattern;
}

/** A Sigma value that stringMatch compares as a number against a numeric column, or NaN. */
function integerText(text: string | undefined): number {
  const t = text?.trim();
  return t !== undefined && /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The integers an OR of equalities on one numeric column compares it with, or undefined for any other OR. */
function numericAlternatives(operands: readonly PredicateNode[], ctx: PredicateContext): number[] | undefined {
  const first = operands[0];
  if (operands.length < 2 || (first?.kind !== 'string-match' && first?.kind !== 'number-match')) return undefined;
  const field = first.field;
  if (!isNumericType(columnRef(ctx.table, field, ctx.dialect ?? DUCKDB).type)) return undefined;
  const values: number[] = [];
  for (const o of operands) {
    const value =
      o.kind === 'number-match' && o.field === field
        ? o.value
        : o.kind === 'string-match' && o.field === field
          ? integerText(plainText(o.pattern))
          : Number.NaN;
    if (!Number.isSafeInteger(value)) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * An OR of plain-text equalities on one text column, all case-insensitive or all `|cased`: the column and the texts,
 * or undefined for any other OR.
 */
function textAlternatives(
  operands: readonly PredicateNode[],
  ctx: PredicateContext,
): { column: string; texts: string[]; cased: boolean } | undefined {
  const first = operands[0];
  if (operands.length < 2 || first?.kind !== 'string-match') return undefined;
  const c = columnRef(ctx.table, first.field, ctx.dialect ?? DUCKDB);
  if (c.type !== 'VARCHAR') return undefined;
  const texts: string[] = [];
  for (const o of operands) {
    if (o.kind !== 'string-match' || o.field !== first.field || o.cased !== first.cased) return undefined;
    const text = plainText(o.pattern);
    if (text === undefined) return undefined;
    texts.push(text);
  }
  return { column: c.name, texts, cased: first.cased };
}

/**
 * Compiles a predicate over canonical columns into a SQL boolean expression. `not` wraps its operand in
 * coalesce(…, false): in SQL a comparison with NULL is unknown and NOT unknown is unknown, whereas in Sigma a
 * record without the field simply does not match the inner condition, so the negation holds.
 */
export function predicateSql(node: PredicateNode, ctx: PredicateContext): string {
  const dialect = ctx.dialect ?? DUCKDB;
  const col = (name: string): ColumnRef => columnRef(ctx.table, name, dialect);
  return visitPredicate<string>(node, {
    and: (n) => `(${n.operands.map((o) => predicateSql(o, ctx)).join(' AND ')})`,
    or: (n) => {
      const texts = dialect === DUCKDB ? textAlternatives(n.operands, ctx) : undefined;
      if (texts) {
        // One lower() of the column per row, where the OR of equalities lowers it once per value it is compared
        // with (nine client apps: nine lower() of every row that matches none). NULL stays unknown, as each
        // equality would be; `not` turns unknown into a match.
        const fold = (e: string) => (texts.cased ? e : `lower(${e})`);
        const list = texts.texts.map((t) => fold(ctx.params.add(t))).join(', ');
        return `list_contains(list_value(${list}), ${fold(texts.column)})`;
      }
      const any = `(${n.operands.map((o) => predicateSql(o, ctx)).join(' OR ')})`;
      const values = dialect === DUCKDB ? numericAlternatives(n.operands, ctx) : undefined;
      if (!values) return any;
      // DuckDB pushes a range into the Parquet scan (row groups skipped by their min/max, rows filtered before the
      // other columns are decoded) but not an OR of equalities; the bounds hold whenever one equality does.
      const c = col((n.operands[0] as { field: string }).field).name;
      const lo = ctx.params.add(Math.min(...values));
      return `(${c} BETWEEN ${lo} AND ${ctx.params.add(Math.max(...values))} AND ${any})`;
    },
    not: (n) => `NOT coalesce(${predicateSql(n.operand, ctx)}, false)`,
    'string-match': (n) => stringMatch(col(n.field), n.pattern, n.cased, ctx),
    'number-match': (n) => {
      const c = col(n.field);
      if (isNumericType(c.type)) return `${c.name} = ${ctx.params.add(n.value)}`;
      return `${asText(c)} = ${ctx.params.add(String(n.value))}`;
    },
    'boolean-match': (n) => {
      const c = col(n.field);
      if (c.type === 'BOOLEAN') return `${c.name} = ${ctx.params.add(n.value)}`;
      return `lower(${asText(c)}) = ${ctx.params.add(String(n.value))}`;
    },
    compare: (n) => {
      const c = col(n.field);
      const op = OPERATORS[n.operator];
      if (isNumericType(c.type)) return `${c.name} ${op} ${ctx.params.add(n.value)}`;
      if (c.type === 'VARCHAR') return `TRY_CAST(${c.name} AS DOUBLE) ${op} ${ctx.params.add(n.value)}`;
      throw unsupported(ctx, c.name, `|${n.operator} compares numbers; ${c.name} is ${c.type}`);
    },
    // Sigma's null is "the field is empty"; Microsoft exports write an absent value as NULL or as "".
    null: (n) => {
      const c = col(n.field);
      return c.type === 'VARCHAR' ? `(${c.name} IS NULL OR ${c.name} = '')` : `${c.name} IS NULL`;
    },
    exists: (n) => `${col(n.field).name} ${n.exists ? 'IS NOT NULL' : 'IS NULL'}`,
    regex: (n) => dialect.regexMatch(asText(col(n.field)), ctx.params.add(regexSource(n.pattern, n.flags))),
    cidr: (n) => {
      const c = col(n.field);
      if (c.type !== 'VARCHAR') throw unsupported(ctx, c.name, `|cidr needs a text column; ${c.name} is ${c.type}`);
      // 128-bit bounds travel as decimal text: JavaScript numbers cannot hold them.
      const bound = (b: bigint): string => ctx.params.add(n.version === 4 ? Number(b) : b.toString());
      const first = bound(n.first);
      return dialect.ipInRange(c.name, n.version, first, bound(n.last));
    },
    'field-ref': (n) => {
      const a = col(n.field);
      const b = col(n.other);
      if (a.type === b.type && a.type !== 'VARCHAR') return `${a.name} = ${b.name}`;
      return `lower(${asText(a)}) = lower(${asText(b)})`;
    },
    keyword: () => {
      throw new PremortemError('internal', 'a keyword search reached the compiler: pipelines expand keywords', {
        source: { rule: ctx.rule },
      });
    },
  });
}
