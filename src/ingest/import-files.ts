import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { RecordMapper } from '../core/mapper.js';
import { MAPPERS_BY_DIALECT } from '../normalize/index.js';
import type { DateOrder } from '../normalize/locale-date.js';
import { type LoadedSnapshot, loadSnapshotFolder } from '../snapshot/folder-load.js';
import { isSnapshotFolder } from '../snapshot/folder-read.js';
import { type ConfigCsvShape, sniffConfigCsv } from '../sources/files/config-csv.js';
import { JSON_LIMITS, JsonRecordSplitter, JsonRecordTooLarge, type RawRecord } from '../sources/files/json-splitter.js';
import { LongLineWatch, looksLikeNdjson } from '../sources/files/ndjson.js';
import { type Sniffed, sniffFile } from '../sources/files/sniff.js';
import { markedBytes, showMarkedBytes } from '../sources/files/utf8-marks.js';
import { expandPaths } from '../sources/files/walk.js';
import { compactIfNeeded } from '../store/compact.js';
import { recordEvidence } from '../store/evidence.js';
import {
  addCounts,
  createStage,
  emptyCounts,
  type FileContext,
  type LoadCounts,
  mergeStage,
  openStageAppender,
} from '../store/load.js';
import { canLoadNdjsonFast, insertNdjsonPlan, planNdjsonFile } from '../store/load-ndjson.js';
import { hashAndKeepOriginal } from '../store/originals.js';
import { withQueryProgress } from '../store/query-progress.js';
import type { Workspace } from '../store/workspace.js';
import { removeUnrecordedOriginals } from './custody-reconcile.js';
import type { FileDates } from './date-order.js';
import { type ConfigFileResult, importConfigCsvs } from './import-config-csv.js';
import { hexByte, type InvalidUtf8At, invalidUtf8Reason, keepReject } from './invalid-utf8.js';
import { loadCsv } from './load-csv.js';

export interface FileResult extends LoadCounts {
  path: string;
  sha256: string;
  bytes: number;
  shape: string;
  kind: string;
  /** ndjson-direct: DuckDB read the lines itself (store/load-ndjson.ts); staged: record by record. */
  loader: 'ndjson-direct' | 'staged';
  rejectReasons: { reason: string; count: number }[];
  /** CSV files with locale-formatted dates: the order they were read in, and rows left ambiguous. */
  dates?: FileDates;
  /** Where the file holds bytes that are not UTF-8 (the records holding them are rejected). */
  invalidUtf8?: InvalidUtf8At[];
}

export interface ImportSummary {
  files: FileResult[];
  skipped: { path: string; seen: string }[];
  /** Configuration snapshot folders (one Graph response body per resource) loaded into `snapshots`. */
  snapshots: LoadedSnapshot[];
  /** Extractor-Suite configuration CSVs, loaded into `snapshots` (import-config-csv.ts). */
  configFiles: ConfigFileResult[];
  totals: {
    files: number;
    read: number;
    loaded: number;
    duplicate: number;
    /** Of the duplicates, ids already taken by a different record (LoadCounts.conflict). */
    conflict: number;
    rejected: number;
    undated: number;
  };
  /** Kept originals (SHA-256) an earlier import left without an evidence row (it died before committing): removed. */
  removedOriginals?: string[];
}

/**
 * The share of a fast-path import's time its checking pass takes (the pass, its counts, the custody copy it waits
 * for), the rest being the key set, the wide read and write and the id index: about 6 s of 17 at 2,000,000 sign-ins.
 */
const FAST_PLAN_SHARE = 0.35;

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Records staged before DuckDB maps them; bounds memory on multi-gigabyte files. */
  batchSize?: number;
  /** The order of locale-formatted dates ("03/04/2026") when a file's own dates cannot tell it. */
  dateOrder?: DateOrder;
}

/**
 * Imports files and folders: every file of a supported shape is read, normalized and merged; a folder's other
 * files are skipped and named; a file named explicitly with no supported shape stops the import before anything
 * is written (an input error). Each file is one transaction: killed mid-way, it leaves nothing behind.
 */
