import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from './shared-data.js';

/**
 * Compares text with test/golden/NAME. PREMORTEM_UPDATE_GOLDEN=1 rewrites the file instead: review the diff before
 * committing it. A missing golden file fails (it is never created silently).
 */
export function expectGolden(name: string, text: string): void {
  const file = join(PROJECT_ROOT, 'test/golden', name);
  if (process.env.PREMORTEM_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`missing golden file ${file}: set PREMORTEM_UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
