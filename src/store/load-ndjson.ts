import { columnNames, EVENT_TABLES, type EventTable } from '../core/event-model.js';
import type { RecordMapper } from '../core/mapper.js';
import { monthOf, sqlString, writeLakeRows } from './lake.js';
import {
  caseVariants,
  conflictKey,
  countConflicts,
  emptyCounts,
  type FileContext,
  type LoadCounts,
  unionStructure,
} from './load.js';
import type { Workspace } from './workspace.js';

/**
 * The fast path for one-object-per-line files (Graph NDJSON, PT1H.json, Goose dumps): DuckDB reads, parses and
 * maps the file itself, in native threads, and no JavaScript touches a record. Measured on 200,000 Graph
 * sign-ins (this machine, loaded): the staged path spent ~15 s in SQL (a staged raw copy, one parse per table,
 * a window over wide rows); read_json with the declared structure parses them in ~0.1-0.6 s, the ~50 canonical
 * expressions take ~0.6 s and the write ~0.8 s.
 *
 * It takes only the happy path: every line a JSON object of the declared shape, each routed to one mapper,
 * none rejected, all with an id of their own. Anything else (a reader error, a reject, an id-less record) and
 * the caller loads the file through the staged path, which keeps every record with its reason.
 */
const PROVENANCE = new Set(['uid', 'source_id', 'source_shape', 'evidence_sha256', 'record_index']);

/**
 * Mappers whose SQL needs the raw text (hash-less ids aside) cannot run on the reader's typed rows, nor can a
 * dialect whose mappers spell a field in two cases (the reader keeps one spelling; the other is read from the raw
 * text on the staged path).
 */
export function canLoadNdjsonFast(mappers: readonly RecordMapper[]): boolean {
  if (caseVariants(mappers).size > 0) return false;
  return mappers.every(
    (m) =>
      m.derived === undefined &&
      !/\braw\b|file_hint/.test([...Object.values(m.columns), m.rejectReason, m.route].join(' ')),
  );
}

function duckType(v: unknown): string {
  if (typeof v === 'string') return v;
  const fields = Object.entries(v as Record<string, unknown>).map(
    ([k, x]) => `"${k.replaceAll('"', '""')}" ${duckType(x)}`,
  );
  return `STRUCT(${fields.join(', ')})`;
}

/**
 * The file's records as (record_index, j): the same j the staged path builds with json_transform, or only the
 * top-level fields in `fields` (lower-cased names: DuckDB resolves struct fields case-insensitively).
 */
function source(path: string, mappers: readonly RecordMapper[], fields?: ReadonlySet<string>, numbered = true): string {
  const columns = Object.entries(unionStructure(mappers))
    .filter(([k]) => fields === undefined || fields.has(k.toLowerCase()))
    .map(([k, v]) => `${sqlString(k)}: ${sqlString(duckType(v))}`)
    .join(', ');
  const read = `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {${columns || "'_': 'VARCHAR'"}})`;
  // WITH ORDINALITY numbers the lines as the splitter does (blank lines skipped), so record_index points to the
  // same record that `premortem show` re-reads from the kept original. It also makes the read sequential.
  if (!numbered) return `(SELECT CAST(NULL AS BIGINT) AS record_index, rec AS j FROM (SELECT * FROM ${read}) rec)`;
  return `(SELECT ordinality - 1 AS record_index, rec AS j FROM (SELECT * FROM ${read} WITH ORDINALITY) rec)`;
}

/**
 * The top-level fields the checks read (ids, routes, reject reasons, time source): reading only these makes the
 * checking pass about as cheap as the floor. undefined when an expression uses j as a whole.
 */
