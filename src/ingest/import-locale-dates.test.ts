import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes/locale-dates', name);
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

async function times(ws: Workspace, table: 'signins' | 'audits'): Promise<[string, string][]> {
  const col = table === 'signins' ? 'created_at' : 'activity_at';
  const rows = await ws.all<{ uid: string; t: unknown }>(`SELECT uid, ${col} AS t FROM ${table} ORDER BY uid`);
  return rows.map((r) => [r.uid.slice(-3), iso(r.t)]);
}

describe('locale-formatted dates in CSV exports, decided per file', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('reads a day-first file: a day above 12 first proves the order for every row', async () => {
    const s = await importPaths(ws, [fixture('InteractiveSignIns_2026-11-23_dayfirst.csv')]);
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected, f.dates])).toEqual([
      [
        4,
        3,
        1, // 23/11 and 31/02 prove the order (31/02 is then rejected: no such day).
        { order: 'dmy', basis: 'day-first: 2 date(s) with a day above 12 first', ambiguousDates: 0 },
      ],
    ]);
    expect(await times(ws, 'signins')).toEqual([
      ['101', '2026-11-23T14:05:09.000Z'],
      ['102', '2026-11-03T09:00:00.000Z'], // 03/11 in this file is the 3rd of November, not March 11
      ['103', '2026-02-01T08:00:00.000Z'],
    ]);
    // 31/02 is no date in either order: rejected with the value, not rolled over to March.
    expect(await ws.all('SELECT record_index, reason FROM rejects')).toEqual([
      { record_index: 3n, reason: 'Date (UTC) "31/02/2026 10:00:00" is not a date' },
    ]);
  });

  it('reads a month-first file with AM/PM times', async () => {
    const s = await importPaths(ws, [fixture('InteractiveSignIns_2026-11-23_monthfirst.csv')]);
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected, f.dates?.order])).toEqual([[3, 3, 0, 'mdy']]);
    expect(await times(ws, 'signins')).toEqual([
      ['201', '2026-11-23T14:05:09.000Z'],
      ['202', '2026-03-11T09:00:00.000Z'],
      ['203', '2026-12-01T00:30:00.000Z'],
    ]);
  });

  it('reads dotted dates (a day-first convention) in the portal audit download', async () => {
    const s = await importPaths(ws, [fixture('AuditLogs_2026-11-23_dotted.csv')]);
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected, f.dates?.basis])).toEqual([
      [2, 2, 0, 'day-first: 1 date(s) with a day above 12 first, 2 dotted date(s)'],
    ]);
    const rows = await ws.all<{ activity: string; t: unknown }>(
      'SELECT activity, activity_at AS t FROM audits ORDER BY activity_at',
    );
    expect(rows.map((r) => [r.activity, iso(r.t)])).toEqual([
      ['Reset user password', '2026-10-01T09:30:15.000Z'],
      ['Update user', '2026-11-23T14:05:00.000Z'],
    ]);
  });

  it('reads an undecided file month-first, as before, and reports how many dates it had to read so', async () => {
    const s = await importPaths(ws, [fixture('InteractiveSignIns_2026-11-23_ambiguous.csv')]);
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected, f.dates])).toEqual([
      [
        4,
        4,
        0,
        {
          order: 'undecided',
          basis: 'undecided: 2 date(s) read either way and none shows the order; read month-first',
          ambiguousDates: 2, // 03/04 and 05/06; 07/07 reads the same both ways, the ISO row needs no order
        },
      ],
    ]);
    expect(await times(ws, 'signins')).toEqual([
      ['301', '2026-03-04T10:00:00.000Z'],
      ['302', '2026-05-06T11:00:00.000Z'],
      ['303', '2026-07-07T12:00:00.000Z'],
      ['304', '2026-04-05T10:00:00.000Z'],
    ]);
    expect(await ws.all('SELECT reason FROM rejects')).toEqual([]);
  });

  it('reads an undecided file in the order the user gives', async () => {
    const s = await importPaths(ws, [fixture('InteractiveSignIns_2026-11-23_ambiguous.csv')], { dateOrder: 'dmy' });
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected, f.dates?.basis])).toEqual([[4, 4, 0, '--date-order dmy']]);
    expect(await times(ws, 'signins')).toEqual([
      ['301', '2026-04-03T10:00:00.000Z'],
      ['302', '2026-06-05T11:00:00.000Z'],
      ['303', '2026-07-07T12:00:00.000Z'],
      ['304', '2026-04-05T10:00:00.000Z'],
    ]);
  });

  it('reads an Extractor-Suite UAL CSV from a day-first locale: CreationDate dates rows whose AuditData has no time', async () => {
    const s = await importPaths(ws, [fixture('UAL-20261123140000-20261123150000-dayfirst.csv')]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded, f.rejected, f.dates?.order])).toEqual([
      ['ual-csv', 3, 3, 0, 'dmy'],
    ]);
    const rows = await ws.all<{ operation: string; t: unknown }>(
      'SELECT operation, created_at AS t FROM activities ORDER BY created_at',
    );
    expect(rows.map((r) => [r.operation, iso(r.t)])).toEqual([
      ['Set-Mailbox', '2026-11-03T09:15:00.000Z'],
      ['Set-InboxRule', '2026-11-04T10:00:00.000Z'],
      ['New-InboxRule', '2026-11-23T14:05:09.000Z'],
    ]);
  });

  it('decides each file on its own evidence within one import', async () => {
    const s = await importPaths(ws, [
      fixture('InteractiveSignIns_2026-11-23_dayfirst.csv'),
      fixture('InteractiveSignIns_2026-11-23_monthfirst.csv'),
    ]);
    expect(s.files.map((f) => f.dates?.order)).toEqual(['dmy', 'mdy']);
    expect((await times(ws, 'signins')).filter(([u]) => u === '102' || u === '202')).toEqual([
      ['102', '2026-11-03T09:00:00.000Z'],
      ['202', '2026-03-11T09:00:00.000Z'],
    ]);
  });
});
