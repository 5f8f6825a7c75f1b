import type { DuckDBAppender } from '@duckdb/node-api';
import { columnNames, EVENT_TABLES, type EventTable } from '../core/event-model.js';
import type { RecordMapper } from '../core/mapper.js';
import { insertTarget } from './lake.js';
import { rejectRows, rejectSelected } from './rejects.js';
import type { Workspace } from './workspace.js';

/** What one file's records became. read = loaded + duplicate + rejected, always. */
export interface LoadCounts {
  read: number;
  loaded: number;
  duplicate: number;
  /**
   * Of the duplicates, those whose id is already taken by a different record (another event time, or another kind of
   * record: a sign-in category, an operation): kept out like every duplicate (the first record of an id stands),
   * but counted and named, never dropped without a word.
   */
  conflict: number;
  /** The first few conflicting ids, with their table. */
  conflicts: { table: EventTable; uid: string }[];
  rejected: number;
  /** Rows loaded per table: the event tables, or `snapshots` for configuration exports. */
  byTable: Partial<Record<EventTable | 'snapshots', number>>;
  /** Loaded rows whose record carried no event time at all (projected exports). */
  undated: number;
}

export interface FileContext {
  sha256: string;
  path: string;
  shape: string;
  /**
   * What the file's name says about its records where their content cannot (portal sign-in downloads): one of a
   * fixed set of signInEventTypes values, never text from the input, visible to mappers as `file_hint`.
   */
  eventTypeHint?: 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';
}

const STAGE = 'stage_raw';

export function emptyCounts(): LoadCounts {
  return { read: 0, loaded: 0, duplicate: 0, conflict: 0, conflicts: [], rejected: 0, byTable: {}, undated: 0 };
}

/** The four numbers every load reports, for a running total that needs no more (a collection's endpoint). */
export type RecordCounts = Pick<LoadCounts, 'read' | 'loaded' | 'duplicate' | 'rejected'>;

/**
 * Adds one load's counts into a running total (an import's batches, a collection's pages): the one place counts
 * are summed, so read = loaded + duplicate + rejected holds for every total as it does for every load.
 */
export function addCounts(
  into: RecordCounts & Partial<Pick<LoadCounts, 'byTable' | 'undated' | 'conflict' | 'conflicts'>>,
  c: LoadCounts,
): void {
  into.read += c.read;
  into.loaded += c.loaded;
  into.duplicate += c.duplicate;
  if (into.conflict !== undefined) into.conflict += c.conflict;
  if (into.conflicts !== undefined)
    into.conflicts.push(...c.conflicts.slice(0, CONFLICTS_NAMED - into.conflicts.length));
  into.rejected += c.rejected;
  if (into.undated !== undefined) into.undated += c.undated;
  if (into.byTable !== undefined) {
    for (const [t, n] of Object.entries(c.byTable)) {
      const key = t as keyof LoadCounts['byTable'];
      into.byTable[key] = (into.byTable[key] ?? 0) + n;
    }
  }
}

/** How many conflicting ids a load names (the count is always whole). */
export const CONFLICTS_NAMED = 10;

/**
 * What must agree between two records of one id for the second to be the same record again (another export of it):
 * the event time to the second (shapes write fractions differently) and, where a table holds several kinds of
 * record, the kind. Values one shape lacks (NULL) agree with anything.
 */
const KIND_COLUMN: Partial<Record<EventTable, string>> = {
  signins: 'event_type',
  audits: 'activity_key',
  activities: 'operation_key',
  risk_events: 'kind',
  azure_activity: 'operation_name',
  ms_alert_evidence: 'entity_type',
};

/**
 * The conflict key's expressions over a row of the table: each canonical column through \`col\` (the column itself,
 * or a mapper's expression for it).
 */
export function conflictKey(table: EventTable, col: (c: string) => string = (c) => c): { time: string; kind: string } {
  const kind = KIND_COLUMN[table];
  return {
    time: `date_trunc('second', ${col(EVENT_TABLES[table].timeColumn)})`,
    kind: kind === undefined ? 'CAST(NULL AS VARCHAR)' : `lower(CAST(${col(kind)} AS VARCHAR))`,
  };
}

/** SQL: two rows `a` and `b` carrying conflict_time and conflict_kind disagree. */
export function conflictSql(a: string, b: string): string {
  const differ = (c: string) => `(${a}.${c} IS NOT NULL AND ${b}.${c} IS NOT NULL AND ${a}.${c} <> ${b}.${c})`;
  return `(${differ('conflict_time')} OR ${differ('conflict_kind')})`;
}

/**
 * Counts the conflicts among a file's rows that did not load: `rows` (record_index, uid, conflict_time,
 * conflict_kind) are the file's valid rows of one table, and each is compared with the stored row of its id unless
 * that stored row is this very record (the row that loaded, or the same file imported again). Run after the insert,
 * and only when some rows were duplicates: an ordinary load pays nothing.
 */
