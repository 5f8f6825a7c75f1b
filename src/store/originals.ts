import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, createGzip, gzipSync } from 'node:zlib';

/**
 * The chain of custody: every imported file is kept in the workspace as it was read, content-addressed by its
 * SHA-256 (`originals/<sha256>.gz`), so `evidence verify` can prove nothing changed and `show UID` can re-read
 * any row's record. gzip level 1: about a tenth of the size of sign-in JSON and fast enough to run beside the
 * load (zlib works on libuv's thread pool, not the JavaScript thread).
 */
export const ORIGINALS_DIR = 'originals';

export function originalPath(workspaceDir: string, sha256: string): string {
  return join(workspaceDir, ORIGINALS_DIR, `${sha256}.gz`);
}

let tmpCounter = 0;

/**
 * Hashes a file and keeps its compressed copy in one read: the import starts this beside DuckDB's first pass over
 * the file (hashing on the JavaScript thread, zlib on libuv's pool, DuckDB on its own threads) and awaits it before
 * its transaction commits, so no row ever points to an original that is not kept. The copy is written to a
 * temporary name and renamed to its content address once the hash is known: a killed import never leaves a partial
 * original that looks whole, and a copy already kept under that address is left as it was.
 */
export async function hashAndKeepOriginal(
  workspaceDir: string,
  path: string,
  /** Sees each chunk as it is hashed: a check that needs every byte of the file costs no read of its own. */
  onChunk?: (chunk: Buffer) => void,
): Promise<{ sha256: string; bytes: number; kept: string }> {
  const dir = join(workspaceDir, ORIGINALS_DIR);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${process.pid}-${tmpCounter++}.gz`);
  const hash = createHash('sha256');
  let bytes = 0;
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onChunk?.(chunk as Buffer);
  });
  try {
    await pipeline(source, createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(tmp));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const sha256 = hash.digest('hex');
  const kept = originalPath(workspaceDir, sha256);
  if (existsSync(kept)) rmSync(tmp, { force: true });
  else renameSync(tmp, kept);
  return { sha256, bytes, kept };
}

/**
 * Keeps bytes already in memory (a configuration snapshot's resource body, a few MB at most) under their SHA-256,
 * with the same temporary-name-then-rename as hashAndKeepOriginal. Call before the evidence row is written.
 */
export function keepOriginalBytes(workspaceDir: string, sha256: string, bytes: Uint8Array): void {
  const kept = originalPath(workspaceDir, sha256);
  if (existsSync(kept)) return;
  mkdirSync(join(workspaceDir, ORIGINALS_DIR), { recursive: true });
  const tmp = join(workspaceDir, ORIGINALS_DIR, `.tmp-${process.pid}-${tmpCounter++}.gz`);
  writeFileSync(tmp, gzipSync(bytes, { level: constants.Z_BEST_SPEED }));
  renameSync(tmp, kept);
}

/** The kept original's bytes, decompressed. */
export function readOriginal(workspaceDir: string, sha256: string): Readable {
  return createReadStream(originalPath(workspaceDir, sha256)).pipe(createGunzip());
}

export type OriginalState = 'ok' | 'modified' | 'missing';

/** Re-hashes a kept original: ok, modified (other bytes, or no longer a readable archive), or missing. */
export async function verifyOriginal(
  workspaceDir: string,
  sha256: string,
): Promise<{ state: OriginalState; actual?: string }> {
  if (!existsSync(originalPath(workspaceDir, sha256))) return { state: 'missing' };
  const hash = createHash('sha256');
  try {
    for await (const chunk of readOriginal(workspaceDir, sha256)) hash.update(chunk as Buffer);
  } catch (err) {
    return { state: 'modified', actual: `unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const actual = hash.digest('hex');
  return actual === sha256 ? { state: 'ok' } : { state: 'modified', actual };
}
