/**
 * Probe group 7, lines of 2 to 8 MB: accepted whole or refused deliberately, never cut short. A CSV line over
 * DuckDB's default 2,000,000 bytes was rejected although its one long value was inside the 8 MB value limit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/store/workspace.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { graphSignin, laSigninCsv } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

const MB = 1024 * 1024;

async function storedLengths(ws: string, column: string): Promise<Record<string, number>> {
  const w = await Workspace.open(ws, { create: false });
  try {
    const rows = await w.all<{ source_id: string; n: bigint | null }>(
      `SELECT source_id, length(${column}) AS n FROM signins ORDER BY source_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.source_id, Number(r.n ?? 0)]));
  } finally {
    w.close();
  }
}

describe('probe: lines of 2 to 8 MB', () => {
  it.each([3, 7])('an NDJSON record of %i MB is loaded whole, with the records around it', async (mb) => {
    const file = join(dir, `long-${mb}.ndjson`);
    const records = [
      graphSignin(1, '2025-09-09T18:00:00Z'),
      graphSignin(2, '2025-09-09T18:01:00Z', { userDisplayName: 'x'.repeat(mb * MB) }),
      graphSignin(3, '2025-09-09T18:02:00Z'),
    ];
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const ws = join(dir, `ws-ndjson-${mb}`);
    const r = premortem(['--workspace', ws, '--json', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect((await storedLengths(ws, 'user_display_name'))['probe-signin-2']).toBe(mb * MB);
  });

  it.each([3, 7])('a CSV line holding a %i MB value is loaded whole', async (mb) => {
    const file = join(dir, `long-${mb}.csv`);
    writeFileSync(
      file,
      laSigninCsv(3, (i, row) =>
        i === 1 ? Buffer.from(row.toString().replace('Invalid username or password.', 'y'.repeat(mb * MB))) : row,
      ),
    );
    const ws = join(dir, `ws-csv-${mb}`);
    const r = premortem(['--workspace', ws, '--json', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect((await storedLengths(ws, 'failure_reason'))['la-1']).toBe(mb * MB);
  });
});
