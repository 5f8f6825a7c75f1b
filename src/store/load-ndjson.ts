import { columnNames, type EventTable } from '../core/event-model.js';
import type { RecordMapper } from '../core/mapper.js';
import { emptyCounts, type FileContext, type LoadCounts, unionStructure } from './load.js';
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

/** Mappers whose SQL needs the raw text (hash-less ids aside) cannot run on the reader's typed rows. */
export function canLoadNdjsonFast(mappers: readonly RecordMapper[]): boolean {
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

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The file's records as (record_index, j): the same j the staged path builds with json_transform, or only the
 * top-level fields in `fields` (lower-cased names: DuckDB resolves struct fields case-insensitively).
 */
function source(path: string, mappers: readonly RecordMapper[], fields?: ReadonlySet<string>): string {
  const columns = Object.entries(unionStructure(mappers))
    .filter(([k]) => fields === undefined || fields.has(k.toLowerCase()))
    .map(([k, v]) => `${quote(k)}: ${quote(duckType(v))}`)
    .join(', ');
  // WITH ORDINALITY numbers the lines as the splitter does (blank lines skipped), so record_index points to the
  // same record that `premortem show` re-reads from the kept original.
  return `(SELECT ordinality - 1 AS record_index, rec AS j FROM (
    SELECT * FROM read_json(${quote(path)}, format = 'newline_delimited', columns = {${columns || "'_': 'VARCHAR'"}}) WITH ORDINALITY) rec)`;
}

/**
 * The top-level fields the checks read (ids, routes, reject reasons, time source): reading only these makes the
 * checking pass about as cheap as the floor. undefined when an expression uses j as a whole.
 */
function checkedFields(mappers: readonly RecordMapper[]): Set<string> | undefined {
  const sql = mappers.flatMap((m) => [m.sourceId, m.route, m.rejectReason, m.columns.time_source ?? '']).join(' ');
  if (/\bj\b(?!\.)/.test(sql)) return undefined;
  return new Set([...sql.matchAll(/\bj\.("([^"]+)"|\w+)/g)].map((x) => (x[2] ?? x[1] ?? '').toLowerCase()));
}

function mapped(m: RecordMapper, src: string): string {
  const cols = columnNames(m.table)
    .filter((c) => !PROVENANCE.has(c))
    .map((c) => `${m.columns[c] ?? 'NULL'} AS ${c}`);
  return `SELECT record_index, ${m.sourceId} AS source_id, ${m.sourceId} AS uid, ${cols.join(', ')},
    ${m.rejectReason} AS reject_reason FROM ${src} WHERE ${m.route}`;
}

/** Only what the checks read, so that it binds against the reduced structure. */
function checkedColumns(m: RecordMapper, src: string): string {
  return `SELECT record_index, ${m.sourceId} AS uid, ${m.columns.time_source ?? 'NULL'} AS time_source,
    ${m.rejectReason} AS reject_reason FROM ${src} WHERE ${m.route}`;
}

/**
 * Loads an NDJSON file straight from disk, or returns undefined (having written nothing) when the file needs
 * the staged path. Throws the reader's error for a line that is not JSON of the declared shape: the caller
 * rolls the transaction back and takes the staged path.
 */
export async function mergeNdjsonFile(
  ws: Workspace,
  file: FileContext,
  mappers: readonly RecordMapper[],
): Promise<LoadCounts | undefined> {
  const byTable = new Map<EventTable, RecordMapper[]>();
  for (const m of mappers) byTable.set(m.table, [...(byTable.get(m.table) ?? []), m]);
  // Two reads of the file, both by DuckDB in parallel: a cheap one of the few fields the checks need, then, if
  // the file passes, the full one mapped straight into the table. (Materializing the parsed file once instead
  // cost more than a second read: 0.9 s against 0.2 s for 200,000 sign-ins.)
  const full = source(file.path, mappers);
  const checked = source(file.path, mappers, checkedFields(mappers));
  const rowsOf = (table: EventTable, src: string, select: (m: RecordMapper, src: string) => string) =>
    `(${(byTable.get(table) ?? []).map((m) => select(m, src)).join(' UNION ALL BY NAME ')})`;
  // One pass over the checked fields: per mapper, how many records it routes, how many it could not load as
  // they are (no id, a reject reason), how many distinct ids, how many without an event time.
  const perMapper = mappers.map((m, i) => {
    const uid = m.sourceId;
    return `count(*) FILTER (WHERE ${m.route}) AS n${i},
      count(*) FILTER (WHERE (${m.route}) AND ((${uid}) IS NULL OR (${m.rejectReason}) IS NOT NULL)) AS bad${i},
      count(DISTINCT CASE WHEN ${m.route} THEN ${uid} END) AS uids${i},
      count(*) FILTER (WHERE (${m.route}) AND (${m.columns.time_source ?? 'NULL'}) IS NULL) AS undated${i}`;
  });
  const row = await ws.one<Record<string, bigint>>(`SELECT count(*) AS total, ${perMapper.join(', ')} FROM ${checked}`);
  if (!row) return undefined;
  const total = Number(row.total);
  type Stat = { n: number; bad: number; uids: number; undated: number };
  const stats: { table: EventTable; s: Stat }[] = [...byTable.keys()].map((table) => {
    const idx = mappers.flatMap((m, i) => (m.table === table ? [i] : []));
    const sum = (k: string) => idx.reduce((a, i) => a + Number(row[`${k}${i}`] ?? 0), 0);
    // Distinct ids add up across mappers only when one mapper feeds the table; otherwise assume duplicates.
    return {
      table,
      s: { n: sum('n'), bad: sum('bad'), uids: idx.length === 1 ? sum('uids') : -1, undated: sum('undated') },
    };
  });
  const routed = stats.reduce((a, t) => a + Number(t.s.n), 0);
  if (routed !== total || stats.some((t) => Number(t.s.bad) > 0)) return undefined;

  const counts = emptyCounts();
  counts.read = total;
  for (const { table, s } of stats) {
    const n = Number(s.n);
    if (n === 0) continue;
    const cols = columnNames(table);
    const select = cols
      .map((c) => (c === 'source_shape' ? '$2 AS source_shape' : c === 'evidence_sha256' ? '$1 AS evidence_sha256' : c))
      .join(', ');
    // Duplicates inside the file (the same id twice): the first occurrence stands, as in the staged path.
    const firstOnly =
      Number(s.uids) < n
        ? `AND m.record_index IN (SELECT min(record_index) FROM ${rowsOf(table, checked, checkedColumns)} GROUP BY uid)`
        : '';
    // Rows carry their record_index, so their physical order is of no use: letting DuckDB write them in any
    // order cut the insert of 2,000,000 sign-ins from 19.6 s to 14.1 s here. WITH ORDINALITY still numbers the
    // lines in file order (checked on 2,000,000 lines with this setting).
    await ws.run('SET preserve_insertion_order = false');
    let loaded: number;
    try {
      loaded = await ws.change(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select} FROM ${rowsOf(table, full, mapped)} m
         WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.uid = m.uid) ${firstOnly}`,
        [file.sha256, file.shape],
      );
    } finally {
      await ws.run('RESET preserve_insertion_order').catch(() => undefined);
    }
    counts.loaded += loaded;
    counts.duplicate += n - loaded;
    counts.undated += Number(s.undated);
    if (loaded > 0) counts.byTable[table] = loaded;
  }
  return counts;
}