export async function countConflicts(
  ws: Workspace,
  table: EventTable,
  rows: string,
  sha256: string,
  into: Pick<LoadCounts, 'conflict' | 'conflicts'>,
): Promise<void> {
  const key = conflictKey(table);
  const found = await ws.all<{ uid: string; n: bigint }>(
    `WITH v AS MATERIALIZED (${rows}),
     t AS (SELECT uid, evidence_sha256, record_index, ${key.time} AS conflict_time, ${key.kind} AS conflict_kind
           FROM ${table} WHERE uid IN (SELECT uid FROM v)),
     c AS (SELECT DISTINCT v.record_index, v.uid FROM v JOIN t ON t.uid = v.uid
           WHERE NOT (t.evidence_sha256 = $1 AND t.record_index = v.record_index) AND ${conflictSql('v', 't')})
     SELECT uid, count(*) OVER () AS n FROM c ORDER BY record_index LIMIT ${CONFLICTS_NAMED}`,
    [sha256],
  );
  into.conflict += Number(found[0]?.n ?? 0);
  for (const r of found) if (into.conflicts.length < CONFLICTS_NAMED) into.conflicts.push({ table, uid: r.uid });
}

/** Raw record texts wait in a temporary table until DuckDB parses and maps them in one statement per mapper. */
export async function createStage(ws: Workspace): Promise<void> {
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (record_index BIGINT, raw VARCHAR)`);
}

export async function openStageAppender(ws: Workspace): Promise<DuckDBAppender> {
  return ws.db.createAppender(STAGE, 'main', 'temp');
}

/** CSV rows are staged by DuckDB itself (see sources/files/csv-records.ts); this runs its INSERT … SELECT. */
export async function stageBySql(ws: Workspace, selectSql: string): Promise<void> {
  await ws.run(`INSERT INTO ${STAGE} ${selectSql}`);
}

/**
 * Takes out of the stage the records whose text matches a DuckDB regular expression, and returns them: records
 * the caller rejects itself before mapping (a CSV row holding bytes that are not UTF-8).
 */
export async function unstageMatching(
  ws: Workspace,
  pattern: string,
): Promise<{ record_index: bigint; raw: string }[]> {
  return ws.all<{ record_index: bigint; raw: string }>(
    `DELETE FROM ${STAGE} WHERE regexp_matches(raw, $1) RETURNING record_index, raw`,
    [pattern],
  );
}

/** The staged records parsed by the union of a batch's mappers' structures (mergeStage). */
const PARSED = 'stage_parsed';

const PROVENANCE = new Set(['uid', 'source_id', 'source_shape', 'evidence_sha256', 'record_index']);

/**
 * The structure every mapper of a dialect needs, merged, so each record is parsed once per batch. Two mappers
 * that disagree on a field's type would silently change each other's values: that is a programming error.
 *
 * Keys are folded by case: DuckDB struct names are unique without regard to case, so one structure cannot hold
 * both the sign-in tables' `IPAddress` and the risk tables' `IpAddress`. The first spelling is kept (json_transform
 * matches keys exactly, so it fills only that one); each mapper then reads its own spelling first and the others
 * after it (`caseVariants`, `mappedSelect`). Only top-level fields may differ in case.
 */
export function unionStructure(mappers: readonly RecordMapper[]): Record<string, unknown> {
  const merge = (into: Record<string, unknown>, from: Readonly<Record<string, unknown>>, path: string) => {
    const folded = new Map(Object.keys(into).map((k) => [k.toLowerCase(), k]));
    for (const [spelled, v] of Object.entries(from)) {
      const k = folded.get(spelled.toLowerCase()) ?? spelled;
      if (k !== spelled && path !== '')
        throw new Error(`mappers spell ${path}${k} and ${path}${spelled} differently: only top-level fields may`);
      const cur = into[k];
      if (cur === undefined) {
        into[k] = typeof v === 'object' && v !== null ? merge({}, v as Record<string, unknown>, `${path}${k}.`) : v;
        folded.set(k.toLowerCase(), k);
      } else if (typeof cur === 'object' && cur !== null && typeof v === 'object' && v !== null) {
        merge(cur as Record<string, unknown>, v as Record<string, unknown>, `${path}${k}.`);
      } else if (cur !== v)
        throw new Error(`mappers disagree on the type of ${path}${k}: ${String(cur)} vs ${String(v)}`);
    }
    return into;
  };
  const out: Record<string, unknown> = {};
  for (const m of mappers) merge(out, m.structure, '');
  return out;
}

/**
 * Top-level fields the mappers of a dialect spell in more than one case, by lower-cased name: every spelling,
 * the one the union structure keeps first. Empty for most dialects.
 */
export function caseVariants(mappers: readonly RecordMapper[]): Map<string, string[]> {
  const spellings = new Map<string, string[]>();
  for (const m of mappers)
    for (const k of Object.keys(m.structure)) {
      const list = spellings.get(k.toLowerCase()) ?? [];
      if (!list.includes(k)) list.push(k);
      spellings.set(k.toLowerCase(), list);
    }
  return new Map([...spellings].filter(([, list]) => list.length > 1));
}

const quotedName = (k: string): string => `"${k.replaceAll('"', '""')}"`;
const jsonPath = (k: string): string => `'$.${quotedName(k).replaceAll("'", "''")}'`;

/**
 * `parsed` as one mapper reads it: each field spelled in several cases holds the mapper's own spelling, else the
 * first other spelling the record has (read from the raw text: the structure holds only the kept spelling).
 */
function parsedFor(m: RecordMapper, variants: ReadonlyMap<string, string[]>, union: Record<string, unknown>): string {
  const updates: string[] = [];
  for (const own of Object.keys(m.structure)) {
    const spellings = variants.get(own.toLowerCase());
    if (!spellings) continue;
    const kept = spellings[0] as string;
    const type = union[kept];
    const read = (k: string): string => {
      if (k === kept) return `j.${quotedName(kept)}`;
      if (type === 'JSON') return `try(json_extract(raw, ${jsonPath(k)}))`;
      if (type === 'VARCHAR') return `try(json_extract_string(raw, ${jsonPath(k)}))`;
      if (typeof type === 'string') return `TRY_CAST(try(json_extract_string(raw, ${jsonPath(k)})) AS ${type})`;
      throw new Error(`${own} is spelled in several cases and is an object: not supported`);
    };
    const order = [own, ...spellings.filter((k) => k !== own)];
    updates.push(`${quotedName(kept)} := coalesce(${order.map(read).join(', ')})`);
  }
  if (updates.length === 0) return PARSED;
  return `(SELECT * REPLACE (struct_update(j, ${updates.join(', ')}) AS j) FROM ${PARSED} WHERE j IS NOT NULL)`;
}

const sqlLiteral = (value: unknown): string => `'${JSON.stringify(value).replaceAll("'", "''")}'`;

function mappedSelect(
  m: RecordMapper,
  variants: ReadonlyMap<string, string[]>,
  union: Record<string, unknown>,
): string {
  const base = parsedFor(m, variants, union);
  const cols = columnNames(m.table)
    .filter((c) => !PROVENANCE.has(c))
    .map((c) => `${m.columns[c] ?? 'NULL'} AS ${c}`);
  // coalesce is lazy: the hash of the raw record is computed only for records without an id of their own.
  const derived = Object.entries(m.derived ?? {}).map(([name, e]) => `${e} AS ${name}`);
  const from =
    derived.length === 0 ? base : `(SELECT *, ${derived.join(', ')} FROM ${base} WHERE j IS NOT NULL AND (${m.route}))`;
  return `SELECT record_index, ${m.sourceId} AS source_id, coalesce(${m.uid ?? m.sourceId}, 'sha256:' || sha256(raw)) AS uid,
    ${cols.join(', ')}, ${m.rejectReason} AS reject_reason
    FROM ${from} WHERE j IS NOT NULL AND (${m.route})`;
}

/**
 * Maps every staged record through the dialect's mappers into the event tables' write buffers (store/lake.ts),
 * deduplicating on uid against the store (buffer and files) and within the batch; records no mapper takes, invalid JSON and records with a reject reason go to
 * `rejects`. Call inside the file's transaction so a crash leaves nothing half-loaded.
 * Each record is parsed once (json_transform, in DuckDB's native code); the raw text is touched again only for
 * rejects and for records without an id of their own (their uid is a hash of the raw record).
 */
export async function mergeStage(
  ws: Workspace,
  file: FileContext,
  mappers: readonly RecordMapper[],
): Promise<LoadCounts> {
  const counts = emptyCounts();
  counts.read = Number(await ws.scalar(`SELECT count(*) FROM ${STAGE}`));
  // try(): invalid JSON becomes NULL here and is rejected below with the parser's own words.
  const union = unionStructure(mappers);
  const variants = caseVariants(mappers);
  // Parsed once for every mapper and table; a batch's mappers then route what they take from this one table.
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${PARSED} AS
    SELECT record_index, raw, try(json_transform(raw, ${sqlLiteral(union)})) AS j,
      ${file.eventTypeHint ? `'${file.eventTypeHint}'` : 'CAST(NULL AS VARCHAR)'} AS file_hint FROM ${STAGE}`);
  await ws.run('CREATE OR REPLACE TEMP TABLE routed (record_index BIGINT)');
  // How many records each mapper routes, asked first: a batch holds one or two of the eight or so tables its dialect
  // maps, and a mapper that routes nothing maps nothing (its query is large: every column, the reject reason).
  const routes = await ws.one<Record<string, bigint>>(
    `SELECT ${mappers
      .map(
        (m, i) =>
          `(SELECT count(*) FROM ${parsedFor(m, variants, union)} WHERE j IS NOT NULL AND (${m.route})) AS n${i}`,
      )
      .join(', ')}`,
  );
  const routing = mappers.filter((_, i) => Number(routes?.[`n${i}`] ?? 0) > 0);

  for (const table of new Set(routing.map((m) => m.table))) {
    const mapped = `mapped_${table}`;
    const selects = routing.filter((m) => m.table === table).map((m) => mappedSelect(m, variants, union));
    await ws.run(`CREATE OR REPLACE TEMP TABLE ${mapped} AS ${selects.join(' UNION ALL BY NAME ')}`);
    await ws.run(`INSERT INTO routed SELECT record_index FROM ${mapped}`);
    counts.rejected += await rejectSelected(
      ws,
      file,
      `SELECT m.record_index, m.reject_reason AS reason, s.raw
       FROM ${mapped} m JOIN ${STAGE} s ON s.record_index = m.record_index WHERE m.reject_reason IS NOT NULL`,
    );
    const cols = columnNames(table);
    const select = cols
      .map((c) => {
        if (c === 'source_shape') return '$2 AS source_shape';
        if (c === 'evidence_sha256') return '$1 AS evidence_sha256';
        return `m.${c}`;
      })
      .join(', ');
    const valid = Number(await ws.scalar(`SELECT count(*) FROM ${mapped} WHERE reject_reason IS NULL`));
    const loaded = await ws.change(
      `INSERT INTO ${insertTarget(table)} (${cols.join(', ')})
       SELECT ${cols.join(', ')} FROM (
         SELECT *, row_number() OVER (PARTITION BY uid ORDER BY record_index) AS rn FROM (
           SELECT ${select} FROM ${mapped} m WHERE m.reject_reason IS NULL
         )
       ) v WHERE rn = 1 AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.uid = v.uid)`,
      [file.sha256, file.shape],
    );
    counts.loaded += loaded;
    counts.duplicate += valid - loaded;
    if (valid > loaded) {
      const key = conflictKey(table);
      await countConflicts(
        ws,
        table,
        `SELECT record_index, uid, ${key.time} AS conflict_time, ${key.kind} AS conflict_kind
         FROM ${mapped} WHERE reject_reason IS NULL`,
        file.sha256,
        counts,
      );
    }
    if (loaded > 0) counts.byTable[table] = (counts.byTable[table] ?? 0) + loaded;
    counts.undated += Number(
      await ws.scalar(`SELECT count(*) FROM ${mapped} WHERE reject_reason IS NULL AND time_source IS NULL`),
    );
    await ws.run(`DROP TABLE ${mapped}`);
  }

  counts.rejected += await rejectUnrouted(ws, file);
  await ws.run(`DELETE FROM ${STAGE}`);
  await ws.run('DROP TABLE routed');
  await ws.run(`DROP TABLE ${PARSED}`);
  return counts;
}

/** Invalid JSON and records no mapper took: rejected with the parser's own words or what the record holds. */
async function rejectUnrouted(ws: Workspace, file: FileContext): Promise<number> {
  const rows = await ws.all<{ record_index: bigint; raw: string }>(
    `SELECT record_index, raw FROM ${STAGE} s WHERE NOT EXISTS (SELECT 1 FROM routed r WHERE r.record_index = s.record_index)
     ORDER BY record_index`,
  );
  await rejectRows(
    ws,
    file,
    rows.map((row) => ({ index: Number(row.record_index), reason: unroutedReason(row.raw), raw: row.raw })),
  );
  return rows.length;
}

function unroutedReason(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(msg);
    const cutOff = /end of JSON input/i.test(msg) || (at?.[1] !== undefined && Number(at[1]) >= raw.trimEnd().length);
    return `not valid JSON (${msg})${cutOff ? ': the record is cut off (truncated file?)' : ''}`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `not a JSON object (${Array.isArray(parsed) ? 'an array' : typeof parsed})`;
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.category === 'string' && typeof record.properties === 'object') {
    return `diagnostic records of category "${record.category}" are not read by premortem`;
  }
  if (typeof record.Type === 'string' && record.Type !== '') {
    return `Log Analytics rows of table "${record.Type}" are not read by premortem`;
  }
  const keys = Object.keys(parsed).slice(0, 8).join(', ');
  return `neither a sign-in, a directory audit nor a unified audit log record (fields: ${keys || 'none'})`;
}
