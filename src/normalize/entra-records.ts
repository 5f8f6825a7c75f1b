import { categorySqlList } from '../core/entra-categories.js';
import { EVENT_TABLES, type EventTable } from '../core/event-model.js';
import type { RecordMapper } from '../core/mapper.js';
import { GRAPH_AUDIT_SHAPE, GRAPH_SIGNIN_SHAPE } from './graph.js';
import { timedRecordRejectReason } from './reject-reason.js';
import { str, ts } from './sql.js';

/**
 * Entra log categories whose records are Graph objects with no other shape to share (Identity Protection, provisioning,
 * Global Secure Access traffic), in the two shapes they leave Azure Monitor: diagnostic records (the Graph object,
 * camelCase, under `properties`) and Log Analytics rows (the same fields in PascalCase, nested objects as JSON
 * text). One description per table serves both: each field is named once by its Graph path (`location.countryOrRegion`)
 * and read through a `Field` that knows where the shape keeps it.
 *
 * No derived parse (it would take every diagnostic file off the NDJSON fast path): the fields join the dialect's
 * one parsed structure. A diagnostic path whose top object the sign-in or audit mappers already type keeps their
 * type (`location` is a struct, `initiatedBy` JSON), so the shared structure never holds two types for one field.
 */
export type Field = (graphPath: string) => string;

export interface EntraRecordTable {
  readonly name: string;
  readonly table: EventTable;
  /** The Graph paths read (dotted for nested objects). */
  readonly fields: readonly string[];
  /** The record's own id, and the uid where one id has versions over time (risky users change state). */
  readonly id: (f: Field) => string;
  readonly uid?: (f: Field) => string;
  /** The event time as text, and the field it is named by in reject reasons. */
  readonly time: (f: Field) => string;
  readonly timeName: string;
  /** Canonical columns (time and time_source are added), given the record's lower-cased category or LA table. */
  readonly columns: (f: Field, category: string) => Record<string, string>;
  /** SQL over the Log Analytics row `j` (PascalCase columns) that tells these rows apart from every other table's. */
  readonly laRoute: string;
  /** The PascalCase columns laRoute reads. */
  readonly laRouteColumns: readonly string[];
}

const V = 'VARCHAR';
const J = 'JSON';
/**
 * Log Analytics columns are the PascalCase of the Graph name (`ipAddress` → `IpAddress`). UNVERIFIED: whether
 * AADUserRiskEvents and the other risk tables write IpAddress or the sign-in tables' IPAddress; the union structure
 * folds the two spellings (store/load.ts) and these mappers read IpAddress first, then IPAddress.
 */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** What the other diagnostic mappers declare under `properties`. */
const DIAG_TYPED: Readonly<Record<string, unknown>> = { ...GRAPH_SIGNIN_SHAPE, ...GRAPH_AUDIT_SHAPE };

/** Where each path sits in a diagnostic record, and the structure that reads it. */
function diagFields(paths: readonly string[]): { read: Field; structure: Record<string, unknown> } {
  const structure: Record<string, unknown> = {};
  const read = new Map<string, string>();
  for (const path of paths) {
    const [top = '', ...rest] = path.split('.');
    const typed = DIAG_TYPED[top];
    if (rest.length === 0) {
      // A field typed JSON elsewhere (an array, an object) reads as its JSON text.
      if (typed === J) read.set(path, `CAST(j.properties.${top} AS VARCHAR)`);
      else {
        structure[top] ??= typed ?? V;
        read.set(path, `j.properties.${top}`);
      }
    } else if (typeof typed === 'object' && typed !== null && rest.length === 1 && rest[0] && rest[0] in typed) {
      structure[top] = { ...(structure[top] as Record<string, unknown> | undefined), [rest[0]]: V };
      read.set(path, `j.properties.${path}`);
    } else {
      structure[top] = J;
      read.set(path, `json_extract_string(j.properties.${top}, '$.${rest.join('.')}')`);
    }
  }
  return { read: lookup(read), structure };
}

/** Log Analytics rows: PascalCase columns, nested objects as JSON text. */
function laFields(paths: readonly string[]): { read: Field; structure: Record<string, unknown> } {
  const structure: Record<string, unknown> = {};
  const read = new Map<string, string>();
  for (const path of paths) {
    const [top = '', ...rest] = path.split('.');
    structure[pascal(top)] = V;
    read.set(
      path,
      rest.length === 0 ? `j.${pascal(top)}` : `json_extract_string(j.${pascal(top)}, '$.${rest.join('.')}')`,
    );
  }
  return { read: lookup(read), structure };
}

function lookup(read: Map<string, string>): Field {
  return (path) => {
    const sql = read.get(path);
    if (sql === undefined) throw new Error(`${path} is not among the fields this mapper reads`);
    return sql;
  };
}

function mapper(
  t: EntraRecordTable,
  shape: 'diag' | 'la',
  route: string,
  fields: { read: Field; structure: Record<string, unknown> },
  structure: Record<string, unknown>,
  category: string,
): RecordMapper {
  const f = fields.read;
  const time = ts(t.time(f));
  const id = str(t.id(f));
  return {
    name: `${shape}-${t.name}`,
    table: t.table,
    structure,
    route,
    sourceId: id,
    ...(t.uid ? { uid: str(t.uid(f)) } : {}),
    columns: {
      ...t.columns(f, category),
      [EVENT_TABLES[t.table].timeColumn]: time,
      time_source: `CASE WHEN ${time} IS NOT NULL THEN 'event' END`,
    },
    rejectReason: timedRecordRejectReason({
      time: t.time(f),
      timeName: t.timeName,
      required: t.id(f),
      requiredName: 'id',
      record: `a ${t.name} record`,
    }),
  };
}

/** The diagnostic-record mapper of a table: routed by category, the Graph object under `properties`. */
export function diagMapper(t: EntraRecordTable): RecordMapper {
  const fields = diagFields(t.fields);
  return mapper(
    t,
    'diag',
    `lower(j.category) IN (${categorySqlList(t.table)})`,
    fields,
    { category: V, properties: fields.structure },
    'lower(j.category)',
  );
}

/** The Log Analytics mapper of a table: routed by its own columns (projected exports overwrite Type). */
export function laMapper(t: EntraRecordTable): RecordMapper {
  const fields = laFields([...t.fields, ...t.laRouteColumns.map((c) => c.charAt(0).toLowerCase() + c.slice(1))]);
  return mapper(t, 'la', t.laRoute, fields, { Type: V, ...fields.structure }, `lower(${str('j.Type')})`);
}
