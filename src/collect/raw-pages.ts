/**
 * Graph pages kept as they arrived, gzipped and named by their SHA-256, in <workspace>/raw/graph/. They are the
 * "original file" of collected data (DESIGN.md: keep the original compressed, with a record pointer): a stored
 * row's evidence_sha256 names its page and record_index its position in the page's "value" array.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export function rawPagePath(workspaceDir: string, sha256: string): string {
  return join(workspaceDir, 'raw', 'graph', sha256.slice(0, 2), `${sha256}.json.gz`);
}

/** Writes the page once (content-addressed); written before the rows' transaction, so a row never lacks it. */
export function keepRawPage(workspaceDir: string, sha256: string, body: Buffer): void {
  const path = rawPagePath(workspaceDir, sha256);
  if (existsSync(path)) return;
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, gzipSync(body));
  renameSync(tmp, path);
}

/** The page body as Graph sent it. */
export function readRawPage(workspaceDir: string, sha256: string): Buffer {
  return gunzipSync(readFileSync(rawPagePath(workspaceDir, sha256)));
}
