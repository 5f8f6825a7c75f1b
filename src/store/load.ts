import type { DuckDBAppender } from '@duckdb/node-api';
import { columnNames, type EventTable } from '../core/event-model.js';
import type { RecordMapper } from '../core/mapper.js';
import type { Workspace } from './workspace.js';

/** What one file's records became. read = loaded + duplicate + rejected, always. */
export interface LoadCounts {
  read: number;
  loaded: number;
  duplicate: number;
  rejected: number;
  byTable: Partial<Record<EventTable, number>>;
  /** Loaded rows whose record carried no event time at all (projected exports). */
  undated: number;
}

export interface FileContext {
  sha256: string;
  path: string;
  shape: string;
}

const STAGE = 'stage_raw';

export function emptyCounts(): LoadCounts {
  return { read: 0, loaded: 0, duplicate: 0, rejected: 0, byTable: {}, undated: 0 };
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

const PROVENANCE = new Set(['uid', 'source_id', 'source_shape', 'evidence_sha256', 'record_index']);

function mappedSelect(m: RecordMapper): string {
  const cols = columnNames(m.table)
    .filter((c) => !PROVENANCE.has(c))
    .map((c) => `${m.columns[c] ?? 'NULL'} AS ${c}`);
  // json_transform parses each record once into a struct `j`; the mapper's expressions read j.field.
  return `SELECT record_index, raw, ${m.sourceId} AS source_id, ${cols.join(', ')}, ${m.rejectReason} AS reject_reason
    FROM (SELECT record_index, raw, json_transform(raw, ${m.structure}) AS j FROM ${STAGE} WHERE json_valid(raw))
    WHERE ${m.route}`;
}

/**
 * Maps every staged record through the dialect's mappers into the event tables, deduplicating on uid against
 * the store and within the batch; records no mapper takes, invalid JSON and records with a reject reason go to
 * `rejects`. Call inside the file's transaction so a crash leaves nothing half-loaded.
 */
export async function mergeStage(
  ws: Workspace,
  file: FileContext,
  mappers: readonly RecordMapper[],
): Promise<LoadCounts> {
  const counts = emptyCounts();
  counts.read = Number(await ws.scalar(`SELECT count(*) FROM ${STAGE}`));
  await ws.run('CREATE OR REPLACE TEMP TABLE routed (record_index BIGINT)');

  for (const table of new Set(mappers.map((m) => m.table))) {
    const tableMappers = mappers.filter((m) => m.table === table);
    const mapped = `mapped_${table}`;
    await ws.run(
      `CREATE OR REPLACE TEMP TABLE ${mapped} AS ${tableMappers.map(mappedSelect).join(' UNION ALL BY NAME ')}`,
    );
    await ws.run(`INSERT INTO routed SELECT record_index FROM ${mapped}`);
    await ws.run(
      `INSERT INTO rejects SELECT $1, $2, record_index, reject_reason, raw FROM ${mapped}
       WHERE reject_reason IS NOT NULL ON CONFLICT DO NOTHING`,
      [file.sha256, file.path],
    );
    counts.rejected += Number(await ws.scalar(`SELECT count(*) FROM ${mapped} WHERE reject_reason IS NOT NULL`));

    const cols = columnNames(table);
    const valuesSql = cols
      .map((c) => {
        if (c === 'uid') return `coalesce(source_id, 'sha256:' || sha256(raw)) AS uid`;
        if (c === 'source_shape') return '$2 AS source_shape';
        if (c === 'evidence_sha256') return '$1 AS evidence_sha256';
        return c;
      })
      .join(', ');
    await ws.run(
      `CREATE OR REPLACE TEMP TABLE valid_rows AS SELECT ${valuesSql} FROM ${mapped} WHERE reject_reason IS NULL`,
      [file.sha256, file.shape],
    );
    const valid = Number(await ws.scalar('SELECT count(*) FROM valid_rows'));
    const inserted = await ws.db.run(
      `INSERT INTO ${table} (${cols.join(', ')})
       SELECT ${cols.join(', ')} FROM (
         SELECT *, row_number() OVER (PARTITION BY uid ORDER BY record_index) AS rn FROM valid_rows
       ) v WHERE rn = 1 AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.uid = v.uid)`,
    );
    const loaded = Number(inserted.rowsChanged);
    counts.loaded += loaded;
    counts.duplicate += valid - loaded;
    if (loaded > 0) counts.byTable[table] = (counts.byTable[table] ?? 0) + loaded;
    counts.undated += Number(await ws.scalar('SELECT count(*) FROM valid_rows WHERE time_source IS NULL'));
    await ws.run(`DROP TABLE ${mapped}`);
    await ws.run('DROP TABLE valid_rows');
  }

  counts.rejected += await rejectUnrouted(ws, file);
  await ws.run(`DELETE FROM ${STAGE}`);
  await ws.run('DROP TABLE routed');
  return counts;
}

/** Invalid JSON and records no mapper took: rejected with the parser's own words or what the record holds. */
async function rejectUnrouted(ws: Workspace, file: FileContext): Promise<number> {
  const rows = await ws.all<{ record_index: bigint; raw: string }>(
    `SELECT record_index, raw FROM ${STAGE} s WHERE NOT EXISTS (SELECT 1 FROM routed r WHERE r.record_index = s.record_index)
     ORDER BY record_index`,
  );
  for (const row of rows) {
    await ws.run('INSERT INTO rejects VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      file.sha256,
      file.path,
      row.record_index,
      unroutedReason(row.raw),
      row.raw,
    ]);
  }
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
  const keys = Object.keys(parsed).slice(0, 8).join(', ');
  return `neither a sign-in nor a directory audit record (fields: ${keys || 'none'})`;
}
