/**
 * Microsoft-Extractor-Suite configuration CSVs (Get-MFA, Get-AllRoleActivity, Get-PIMAssignments,
 * Get-OAuthPermissions, Get-MailboxRules, Get-TransportRules) into `snapshots`, as the Graph resource each stands
 * for, so posture and readiness read them like a collected snapshot. Every file gets an evidence row (SHA-256,
 * counts read = loaded + duplicate + rejected) and its kept original; rows that cannot be read are kept in
 * `rejects` with the reason. The CSVs of one import form one snapshot (id fixed by the files' hashes, so importing
 * them again changes nothing).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { CONFIG_RESOURCES, CONFIG_ROW_MAPPERS, ConfigRow, DateReader } from '../normalize/config-csv/index.js';
import { type DateDecision, type DateOrder, decideDateOrder, emptyEvidence } from '../normalize/locale-date.js';
import type { LoadedSnapshot } from '../snapshot/folder-load.js';
import type { ConfigCsvKind, ConfigCsvShape } from '../sources/files/config-csv.js';
import { csvStageSelect } from '../sources/files/csv-records.js';
import { MARKED_BYTE_SQL } from '../sources/files/utf8-marks.js';
import { recordEvidence } from '../store/evidence.js';
import { emptyCounts } from '../store/load.js';
import { hashAndKeepOriginal } from '../store/originals.js';
import { rejectRows } from '../store/rejects.js';
import type { Workspace } from '../store/workspace.js';
import { decideStagedDateOrder } from './date-order.js';
import type { InvalidUtf8At } from './invalid-utf8.js';
import { assertCsvCounted, csvInvalidUtf8, readCsvChecked } from './load-csv.js';

/**
 * The evidence shape of a configuration CSV names its kind (extractor-suite-mfa-registration-csv, …): the evidence
 * table then says what each file was without opening it. The "-csv" ending is what raw-record.ts reads CSV by.
 */
export const configCsvShape = (kind: ConfigCsvKind): string => `extractor-suite-${kind}-csv`;

export interface ConfigFileResult {
  path: string;
  sha256: string;
  bytes: number;
  shape: string;
  kind: string;
  /** Rows read = loaded + duplicate + rejected. */
  read: number;
  loaded: number;
  duplicate: number;
  rejected: number;
  /** Objects per snapshot resource (distinct ids). */
  resources: Record<string, number>;
  rejectReasons: { reason: string; count: number }[];
  /** How the file's locale-formatted dates were read, and how many were read month-first for want of proof. */
  dates: { basis: string; ambiguousDates: number };
  /** Where the file holds bytes that are not UTF-8 (the rows holding them are rejected). */
  invalidUtf8?: InvalidUtf8At[];
}

interface Planned {
  path: string;
  shape: ConfigCsvShape;
}

interface ReadFile {
  path: string;
  shape: ConfigCsvShape;
  sha256: string;
  bytes: number;
  mtimeMs: number;
  objects: { resource: string; id: string; raw: string; index: number }[];
  rejects: { index: number; reason: string; raw: string | null }[];
  read: number;
  decision: DateDecision;
  ambiguousDates: number;
  invalidUtf8?: InvalidUtf8At[];
}

/** Reads, maps and stores the files; nothing is written until every file has been read. */
export async function importConfigCsvs(
  ws: Workspace,
  planned: readonly Planned[],
  options: { dateOrder?: DateOrder } = {},
): Promise<{ snapshot: LoadedSnapshot; files: ConfigFileResult[] }> {
  const read: ReadFile[] = [];
  for (const p of planned) read.push(await readConfigFile(ws, p, options.dateOrder));
  const snapshotId = `extractor-suite-${sha256Hex(
    read
      .map((f) => f.sha256)
      .sort()
      .join('\n'),
  ).slice(0, 16)}`;
  const takenAt = takenAtOf(read);
  const files: ConfigFileResult[] = [];
  const perResource = new Map<string, { ids: Set<string>; sha256: string; files: string[]; limits?: string }>();
  for (const f of read) {
    const { resources, limits } = CONFIG_RESOURCES[f.shape.kind];
    for (const r of resources) {
      const entry = perResource.get(r) ?? { ids: new Set<string>(), sha256: f.sha256, files: [] };
      if (!entry.files.includes(f.path)) entry.files.push(f.path);
      if (limits) entry.limits = limits;
      perResource.set(r, entry);
    }
  }
  await ws.transaction(async () => {
    for (const f of read) {
      const counts = emptyCounts();
      counts.read = f.read;
      const resources: Record<string, Set<string>> = {};
      const seen = new Set<string>();
      let valid = 0;
      for (const o of f.objects) {
        valid++;
        const ids = resources[o.resource] ?? new Set<string>();
        ids.add(o.id);
        resources[o.resource] = ids;
        const key = `${o.resource}\u0000${o.id}`;
        const entry = perResource.get(o.resource);
        if (!entry) throw new Error(`${f.shape.kind} mapped a row to ${o.resource}, not one of its resources`);
        entry.ids.add(o.id);
        if (seen.has(key)) continue;
        seen.add(key);
        counts.loaded += await ws.change(
          'INSERT INTO snapshots VALUES ($1, $2::TIMESTAMPTZ, NULL, $3, $4, $5) ON CONFLICT DO NOTHING',
          [snapshotId, takenAt, o.resource, o.id, o.raw],
        );
      }
      counts.duplicate = valid - counts.loaded;
      await rejectRows(ws, f, f.rejects);
      // A re-import inserts no reject again; the file's rejects are still its rejects.
      counts.rejected = f.rejects.length;
      // The evidence table names the table the rows went to.
      counts.byTable = { snapshots: counts.loaded };
      await recordEvidence(
        ws,
        { sha256: f.sha256, path: f.path, bytes: f.bytes, shape: configCsvShape(f.shape.kind) },
        counts,
      );
      const reasons = new Map<string, number>();
      for (const r of f.rejects) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
      files.push({
        path: f.path,
        sha256: f.sha256,
        bytes: f.bytes,
        shape: configCsvShape(f.shape.kind),
        kind: f.shape.description,
        read: f.read,
        loaded: counts.loaded,
        duplicate: counts.duplicate,
        rejected: counts.rejected,
        resources: Object.fromEntries(Object.entries(resources).map(([k, v]) => [k, v.size])),
        rejectReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
        dates: { basis: f.decision.basis, ambiguousDates: f.ambiguousDates },
        ...(f.invalidUtf8 ? { invalidUtf8: f.invalidUtf8 } : {}),
      });
    }
    for (const [resource, e] of perResource) {
      await ws.run('INSERT INTO snapshot_resources VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING', [
        snapshotId,
        resource,
        'ok',
        e.ids.size,
        `Microsoft-Extractor-Suite CSV: ${e.files.map((p) => basename(p)).join(', ')}${e.limits ? `; ${e.limits}` : ''}`,
        'extractor-suite-csv',
        e.sha256,
      ]);
    }
  });
  const snapshot: LoadedSnapshot = {
    snapshotId,
    takenAt,
    tenantId: undefined,
    resources: [...perResource].map(([name, e]) => ({
      name,
      status: 'ok',
      objects: e.ids.size,
      ...(e.files[0] ? { file: e.files[0] } : {}),
    })),
    skipped: [],
  };
  return { snapshot, files };
}

