import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PremortemError } from '../core/errors.js';
import { parseYamlValue } from '../core/yaml-file.js';
import { describeColumn } from './derived-columns.js';
import { RULE_TABLE_NAMES, type RuleTable } from './rule-tables.js';

/**
 * How values are compared after mapping. `activity-key`: normalised like activity_key (lower case, dashes unified,
 * trailing period dropped). `json-text`: the column holds JSON text (an array or object), so a value is found
 * inside it as a JSON string, written plainly or escaped once more (modifiedProperties hold JSON inside strings).
 */
export type ValueMode = 'activity-key' | 'json-text';

/** How one rule field reaches the store: one column (or several, OR-ed), and an optional value normalisation. */
export interface FieldMapping {
  /** Canonical columns, derived values (`@name`) or JSON fields (`column#Path`): see derived-columns.ts. */
  readonly columns: readonly string[];
  readonly value: ValueMode | undefined;
}

/** A logsource whose log premortem does not ingest: rules on it are reported as such, never guessed. */
export interface NotIngested {
  readonly product: string | undefined;
  readonly service: string | undefined;
  readonly category: string | undefined;
  readonly reason: string;
}

/** A logsource pattern (absent keys match anything) and the table it maps to. */
export interface LogsourceMatch {
  readonly product: string | undefined;
  readonly service: string | undefined;
  readonly category: string | undefined;
  readonly table: RuleTable;
}

/** A named field-mapping pipeline (content/pipelines/*.yaml), validated against the canonical event model. */
export interface Pipeline {
  readonly name: string;
  readonly file: string;
  readonly priority: number;
  /** Canonical column names map to themselves. */
  readonly canonical: boolean;
  readonly logsources: readonly LogsourceMatch[];
  readonly notIngested: readonly NotIngested[];
  /** table -> lower-cased field name -> mapping. */
  readonly fields: ReadonlyMap<RuleTable, ReadonlyMap<string, FieldMapping>>;
  /** The text columns a keyword search looks in, per table. */
  readonly keywords: ReadonlyMap<RuleTable, readonly string[]>;
  /** Placeholder values (`%name%` in `|expand` values) beside the built-in ones (placeholders.ts). */
  readonly vars: ReadonlyMap<string, readonly string[]>;
}

const TABLE = z.enum(RULE_TABLE_NAMES as [RuleTable, ...RuleTable[]]);
const VALUE = z.enum(['activity-key', 'json-text']);
const MAPPING = z.union([
  z.string(),
  z.strictObject({ column: z.string(), value: VALUE.optional() }),
  z.strictObject({ columns: z.array(z.string()).min(1), value: VALUE.optional() }),
]);
const PIPELINE = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  priority: z.number().int().default(50),
  canonical: z.boolean().default(true),
  logsources: z.array(
    z.strictObject({
      product: z.string().optional(),
      service: z.string().optional(),
      category: z.string().optional(),
      table: TABLE,
    }),
  ),
  'not-ingested': z
    .array(
      z.strictObject({
        product: z.string().optional(),
        service: z.string().optional(),
        category: z.string().optional(),
        reason: z.string().min(1),
      }),
    )
    .default([]),
  fields: z.partialRecord(TABLE, z.record(z.string(), MAPPING)).default({}),
  keywords: z.partialRecord(TABLE, z.array(z.string())).default({}),
  vars: z.record(z.string(), z.array(z.string()).min(1)).default({}),
});

function invalid(file: string, message: string, field?: string): PremortemError {
  return new PremortemError('rule-invalid', `pipeline: ${message}`, { source: field ? { file, field } : { file } });
}

function checkColumn(file: string, table: RuleTable, column: string, field: string): void {
  if (!describeColumn(table, column)) {
    throw invalid(file, `${field} maps to ${table}.${column}, which is not a canonical, derived or JSON column`, field);
  }
}

/** Parses and checks one pipeline file: every target column must exist in the event model. */
export function parsePipeline(text: string, file: string): Pipeline {
  const parsed = PIPELINE.safeParse(parseYamlValue(file, text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.'));
  }
  const p = parsed.data;
  const fields = new Map<RuleTable, Map<string, FieldMapping>>();
  for (const table of TABLE.options) {
    const map = new Map<string, FieldMapping>();
    for (const [field, m] of Object.entries(p.fields[table] ?? {})) {
      const mapping: FieldMapping =
        typeof m === 'string'
          ? { columns: [m], value: undefined }
          : { columns: 'columns' in m ? m.columns : [m.column], value: m.value };
      for (const c of mapping.columns) checkColumn(file, table, c, field);
      const key = field.toLowerCase();
      if (map.has(key))
        throw invalid(file, `${field} is listed twice for ${table} (names match case-insensitively)`, field);
      map.set(key, Object.freeze(mapping));
    }
    fields.set(table, map);
  }
  const keywords = new Map<RuleTable, string[]>();
  for (const table of TABLE.options) {
    const cols = p.keywords[table] ?? [];
    for (const c of cols) checkColumn(file, table, c, `keywords.${table}`);
    keywords.set(table, cols);
  }
  return Object.freeze({
    name: p.name,
    file,
    priority: p.priority,
    canonical: p.canonical,
    logsources: Object.freeze(
      p.logsources.map((l) => Object.freeze({ ...l, product: l.product, service: l.service, category: l.category })),
    ),
    notIngested: Object.freeze(
      p['not-ingested'].map((l) =>
        Object.freeze({ product: l.product, service: l.service, category: l.category, reason: l.reason }),
      ),
    ),
    fields,
    keywords,
    vars: new Map(Object.entries(p.vars)),
  });
}

/** Loads every *.yaml / *.yml pipeline of a folder, highest priority (lowest number) first. */
export function loadPipelines(dir: string): Pipeline[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  return files
    .map((f) => parsePipeline(readFileSync(join(dir, f), 'utf8'), join(dir, f)))
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}
