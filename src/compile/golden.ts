import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledQuery } from './query.js';

/** Golden files live beside the tests and are reviewed in diffs like code. */
export const GOLDEN_DIR = join(import.meta.dirname, 'golden');

/** The query as a golden file holds it: the SQL, then its parameters as a JSON comment line. */
export function goldenText(query: CompiledQuery): string {
  return `${query.sql}\n-- parameters: ${JSON.stringify(query.parameters)}\n`;
}

/**
 * The stored golden text for a name. PREMORTEM_UPDATE_GOLDEN=1 writes the current output first: for a new query
 * or a deliberate change, whose diff is then reviewed; never to make a failing test pass unread.
 */
export function golden(name: string, actual: string): string {
  const file = join(GOLDEN_DIR, `${name}.sql`);
  if (process.env.PREMORTEM_UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) return `missing golden file ${file}: run with PREMORTEM_UPDATE_GOLDEN=1 and review it`;
  return readFileSync(file, 'utf8');
}
