import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { PremortemError } from '../core/errors.js';
import { EVENT_TABLES, type EventTable } from '../core/event-model.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';
import { rawRecord } from './raw-record.js';

// The import contract, over every input-shape fixture (test/fixtures/shapes): what each shape's own tests check
// in detail, this suite holds every shape to, so a new shape cannot skip it. A fixture of an unsupported shape
// must be refused as such, with nothing written.
const SHAPES = join(PROJECT_ROOT, 'test/fixtures/shapes');
const fixtures = (readdirSync(SHAPES, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((f) => /\.(json|csv|ndjson)$/i.test(f))
  .sort();
const TABLES = Object.keys(EVENT_TABLES) as EventTable[];

let ws: Workspace;
let cleanup: () => void;
beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
afterEach(() => cleanup());

/** Rows per event table (and configuration objects), to compare before and after a second import. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...TABLES, 'snapshots', 'evidence']) out[t] = Number(await ws.scalar(`SELECT count(*) FROM ${t}`));
  return out;
}

describe.each(fixtures)('import contract: %s', (name) => {
  it('read = loaded + duplicate + rejected; a second import is all duplicates; every row points to its record; UTC', async () => {
    const file = join(SHAPES, name);
    const empty = await counts();
    let first: Awaited<ReturnType<typeof importPaths>>;
    try {
      first = await importPaths(ws, [file]);
    } catch (err) {
      // A file named on the command line that holds no supported log is an input error before anything is written.
      if (!(err instanceof PremortemError)) throw err;
      expect(err.code, err.message).toBe('input-unsupported');
      expect(err.message).toContain(file);
      expect(await counts()).toEqual(empty);
      return;
    }
    const results = [...first.files, ...first.configFiles];
    expect(results.length, `${name} was not imported: ${JSON.stringify(first.skipped)}`).toBe(1);
    for (const r of results) {
      expect(r.read, relative(SHAPES, r.path)).toBe(r.loaded + r.duplicate + r.rejected);
      expect(r.read).toBeGreaterThan(0);
    }
    expect(first.totals.read).toBe(first.totals.loaded + first.totals.duplicate + first.totals.rejected);

    const before = await counts();
    const second = await importPaths(ws, [file]);
    expect(second.totals.loaded).toBe(0);
    expect(await counts()).toEqual(before);

    for (const table of TABLES) {
      const time = EVENT_TABLES[table].timeColumn;
      const rows = await ws.all<{ uid: string; record_index: bigint; t: string | null }>(
        `SELECT uid, record_index, CAST(${time} AS VARCHAR) AS t FROM ${table}`,
      );
      for (const row of rows) {
        const view = await rawRecord(ws, row.uid);
        expect(view.record_index, `${table} ${row.uid}`).toBe(Number(row.record_index));
        expect(view.raw.length, `${table} ${row.uid}`).toBeGreaterThan(0);
        if (row.t !== null) expect(row.t, `${table}.${time} of ${row.uid}`).toMatch(/\+00$/);
      }
    }
  });
});