async function readConfigFile(ws: Workspace, p: Planned, forced: DateOrder | undefined): Promise<ReadFile> {
  const { sha256, bytes } = await hashAndKeepOriginal(ws.dir, p.path);
  // The rows are held in a table so the file's date order is decided in DuckDB, by the same query as for event
  // CSVs (ingest/date-order.ts), before any date is read. They are read by the same checked path as event CSVs.
  const { scan, leftOut } = await readCsvChecked(
    ws,
    p.path,
    (readable) =>
      ws.run(`CREATE OR REPLACE TEMP TABLE config_csv_rows AS ${csvStageSelect(readable, p.shape.headers)}`),
    () =>
      ws.all<{ record_index: bigint; raw: string }>(
        'DELETE FROM config_csv_rows WHERE regexp_matches(raw, $1) RETURNING record_index, raw',
        [MARKED_BYTE_SQL],
      ),
  );
  const found = await decideStagedDateOrder(ws, forced, 'config_csv_rows');
  const rows = await ws.all<{ record_index: bigint; raw: string }>(
    'SELECT record_index, raw FROM config_csv_rows ORDER BY record_index',
  );
  await ws.run('DROP TABLE config_csv_rows');
  const parsed = rows.map((r) => ({ index: Number(r.record_index), raw: r.raw, row: rowOf(r.raw) }));
  const decision = found?.decision ?? decideDateOrder(emptyEvidence(), forced);
  const dates = new DateReader(decision.order);
  const mapper = CONFIG_ROW_MAPPERS[p.shape.kind];
  const objects: ReadFile['objects'] = [];
  const rejects: ReadFile['rejects'] = [];
  for (const r of parsed) {
    const m = mapper(r.row, dates);
    if ('reject' in m) {
      rejects.push({ index: r.index, reason: m.reject, raw: r.raw });
      continue;
    }
    // Where the object came from, with the row as read: the original text stays beside the mapped fields.
    const object = {
      ...m.object,
      '@premortem': { source: configCsvShape(p.shape.kind), sha256, recordIndex: r.index, row: r.row.values },
    };
    const id = m.id ?? `sha256:${sha256Hex(r.raw)}`;
    objects.push({ resource: m.resource, id, raw: JSON.stringify(object), index: r.index });
  }
  // Rows the checked read left out (bytes that are not UTF-8, lines the reader could not split, a quote never
  // closed): kept with their reason, as the event import keeps them.
  rejects.push(...leftOut);
  const read = rows.length + leftOut.length;
  assertCsvCounted(p.path, read, scan);
  const invalidUtf8 = csvInvalidUtf8(scan);
  return {
    path: p.path,
    shape: p.shape,
    sha256,
    bytes,
    mtimeMs: statSync(p.path).mtimeMs,
    objects,
    rejects,
    read,
    decision,
    ambiguousDates: dates.ambiguousDates,
    ...(invalidUtf8.length > 0 ? { invalidUtf8 } : {}),
  };
}

function rowOf(raw: string): ConfigRow {
  const values = JSON.parse(raw) as Record<string, string | null>;
  return new ConfigRow(values);
}

/**
 * When the configuration was read: Extractor-Suite starts most file names with the run's local time
 * (yyyyMMddHHmm or yyyyMMddHHmmss); otherwise the newest file's modification time.
 */
function takenAtOf(files: readonly ReadFile[]): string {
  let newest = 0;
  for (const f of files) {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?[-_]/.exec(basename(f.path));
    const t = m
      ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))
      : Number.NaN;
    const valid = m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31;
    newest = Math.max(newest, valid && !Number.isNaN(t) ? t : f.mtimeMs);
  }
  return new Date(newest || Date.now()).toISOString();
}