export async function importPaths(
  ws: Workspace,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // Copies an earlier import kept and never recorded (it died, or stopped on an input error) go first.
  const removed = await removeUnrecordedOriginals(ws);
  try {
    const summary = await importAll(ws, paths, options);
    return removed.length > 0 ? { ...summary, removedOriginals: removed } : summary;
  } catch (err) {
    // The file that failed rolled back its rows and evidence row: its kept copy goes too. If the store itself is
    // unusable now, the next import removes it.
    await removeUnrecordedOriginals(ws).catch(() => undefined);
    throw err;
  }
}

async function importAll(ws: Workspace, paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const expanded = await expandPaths(paths, { isFolderInput: isSnapshotFolder });
  const { files: inputs, folders } = expanded;
  const plan: { path: string; sniffed: Extract<Sniffed, { supported: true }> }[] = [];
  const skipped: ImportSummary['skipped'] = [...expanded.skipped];
  const configPlan: { path: string; shape: ConfigCsvShape }[] = [];
  for (const input of inputs) {
    // Configuration CSVs go to snapshots, not to the event tables (recognised by their headers).
    const config = await sniffConfigCsv(input.path);
    if (config) {
      configPlan.push({ path: input.path, shape: config });
      continue;
    }
    const sniffed = await sniffFile(input.path);
    if (sniffed.supported) plan.push({ path: input.path, sniffed });
    else if (input.explicit) {
      throw new PremortemError('input-unsupported', `${input.path} is not a supported log: ${sniffed.seen}`, {
        source: { file: input.path },
        hint: 'premortem reads Entra sign-in and directory-audit exports (Graph JSON, Azure Monitor diagnostic records, Log Analytics CSV/JSON, portal downloads) and the unified audit log (Management API JSON, Purview / Search-UnifiedAuditLog CSV, OfficeActivity)',
      });
    } else skipped.push({ path: input.path, seen: sniffed.seen });
  }
  // Every file skipped is input that cannot be used (exit 2), not a successful import of nothing.
  if (skipped.length > 0 && plan.length === 0 && configPlan.length === 0 && folders.length === 0) {
    const shown = skipped.slice(0, 5).map((k) => `${k.path} (${k.seen})`);
    throw new PremortemError(
      'input-unsupported',
      `nothing to import: every file was skipped as not a supported log: ${shown.join('; ')}${skipped.length > 5 ? `; and ${skipped.length - 5} more` : ''}`,
      {
        source: { file: skipped[0]?.path ?? '' },
        hint: 'premortem reads Entra sign-in, audit and Graph activity exports and the unified audit log: see README, "Input shapes"',
      },
    );
  }

  const files: FileResult[] = [];
  let fileIndex = 0;
  for (const { path, sniffed } of plan) {
    fileIndex++;
    // Chain of custody: one read hashes the file and keeps its compressed original. It runs beside DuckDB's
    // checking pass (which needs no hash) and is awaited before anything is written, so no row ever points to an
    // original that is not kept.
    const longLines = sniffed.format === 'json' ? new LongLineWatch(JSON_LIMITS.maxRecordBytes) : undefined;
    const custody = hashAndKeepOriginal(ws.dir, path, longLines && ((chunk) => longLines.push(chunk)));
    custody.catch(() => undefined); // awaited below; this only stops an early failure from going unhandled
    const hint = eventTypeHint(path, sniffed.dialect);
    const mappers = MAPPERS_BY_DIALECT[sniffed.dialect];
    const contextOf = (sha256: string): FileContext => ({
      sha256,
      path,
      shape: sniffed.shape,
      ...(hint ? { eventTypeHint: hint } : {}),
    });
    let fileBytes = statSync(path).size;
    const report = (bytesDone: number) =>
      options.onProgress?.({ file: path, fileIndex, fileCount: plan.length, bytesDone, bytesTotal: fileBytes });
    const record = async (sha256: string, bytes: number, c: LoadCounts) => {
      await recordEvidence(ws, { sha256, path, bytes, shape: sniffed.shape }, c);
      return c;
    };
    // The fast path's progress: DuckDB's own through each statement, the checking pass's statements counted as
    // the first FAST_PLAN_SHARE of the file and the load's as the rest (their shares of the time at 2,000,000
    // sign-ins); never backwards, since each statement restarts at 0 %.
    let phase = { from: 0, share: FAST_PLAN_SHARE };
    let shown = 0;
    const advance = (percent: number) => {
      const done = Math.floor((phase.from + (phase.share * percent) / 100) * fileBytes);
      if (done <= shown) return;
      shown = done;
      report(done);
    };
    const fast =
      sniffed.format === 'json' && canLoadNdjsonFast(mappers) && (await looksLikeNdjson(path))
        ? await withQueryProgress(ws, options.onProgress && advance, () =>
            ws.transaction(async () => {
              const planned = await planNdjsonFile(ws, path, mappers);
              if (planned === undefined) return undefined;
              const { sha256, bytes } = await custody;
              // A line past the record limit: the staged path refuses it, naming the record.
              if (longLines?.over) return undefined;
              phase = { from: FAST_PLAN_SHARE, share: 1 - FAST_PLAN_SHARE };
              const c = await insertNdjsonPlan(ws, planned, contextOf(sha256));
              return record(sha256, bytes, c);
            }),
          )
            // A line DuckDB's reader refuses (not JSON, another shape): nothing was written; the staged path
            // reads the file record by record and keeps what it cannot load with the reason.
            .catch(async (err: unknown) => {
              // Settings are not transactional: undo the fast path's one if its transaction failed mid-insert.
              await ws.run('RESET preserve_insertion_order');
              if (err instanceof Error && /Invalid Input Error|Conversion Error/.test(err.message)) return undefined;
              throw err;
            })
        : undefined;
    const { sha256, bytes } = await custody;
    fileBytes = bytes;
    const ctx = contextOf(sha256);
    let dates: FileDates | undefined;
    const counts =
      fast ??
      (await ws.transaction(async () => {
        await createStage(ws);
        const c =
          sniffed.format === 'csv'
            ? await loadCsv(
                ws,
                ctx,
                sniffed.headers ?? [],
                mappers,
                sniffed.dialect === 'portal',
                options.dateOrder,
                (d) => {
                  dates = d;
                },
              )
            : await loadJson(ws, ctx, mappers, options.batchSize ?? 100_000, report);
        return record(sha256, bytes, c);
      }));
    report(bytes);
    const rejectReasons = (
      await ws.all<{ reason: string; n: bigint }>(
        'SELECT reason, count(*) AS n FROM rejects WHERE evidence_sha256 = $1 GROUP BY reason ORDER BY n DESC, reason',
        [sha256],
      )
    ).map((r) => ({ reason: r.reason, count: Number(r.n) }));
    const loader = fast ? 'ndjson-direct' : 'staged';
    files.push({
      ...counts,
      path,
      sha256,
      bytes,
      shape: sniffed.shape,
      kind: sniffed.kind,
      loader,
      rejectReasons,
      ...(dates ? { dates } : {}),
    });
  }

  // Many small inputs (an Extractor-Suite folder) make many small files: merged into month files here.
  await compactIfNeeded(ws);
  const sum = (k: 'read' | 'loaded' | 'duplicate' | 'conflict' | 'rejected' | 'undated') =>
    files.reduce((a, f) => a + f[k], 0);
  const snapshots: LoadedSnapshot[] = [];
  for (const dir of folders) snapshots.push(await loadSnapshotFolder(ws, dir));
  let configFiles: ConfigFileResult[] = [];
  if (configPlan.length > 0) {
    const config = await importConfigCsvs(ws, configPlan, options.dateOrder ? { dateOrder: options.dateOrder } : {});
    snapshots.push(config.snapshot);
    configFiles = config.files;
  }
  return {
    files,
    skipped,
    snapshots,
    configFiles,
    totals: {
      files: files.length,
      read: sum('read'),
      loaded: sum('loaded'),
      duplicate: sum('duplicate'),
      conflict: sum('conflict'),
      rejected: sum('rejected'),
      undated: sum('undated'),
    },
  };
}

