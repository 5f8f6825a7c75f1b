import { PremortemError } from '../../core/errors.js';
import type { ColumnType } from '../../core/event-model.js';
import { type PredicateNode, visitPredicate } from '../../rules/ast/predicate-node.js';
import { plainText, type SigmaString } from '../../rules/ast/sigma-string.js';
import { regexSource } from '../predicate-sql.js';
import { kqlNumber, kqlString, regexLiteral } from './kql-text.js';

/** A projected column the predicate reads: its name in the projection and its canonical type. */
export interface KqlColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** What predicate compilation needs: the columns (registered as they are asked for) and who to blame. */
export interface KqlPredicateContext {
  column(field: string): KqlColumn;
  readonly rule: string;
}

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const numeric = (t: ColumnType): boolean => t === 'INTEGER' || t === 'BIGINT';

function unsupported(ctx: KqlPredicateContext, field: string, message: string): PremortemError {
  return new PremortemError('rule-unsupported', message, { source: { rule: ctx.rule, field } });
}

function asText(c: KqlColumn): string {
  return c.type === 'VARCHAR' ? c.name : `tostring(${c.name})`;
}

/**
 * A Sigma pattern in KQL: equality without wildcards, startswith / endswith / contains for one leading or trailing
 * `*` (the operators Sentinel indexes), else an anchored RE2 expression. Case-insensitive unless `|cased`.
 */
function textMatch(expr: string, pattern: SigmaString, cased: boolean, rule: string): string {
  const lit = (t: string): string => kqlString(t, rule);
  const text = plainText(pattern);
  if (text !== undefined) return `${expr} ${cased ? '==' : '=~'} ${lit(text)}`;
  const parts = pattern.parts;
  const only = parts.filter((p) => p.kind === 'text');
  const sole = only.length === 1 ? (only[0] as { text: string }).text : undefined;
  const cs = cased ? '_cs' : '';
  const [first, last] = [parts[0], parts[parts.length - 1]];
  if (sole !== undefined && parts.length === 2 && first?.kind === 'text' && last?.kind === 'any') {
    return `${expr} startswith${cs} ${lit(sole)}`;
  }
  if (sole !== undefined && parts.length === 2 && first?.kind === 'any' && last?.kind === 'text') {
    return `${expr} endswith${cs} ${lit(sole)}`;
  }
  if (sole !== undefined && parts.length === 3 && first?.kind === 'any' && last?.kind === 'any') {
    return `${expr} contains${cs} ${lit(sole)}`;
  }
  const body = parts.map((p) => (p.kind === 'any' ? '.*' : p.kind === 'one' ? '.' : regexLiteral(p.text))).join('');
  // (?s): Sigma's wildcards, like SQL's LIKE, match line breaks too.
  return `${expr} matches regex ${lit(`(?s${cased ? '' : 'i'})^${body}$`)}`;
}

function stringMatch(c: KqlColumn, pattern: SigmaString, cased: boolean, ctx: KqlPredicateContext): string {
  const text = plainText(pattern)?.trim();
  if (numeric(c.type) && text !== undefined && /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) {
    return `${c.name} == ${Number(text)}`;
  }
  if (c.type === 'BOOLEAN' && text !== undefined && /^(true|false)$/i.test(text)) {
    return `${c.name} == ${text.toLowerCase()}`;
  }
  if (c.type === 'VARCHAR[]') throw unsupported(ctx, c.name, `string matching on the list column ${c.name}`);
  return textMatch(asText(c), pattern, cased || numeric(c.type), ctx.rule);
}

/**
 * Compiles a predicate over projected canonical columns into a KQL boolean expression, with the meaning the SQL
 * compiler gives it (predicate-sql.ts): `not` holds for a record without the field (KQL's not() of a null
 * comparison is null, so the operand is coalesced to false), and Sigma's null is "empty" (KQL strings are never
 * null, only empty).
 */
export function predicateKql(node: PredicateNode, ctx: KqlPredicateContext): string {
  const col = (field: string): KqlColumn => ctx.column(field);
  const lit = (t: string): string => kqlString(t, ctx.rule);
  return visitPredicate<string>(node, {
    and: (n) => `(${n.operands.map((o) => predicateKql(o, ctx)).join(' and ')})`,
    or: (n) => `(${n.operands.map((o) => predicateKql(o, ctx)).join(' or ')})`,
    not: (n) => `not(coalesce(${predicateKql(n.operand, ctx)}, false))`,
    'string-match': (n) => stringMatch(col(n.field), n.pattern, n.cased, ctx),
    'number-match': (n) => {
      const c = col(n.field);
      if (numeric(c.type)) return `${c.name} == ${kqlNumber(n.value)}`;
      return `${asText(c)} == ${lit(String(n.value))}`;
    },
    'boolean-match': (n) => {
      const c = col(n.field);
      if (c.type === 'BOOLEAN') return `${c.name} == ${n.value}`;
      return `tolower(${asText(c)}) == ${lit(String(n.value))}`;
    },
    compare: (n) => {
      const c = col(n.field);
      const op = OPERATORS[n.operator];
      if (numeric(c.type)) return `${c.name} ${op} ${kqlNumber(n.value)}`;
      if (c.type === 'VARCHAR') return `todouble(${c.name}) ${op} ${kqlNumber(n.value)}`;
      throw unsupported(ctx, c.name, `|${n.operator} compares numbers; ${c.name} is ${c.type}`);
    },
    null: (n) => {
      const c = col(n.field);
      return c.type === 'VARCHAR' ? `isempty(${c.name})` : `isnull(${c.name})`;
    },
    exists: (n) => {
      const c = col(n.field);
      const test = c.type === 'VARCHAR' ? 'isnotempty' : 'isnotnull';
      return n.exists ? `${test}(${c.name})` : `not(${test}(${c.name}))`;
    },
    regex: (n) => `${asText(col(n.field))} matches regex ${lit(regexSource(n.pattern, n.flags))}`,
    cidr: (n) => {
      const c = col(n.field);
      if (c.type !== 'VARCHAR') throw unsupported(ctx, c.name, `|cidr needs a text column; ${c.name} is ${c.type}`);
      return `ipv${n.version}_is_in_range(${c.name}, ${lit(n.network)})`;
    },
    'field-ref': (n) => {
      const a = col(n.field);
      const b = col(n.other);
      if (a.type === b.type && a.type !== 'VARCHAR') return `${a.name} == ${b.name}`;
      return `${asText(a)} =~ ${asText(b)}`;
    },
    keyword: () => {
      throw new PremortemError('internal', 'a keyword search reached the compiler: pipelines expand keywords', {
        source: { rule: ctx.rule },
      });
    },
  });
}
