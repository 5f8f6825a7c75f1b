import { resolve } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';

/** A rejected record as it was kept: which file, which record, why, and its text as it was read. */
export interface RejectView {
  /** What `premortem show` takes to find this record again: reject:<sha256 prefix>:<record index>. */
  ref: string;
  evidence_sha256: string;
  path: string;
  /** Data-record index in the file; negative for a CSV line the reader could not split (minus the line number). */
  record_index: number;
  reason: string;
  /** The record's text as read (null when the reader could not keep it). */
  raw: string | null;
}

const REF = /^reject:([0-9a-f]{4,64}):(-?\d+)$/i;

/** Whether a `show` argument names a reject rather than a row uid. */
export const isRejectRef = (text: string): boolean => REF.test(text);

type Row = { evidence_sha256: string; path: string; record_index: bigint; reason: string; raw: string | null };

const view = (r: Row): RejectView => ({
  ref: `reject:${r.evidence_sha256.slice(0, 12)}:${Number(r.record_index)}`,
  evidence_sha256: r.evidence_sha256,
  path: r.path,
  record_index: Number(r.record_index),
  reason: r.reason,
  raw: r.raw,
});

/** The files (evidence SHA-256) a prefix names; more than one is a usage error, none an empty list. */
async function shasByPrefix(ws: Workspace, prefix: string): Promise<string[]> {
  const rows = await ws.all<{ sha256: string }>(
    'SELECT DISTINCT evidence_sha256 AS sha256 FROM rejects WHERE starts_with(evidence_sha256, $1) ORDER BY 1',
    [prefix.toLowerCase()],
  );
  return rows.map((r) => r.sha256);
}

function ambiguous(prefix: string, shas: string[]): PremortemError {
  return new PremortemError('usage', `${prefix} is the start of ${shas.length} files' SHA-256`, {
    hint: `give more characters: ${shas.map((s) => s.slice(0, 16)).join(', ')}`,
  });
}

/** One reject by its ref (reject:<sha256 prefix>:<index>). */
export async function findReject(ws: Workspace, ref: string): Promise<RejectView> {
  const m = REF.exec(ref.trim());
  if (!m?.[1] || m[2] === undefined) {
    throw new PremortemError('usage', `${ref} is not a reject reference`, {
      hint: 'a reject is named reject:<sha256 prefix>:<record index>, as `premortem show --rejects` lists them',
    });
  }
  const shas = await shasByPrefix(ws, m[1]);
  if (shas.length > 1) throw ambiguous(m[1], shas);
  const row = await ws.one<Row>('SELECT * FROM rejects WHERE evidence_sha256 = $1 AND record_index = $2', [
    shas[0] ?? '',
    Number(m[2]),
  ]);
  if (!row) {
    throw new PremortemError('usage', `no rejected record ${ref}`, {
      hint: 'premortem show --rejects lists the rejected records of every file (or of one: --rejects FILE|SHA256)',
    });
  }
  return view(row);
}

/**
 * The rejects of one file (by the path it was imported from, or by its SHA-256 or a prefix of it), or of every
 * file, in file and record order; `limit` caps the list, `total` says how many there are.
 */
export async function listRejects(
  ws: Workspace,
  fileOrSha: string | undefined,
  limit: number,
): Promise<{ total: number; rejects: RejectView[] }> {
  let where = '';
  let params: string[] = [];
  if (fileOrSha !== undefined) {
    const byPath = await ws.all<{ sha256: string }>(
      'SELECT DISTINCT evidence_sha256 AS sha256 FROM rejects WHERE path = $1 OR path = $2',
      [fileOrSha, resolve(fileOrSha)],
    );
    const shas =
      byPath.length > 0
        ? byPath.map((r) => r.sha256)
        : /^[0-9a-f]{4,64}$/i.test(fileOrSha)
          ? await shasByPrefix(ws, fileOrSha)
          : [];
    if (shas.length === 0) {
      const known = await ws.one('SELECT 1 FROM evidence WHERE path = $1 OR path = $2 OR starts_with(sha256, $3)', [
        fileOrSha,
        resolve(fileOrSha),
        fileOrSha.toLowerCase(),
      ]);
      if (known) return { total: 0, rejects: [] };
      throw new PremortemError('usage', `no imported file ${fileOrSha}`, {
        hint: 'name a file by the path it was imported from or by its SHA-256 (premortem evidence lists them)',
      });
    }
    if (byPath.length === 0 && shas.length > 1) throw ambiguous(fileOrSha, shas);
    where = `WHERE evidence_sha256 IN (${shas.map((_, i) => `$${i + 1}`).join(', ')})`;
    params = shas;
  }
  const total = Number(await ws.scalar(`SELECT count(*) FROM rejects ${where}`, params));
  const rows = await ws.all<Row>(
    `SELECT * FROM rejects ${where} ORDER BY path, evidence_sha256, record_index LIMIT ${Math.max(0, Math.floor(limit))}`,
    params,
  );
  return { total, rejects: rows.map(view) };
}
