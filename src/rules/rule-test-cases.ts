import { z } from 'zod';
import { PremortemError } from '../core/errors.js';
import { activityKey, EVENT_TABLES, type EventTable } from '../core/event-model.js';
import { parseDuration } from '../core/time.js';
import { zodError } from './metadata.js';
import { errorAt, readYamlDocuments, type YamlDocument } from './yaml-source.js';

/** A value in a test row. */
export type CellValue = string | number | boolean | null;
/** A partial canonical row: column name -> value; missing columns are null. */
export type TestRow = Record<string, CellValue>;

/** One case of a rule's tests: canonical rows to load, and what detection must raise from them. */
export interface RuleTestCase {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  /** Rules under test, by name or id; empty means the alerting rules of the sibling rule file. */
  readonly rules: readonly string[];
  readonly expect: {
    readonly alerts: number;
    readonly entities: Partial<Record<'users' | 'service_principals' | 'ips' | 'apps', readonly string[]>>;
    readonly summary: readonly string[];
  };
  readonly rows: Readonly<Record<EventTable, readonly TestRow[]>>;
  /** The tenant's accepted (verified) domains, stored as a configuration snapshot's `domains` for the case. */
  readonly domains: readonly string[];
}

const CELL = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ROW = z.record(z.string(), CELL);
/** `repeat` rows from a template, `every` apart from `start`; `vary` fills "{i}" (1-based) or cycles a list. */
const GENERATOR = z.strictObject({
  repeat: z.number().int().positive().max(100_000),
  start: z.string().optional(),
  every: z.string().optional(),
  template: ROW.default({}),
  vary: z.record(z.string(), z.union([z.string(), z.array(CELL).min(1)])).default({}),
});
const ENTRY = z.union([GENERATOR, ROW]);
const NAMES = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const FILE = z.strictObject({
  rule: NAMES.optional(),
  rules: NAMES.optional(),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        rule: NAMES.optional(),
        expect: z.strictObject({
          alerts: z.number().int().min(0),
          entities: z
            .strictObject({
              users: z.array(z.string()).optional(),
              service_principals: z.array(z.string()).optional(),
              ips: z.array(z.string()).optional(),
              apps: z.array(z.string()).optional(),
            })
            .default({}),
          summary: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
        }),
        signins: z.array(ENTRY).default([]),
        audits: z.array(ENTRY).default([]),
        activities: z.array(ENTRY).default([]),
        graph_activity: z.array(ENTRY).default([]),
        domains: z.array(z.string().min(1)).default([]),
        azure_activity: z.array(ENTRY).default([]),
      }),
    )
    .min(1),
});

function expand(
  d: YamlDocument,
  table: EventTable,
  entry: z.infer<typeof ENTRY>,
  path: (string | number)[],
): TestRow[] {
  if (!('repeat' in entry) || typeof entry.repeat !== 'number') return [entry as TestRow];
  const g = entry as z.infer<typeof GENERATOR>;
  const time = EVENT_TABLES[table].timeColumn;
  const step = g.every === undefined ? 0 : parseDuration(g.every);
  if (step === undefined) throw errorAt('rule-invalid', d, [...path, 'every'], `every: "${g.every}" is not a duration`);
  const start = g.start === undefined ? undefined : Date.parse(g.start);
  if (start !== undefined && Number.isNaN(start))
    throw errorAt('rule-invalid', d, [...path, 'start'], `start: "${g.start}" is not a time`);
  return Array.from({ length: g.repeat }, (_, k) => {
    const row: TestRow = { ...g.template };
    for (const [col, v] of Object.entries(g.vary)) {
      row[col] = Array.isArray(v) ? (v[k % v.length] ?? null) : v.replaceAll('{i}', String(k + 1));
    }
    if (start !== undefined) row[time] = new Date(start + k * step).toISOString();
    return row;
  });
}

function checkColumns(d: YamlDocument, table: EventTable, rows: TestRow[], path: (string | number)[]): void {
  const known = new Set(EVENT_TABLES[table].columns.map((c) => c.name));
  for (const row of rows) {
    const bad = Object.keys(row).find((k) => !known.has(k));
    if (bad !== undefined) {
      throw errorAt('rule-invalid', d, path, `${table} has no column "${bad}" (see src/core/event-model.ts)`, {
        field: bad,
      });
    }
  }
}

/** Reads a `<rule>.tests.yml` file into cases, generators expanded and columns checked against the event model. */
export function parseRuleTests(text: string, file: string): { cases: RuleTestCase[]; errors: PremortemError[] } {
  const { documents, errors } = readYamlDocuments(file, text);
  const cases: RuleTestCase[] = [];
  for (const d of documents) {
    try {
      const parsed = FILE.safeParse(d.doc.toJS());
      if (!parsed.success) throw zodError(d, parsed.error, []);
      const fileRules = [...(parsed.data.rule ?? []), ...(parsed.data.rules ?? [])];
      parsed.data.cases.forEach((c, ci) => {
        const rows: Record<EventTable, TestRow[]> = {
          signins: [],
          audits: [],
          activities: [],
          graph_activity: [],
          risk_events: [],
          provisioning: [],
          network_access: [],
          azure_activity: [],
          ms_alerts: [],
          ms_alert_evidence: [],
        };
        for (const table of ['signins', 'audits', 'activities', 'graph_activity', 'azure_activity'] as const) {
          c[table].forEach((entry, ei) => {
            const path = ['cases', ci, table, ei];
            const expanded = expand(d, table, entry, path);
            checkColumns(d, table, expanded, path);
            rows[table].push(...expanded);
          });
        }
        for (const row of rows.audits) {
          // The normalizer derives activity_key from activity; test rows may leave it out.
          if (typeof row.activity === 'string' && row.activity_key === undefined)
            row.activity_key = activityKey(row.activity);
        }
        const line = errorAt('rule-invalid', d, ['cases', ci], '').source.line ?? 1;
        cases.push({
          file,
          line,
          name: c.name,
          rules: c.rule ?? fileRules,
          expect: { alerts: c.expect.alerts, entities: c.expect.entities, summary: c.expect.summary },
          rows,
          domains: c.domains,
        });
      });
    } catch (err) {
      if (err instanceof PremortemError) errors.push(err);
      else throw err;
    }
  }
  return { cases, errors };
}