/**
 * Portal sign-in downloads are one file per tab and the rows do not say which (reference/portal_csv_headers.md:
 * InteractiveSignIns_…, NonInteractiveSignIns_…, ApplicationSignIns_…, MSISignIns_…): the file name tells.
 */
function eventTypeHint(path: string, dialect: string): FileContext['eventTypeHint'] {
  if (dialect !== 'portal') return undefined;
  const name = basename(path).toLowerCase();
  if (name.startsWith('noninteractivesignins')) return 'nonInteractiveUser';
  if (name.startsWith('interactivesignins')) return 'interactiveUser';
  if (name.startsWith('applicationsignins')) return 'servicePrincipal';
  if (name.startsWith('msisignins')) return 'managedIdentity';
  return undefined;
}

async function loadJson(
  ws: Workspace,
  ctx: FileContext,
  mappers: readonly RecordMapper[],
  batchSize: number,
  report: (bytesDone: number) => void,
): Promise<LoadCounts & { invalidUtf8?: InvalidUtf8At[] }> {
  const total = emptyCounts();
  const invalidUtf8: InvalidUtf8At[] = [];
  const splitter = new JsonRecordSplitter();
  let appender = await openStageAppender(ws);
  let staged = 0;
  let bytesDone = 0;
  const flush = async () => {
    appender.closeSync();
    addCounts(total, await mergeStage(ws, ctx, mappers));
    appender = await openStageAppender(ws);
    staged = 0;
  };
  const stageAll = async (records: RawRecord[]) => {
    for (const r of records) {
      if (r.invalidUtf8) {
        // Decoding would turn these bytes into U+FFFD and lose them: the record is rejected, its bytes shown.
        const at = { record: r.index, recordOffset: r.invalidUtf8.offset, byte: hexByte(r.invalidUtf8.byte) };
        const bytes = [...new Set(markedBytes(r.text))].join(' ');
        const where = `(the first at byte ${at.recordOffset} of record ${r.index})`;
        await keepReject(ws, ctx, r.index, invalidUtf8Reason(bytes, where), showMarkedBytes(r.text));
        total.read++;
        total.rejected++;
        invalidUtf8.push(at);
        continue;
      }
      appender.appendBigInt(BigInt(r.index));
      appender.appendVarchar(r.text);
      appender.endRow();
      staged++;
    }
    if (staged >= batchSize) await flush();
  };
  try {
    for await (const chunk of createReadStream(ctx.path, { highWaterMark: 4 * 1024 * 1024 })) {
      const buf = chunk as Buffer;
      bytesDone += buf.length;
      await stageAll(splitter.push(buf));
      report(bytesDone);
    }
    await stageAll(splitter.end());
  } catch (err) {
    appender.closeSync();
    throw err instanceof JsonRecordTooLarge ? recordTooLarge(ctx.path, err) : err;
  }
  appender.closeSync();
  addCounts(total, await mergeStage(ws, ctx, mappers));
  return { ...total, ...(invalidUtf8.length > 0 ? { invalidUtf8 } : {}) };
}

/** A record past the splitter's limit stops the import of its file: an input error naming the file and record. */
function recordTooLarge(path: string, err: JsonRecordTooLarge): PremortemError {
  return new PremortemError(
    'input-malformed',
    `${path} (record ${err.index}): the record starting at byte ${err.offset} is longer than the ${err.maxRecordBytes} bytes premortem reads in one JSON record`,
    {
      source: { file: path, record: err.index },
      hint: 'no Entra or unified-audit-log record comes near this size (the largest are tens of KB): the file is damaged or not a log export',
    },
  );
}
