import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CACHE_ENV } from './workspace-cache.js';

/** One cache folder per `vitest run` for workspaces several files build alike (test/workspace-cache.ts). */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'premortem-test-cache-'));
  process.env[TEST_CACHE_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
