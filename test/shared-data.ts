import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is test/shared-data.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** ../shared beside the clone: real public samples we must never edit. */
export const SHARED_DATA = resolve(PROJECT_ROOT, '../shared/data');

/** Tests over the real samples run wherever ../shared is present (CI always has it). */
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);

if (!HAS_SHARED_DATA) {
  process.stderr.write(`note: ${SHARED_DATA} is absent: the tests over the real public samples are skipped\n`);
}