function checkedFields(mappers: readonly RecordMapper[]): Set<string> | undefined {
  const sql = mappers
    .flatMap((m) => {
      const key = conflictKey(m.table, (c) => m.columns[c] ?? 'NULL');
      return [
        m.sourceId,
        m.uid ?? '',
        m.route,
        m.rejectReason,
        m.columns.time_source ?? '',
        eventTime(m),
        key.time,
        key.kind,
      ];
    })
    .join(' ');
  if (/\bj\b(?!\.)/.test(sql)) return undefined;
  return new Set([...sql.matchAll(/\bj\.("([^"]+)"|\w+)/g)].map((x) => (x[2] ?? x[1] ?? '').toLowerCase()));
}

function mapped(m: RecordMapper, src: string): string {
  const cols = columnNames(m.table)
    .filter((c) => !PROVENANCE.has(c))
    .map((c) => `${m.columns[c] ?? 'NULL'} AS ${c}`);
  return `SELECT record_index, ${m.sourceId} AS source_id, ${m.uid ?? m.sourceId} AS uid, ${cols.join(', ')},
    ${m.rejectReason} AS reject_reason FROM ${src} WHERE ${m.route}`;
}

/**
 * The mapper's expression for its table's event time, which the lake's month partition is taken from. The counts
 * ask for its months beside the event-time checks, which parse the same field: a file of one month (a day's or a
 * week's export, a collected page) is then written without DuckDB's partitioned COPY.
 */
function eventTime(m: RecordMapper): string {
  return m.columns[EVENT_TABLES[m.table].timeColumn] ?? 'NULL';
}

/** Only what the checks read, so that it binds against the reduced structure. */
function checkedColumns(m: RecordMapper, src: string): string {
  const key = conflictKey(m.table, (c) => m.columns[c] ?? 'NULL');
  return `SELECT record_index, ${m.uid ?? m.sourceId} AS uid, ${m.columns.time_source ?? 'NULL'} AS time_source,
    ${key.time} AS conflict_time, ${key.kind} AS conflict_kind,
    ${m.rejectReason} AS reject_reason FROM ${src} WHERE ${m.route}`;
}

/** A table's share of a file: records, rejects, distinct ids, records without a time, the one month of all. */
type Stat = { n: number; bad: number; uids: number; undated: number; month: string | undefined };

/** What the checking pass learned of a file: enough to load it without reading it record by record. */
export interface NdjsonPlan {
  readonly path: string;
  readonly mappers: readonly RecordMapper[];
  readonly total: number;
  readonly stats: readonly { table: EventTable; s: Stat }[];
}

const CHECKED = 'ndjson_checked';

/**
 * The checking pass: reads the few fields the checks need (numbering the lines in file order, which only a
 * sequential read can do) into a temporary table, and decides whether the file can take the fast path. It needs
 * no evidence hash, so the import runs it while the file is being hashed and compressed. undefined (having
 * written nothing to the store) when the file needs the staged path; throws the reader's error for a line that
 * is not JSON of the declared shape (the caller rolls back and takes the staged path).
 */
export async function planNdjsonFile(
  ws: Workspace,
  path: string,
  mappers: readonly RecordMapper[],
): Promise<NdjsonPlan | undefined> {
  const byTable = tablesOf(mappers);
  await ws.run(
    `CREATE OR REPLACE TEMP TABLE ${CHECKED} AS SELECT * FROM ${source(path, mappers, checkedFields(mappers))}`,
  );
  // How many records each mapper routes. Asked first, and apart: a diagnostic-settings blob holds one category of
  // the eight its dialect maps, and the checks of all eight made a query whose planning alone took 0.6–1.2 s for a
  // three-line file (the checks' SQL is large: every mapper's reject reason and event time); a mapper that routes
  // nothing has nothing to check, and its counts are zero.
  const routes = await ws.one<Record<string, bigint>>(
    `SELECT count(*) AS total, ${mappers.map((m, i) => `count(*) FILTER (WHERE ${m.route}) AS n${i}`).join(', ')} FROM ${CHECKED}`,
  );
  if (!routes) return undefined;
  const total = Number(routes.total);
  const routing = mappers.flatMap((m, i) => (Number(routes[`n${i}`] ?? 0) > 0 ? [{ m, i }] : []));
  // Per routing mapper: how many records it could not load as they are (no id, a reject reason), how many
  // distinct ids, how many without an event time.
  const perMapper = routing.map(({ m, i }) => {
    const uid = m.uid ?? m.sourceId;
    return `count(*) FILTER (WHERE (${m.route}) AND ((${uid}) IS NULL OR (${m.rejectReason}) IS NOT NULL)) AS bad${i},
      count(DISTINCT CASE WHEN ${m.route} THEN ${uid} END) AS uids${i},
      count(*) FILTER (WHERE (${m.route}) AND (${m.columns.time_source ?? 'NULL'}) IS NULL) AS undated${i},
      min(${monthOf(eventTime(m))}) FILTER (WHERE ${m.route}) AS first${i},
      max(${monthOf(eventTime(m))}) FILTER (WHERE ${m.route}) AS last${i}`;
  });
  const checks =
    perMapper.length > 0
      ? await ws.one<Record<string, bigint | string | null>>(`SELECT ${perMapper.join(', ')} FROM ${CHECKED}`)
      : {};
  if (!checks) return undefined;
  const row: Record<string, bigint | string | null> = { ...routes, ...checks };
  const stats = [...byTable.keys()].map((table) => {
    const idx = mappers.flatMap((m, i) => (m.table === table ? [i] : []));
    const sum = (k: string) => idx.reduce((a, i) => a + Number(row[`${k}${i}`] ?? 0), 0);
    // The one month all the table's records fall in, if they do (a mapper that routes none has no months).
    const months = new Set(
      idx.flatMap((i) => (Number(row[`n${i}`] ?? 0) > 0 ? [row[`first${i}`], row[`last${i}`]] : [])),
    );
    const [month] = months;
    // Distinct ids add up across mappers only when one mapper feeds the table; otherwise assume duplicates.
    return {
      table,
      s: {
        n: sum('n'),
        bad: sum('bad'),
        uids: idx.length === 1 ? sum('uids') : -1,
        undated: sum('undated'),
        month: months.size === 1 && typeof month === 'string' ? month : undefined,
      },
    };
  });
  const routed = stats.reduce((a, t) => a + t.s.n, 0);
  if (routed !== total || stats.some((t) => t.s.bad > 0)) return undefined;
  return { path, mappers, total, stats };
}

function tablesOf(mappers: readonly RecordMapper[]): Map<EventTable, RecordMapper[]> {
  const byTable = new Map<EventTable, RecordMapper[]>();
  for (const m of mappers) byTable.set(m.table, [...(byTable.get(m.table) ?? []), m]);
  return byTable;
}

/** The file's rows to load into one table: (record_index, uid), first occurrence of each uid, none stored yet. */
const KEYS = 'ndjson_keys';

/**
 * Loads a planned file into its tables. Deduplication works on a compact key set, never on wide rows: the
 * checking pass's (record_index, uid) pairs, first occurrence of each uid, less the uids the store already holds
 * (one semi-join that reads only the stored uid column; Parquet projects it). The wide read then joins that key
 * set, which both numbers its rows and drops the duplicates. A re-imported file whose every uid is stored never
 * reads its wide columns at all.
 *
 * Where the file's ids are unique (the usual case), the wide read runs without line numbers, so DuckDB parses the
 * file on all its threads, and each row takes its line number from the key set by id (measured on 500,000 Graph
 * sign-ins here: the numbered wide read cost ~0.7 s more than the unnumbered one plus the join). A file with an
 * id twice keeps the numbered read and joins on the line number: the first occurrence stands, as in the staged
 * path.
 */
export async function insertNdjsonPlan(ws: Workspace, plan: NdjsonPlan, file: FileContext): Promise<LoadCounts> {
  const byTable = tablesOf(plan.mappers);
  const rowsOf = (table: EventTable, src: string, select: (m: RecordMapper, src: string) => string) =>
    `(${(byTable.get(table) ?? []).map((m) => select(m, src)).join(' UNION ALL BY NAME ')})`;
  const counts = emptyCounts();
  counts.read = plan.total;
  for (const { table, s } of plan.stats) {
    if (s.n === 0) continue;
    const unique = s.uids === s.n;
    await ws.run(
      `CREATE OR REPLACE TEMP TABLE ${KEYS} AS SELECT ${unique ? 'record_index, uid' : 'min(record_index) AS record_index, uid'}
       FROM ${rowsOf(table, CHECKED, checkedColumns)} ${unique ? '' : 'GROUP BY uid'}`,
    );
    await ws.run(`DELETE FROM ${KEYS} WHERE uid IN (SELECT uid FROM ${table} WHERE uid IN (SELECT uid FROM ${KEYS}))`);
    const fresh = Number(await ws.scalar(`SELECT count(*) FROM ${KEYS}`));
    let loaded = 0;
    if (fresh > 0) {
      const cols = columnNames(table);
      const value = (c: string) =>
        c === 'source_shape'
          ? `${sqlString(file.shape)} AS source_shape`
          : c === 'evidence_sha256'
            ? `${sqlString(file.sha256)} AS evidence_sha256`
            : c === 'record_index'
              ? 'k.record_index'
              : `m.${c}`;
      const rows = `SELECT ${cols.map(value).join(', ')}
         FROM ${rowsOf(table, source(plan.path, plan.mappers, undefined, !unique), mapped)} m
         JOIN ${KEYS} k ON ${unique ? 'k.uid = m.uid' : 'k.record_index = m.record_index'}`;
      // Rows carry their record_index, so their physical order is of no use: letting DuckDB write them in any
      // order cut the insert of 2,000,000 sign-ins from 19.6 s to 14.1 s here.
      await ws.run('SET preserve_insertion_order = false');
      try {
        // Straight into the table's month files (Parquet, zstd): the issue's measurement had DuckDB's own table
        // format at a third of Parquet's write speed and two to three times its size.
        loaded = await writeLakeRows(ws, table, rows, file.sha256, 'new', s.month);
      } finally {
        await ws.run('RESET preserve_insertion_order').catch(() => undefined);
      }
    }
    counts.loaded += loaded;
    counts.duplicate += s.n - loaded;
    if (s.n > loaded) await countConflicts(ws, table, rowsOf(table, CHECKED, checkedColumns), file.sha256, counts);
    counts.undated += s.undated;
    if (loaded > 0) counts.byTable[table] = loaded;
  }
  await ws.run(`DROP TABLE IF EXISTS ${CHECKED}`);
  await ws.run(`DROP TABLE IF EXISTS ${KEYS}`);
  return counts;
}
