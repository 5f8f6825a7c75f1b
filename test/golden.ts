import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from './shared-data.js';

/**
 * The one golden-file mechanism: compares text with test/golden/NAME (NAME may hold a folder: cli/detect.txt).
 * PREMORTEM_UPDATE_GOLDEN=1 rewrites the file instead: review the diff before committing it. A missing golden file
 * fails (it is never created silently).
 */
export function expectGolden(name: string, text: string): void {
  const file = join(PROJECT_ROOT, 'test/golden', name);
  if (process.env.PREMORTEM_UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${file}: set PREMORTEM_UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
