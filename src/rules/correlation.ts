import { z } from 'zod';
import { parseDuration } from '../core/time.js';
import { zodError } from './metadata.js';
import type { Correlation, CountCondition, CountOperator } from './model.js';
import { errorAt, type YamlDocument } from './yaml-source.js';

const names = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** A correlation section. Strict: a misspelt key (`groupby`) is an error, not a silently ignored line. */
const CORRELATION = z.strictObject({
  type: z.enum(['event_count', 'value_count', 'temporal', 'temporal_ordered', 'new_value']),
  rules: names,
  'group-by': names.optional(),
  timespan: z.string().optional(),
  // pySigma also reads `timeframe`, the name the rule specification uses elsewhere.
  timeframe: z.string().optional(),
  condition: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  aliases: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  generate: z.boolean().optional(),
});

const OPERATORS: readonly CountOperator[] = ['gt', 'gte', 'lt', 'lte', 'eq'];

/** Parses and checks `correlation:`; `generate` may sit inside it or at the top level. */
export function parseCorrelation(
  d: YamlDocument,
  raw: unknown,
  rule: string,
): { correlation: Correlation; generate: boolean | undefined } {
  const parsed = CORRELATION.safeParse(raw);
  if (!parsed.success) throw zodError(d, parsed.error, ['correlation'], rule);
  const c = parsed.data;
  const at = (key: string, message: string) =>
    errorAt('rule-invalid', d, ['correlation', key], message, { rule, field: `correlation.${key}` });

  const timespanKey = c.timespan !== undefined ? 'timespan' : 'timeframe';
  const timespan = c.timespan ?? c.timeframe;
  if (timespan === undefined) throw at('timespan', 'correlation.timespan is required (e.g. 1h, 30m, 7d)');
  const timespanMs = parseDuration(timespan);
  if (timespanMs === undefined || timespanMs <= 0) {
    throw at(timespanKey, `correlation.${timespanKey} "${timespan}" is not a duration like 90s, 30m, 1h or 7d`);
  }

  const condition: CountCondition[] = [];
  let field: string | undefined;
  for (const [key, value] of Object.entries(c.condition ?? {})) {
    if (key === 'field') {
      if (typeof value !== 'string') throw at('condition', 'correlation.condition.field must be a field name');
      field = value;
      continue;
    }
    if (!(OPERATORS as readonly string[]).includes(key)) {
      throw at('condition', `correlation.condition: unknown criterion "${key}" (gt, gte, lt, lte, eq, field)`);
    }
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw at('condition', `correlation.condition.${key} must be a number`);
    condition.push({ operator: key as CountOperator, value: n });
  }
  const counting = c.type === 'event_count' || c.type === 'value_count';
  if (counting && condition.length === 0)
    throw at('condition', `a ${c.type} correlation needs a condition such as gte: 10`);
  if (c.type === 'value_count' && field === undefined) {
    throw at(
      'condition',
      'a value_count correlation needs condition.field: the field whose distinct values are counted',
    );
  }
  if (c.type === 'new_value' && (field === undefined || condition.length > 0)) {
    throw at('condition', 'a new_value correlation needs condition.field (the value that must be new) and no count');
  }
  if (c.type !== 'value_count' && c.type !== 'new_value' && field !== undefined)
    throw at('condition', `condition.field only applies to value_count and new_value`);

  const aliases = new Map<string, ReadonlyMap<string, string>>();
  for (const [alias, perRule] of Object.entries(c.aliases ?? {})) {
    aliases.set(alias, new Map(Object.entries(perRule)));
  }
  const correlation: Correlation = Object.freeze({
    type: c.type,
    rules: Object.freeze(c.rules),
    // new_value is compiled as a group per (group-by..., field): a value is new for its group when that group-and-
    // value pair has no event in the preceding timespan, so the field is the last group column.
    groupBy: Object.freeze(
      c.type === 'new_value' && field !== undefined ? [...(c['group-by'] ?? []), field] : (c['group-by'] ?? []),
    ),
    timespan,
    timespanMs,
    condition: Object.freeze(condition),
    field,
    aliases,
  });
  return { correlation, generate: c.generate };
}
