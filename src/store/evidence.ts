import type { LoadCounts } from './load.js';
import { type OriginalState, originalPath, verifyOriginal } from './originals.js';
import type { Workspace } from './workspace.js';

export interface EvidenceRow {
  sha256: string;
  path: string;
  bytes: number;
  shape: string;
  target_table: string;
  records_read: number;
  records_loaded: number;
  records_duplicate: number;
  records_rejected: number;
  imported_at: string;
}

/**
 * One row per distinct input (by SHA-256): the first import's counts stand; importing the same bytes again
 * (from any path) adds nothing, which is what makes a re-import provably idempotent.
 */
export async function recordEvidence(
  ws: Workspace,
  file: { sha256: string; path: string; bytes: number; shape: string },
  counts: LoadCounts,
): Promise<void> {
  const tables = Object.keys(counts.byTable).sort().join(',') || '-';
  await ws.run(`INSERT INTO evidence VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) ON CONFLICT DO NOTHING`, [
    file.sha256,
    file.path,
    file.bytes,
    file.shape,
    tables,
    counts.read,
    counts.loaded,
    counts.duplicate,
    counts.rejected,
  ]);
}

export async function listEvidence(ws: Workspace): Promise<EvidenceRow[]> {
  const rows = await ws.all('SELECT * FROM evidence ORDER BY imported_at, path');
  return rows.map((r) => ({
    sha256: String(r.sha256),
    path: String(r.path),
    bytes: Number(r.bytes),
    shape: String(r.shape),
    target_table: String(r.target_table),
    records_read: Number(r.records_read),
    records_loaded: Number(r.records_loaded),
    records_duplicate: Number(r.records_duplicate),
    records_rejected: Number(r.records_rejected),
    imported_at: r.imported_at instanceof Date ? r.imported_at.toISOString() : String(r.imported_at),
  }));
}

export interface EvidenceCheck {
  sha256: string;
  path: string;
  /** The kept copy in the workspace. */
  kept: string;
  state: OriginalState;
  /** What the kept copy hashes to now, when it is not what was imported. */
  actual?: string;
}

/** Re-hashes every kept original against the SHA-256 recorded at import. */
export async function verifyEvidence(ws: Workspace): Promise<EvidenceCheck[]> {
  const out: EvidenceCheck[] = [];
  for (const e of await listEvidence(ws)) {
    const check = await verifyOriginal(ws.dir, e.sha256);
    out.push({ sha256: e.sha256, path: e.path, kept: originalPath(ws.dir, e.sha256), ...check });
  }
  return out;
}
