import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

type Rec = { category: string; properties: { id: string; createdDateTime: string } };
const records = (): Rec[] =>
  readFileSync(join(PROJECT_ROOT, 'test/fixtures/shapes/diag-PT1H.json'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);

/**
 * The same id given again by a different record (another sign-in category, another time) is a conflict: it is kept
 * out like any duplicate (the first record of an id stands) but counted and named; the same record again (another
 * export of it, or the file imported twice) is a plain duplicate.
 */
describe('records whose ids collide with different content', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  const base = records();
  const [first, second] = base as [Rec, Rec];
  // The first record's id under another category and time; the second record as it was.
  const moved: Rec = {
    ...first,
    category: 'NonInteractiveUserSignInLogs',
    properties: { ...first.properties, createdDateTime: '2025-02-02T10:15:00+00:00' },
  };
  beforeAll(async () => {
    ({ ws, dir, cleanup } = await tempWorkspace());
    writeFileSync(join(dir, 'base.ndjson'), `${base.map((r) => JSON.stringify(r)).join('\n')}\n`);
    writeFileSync(join(dir, 'changed.ndjson'), `${[moved, second].map((r) => JSON.stringify(r)).join('\n')}\n`);
    writeFileSync(join(dir, 'changed.json'), JSON.stringify([moved, second]));
    // One file giving one id twice: the second time 30 seconds later.
    const later = { ...second, properties: { ...second.properties, createdDateTime: '2025-02-02T11:00:30+00:00' } };
    writeFileSync(join(dir, 'twice.json'), JSON.stringify([second, later, second]));
  });
  afterAll(() => cleanup());

  it('counts and names them on the direct NDJSON path, and not the same records imported again', async () => {
    const s = await importPaths(ws, [join(dir, 'base.ndjson')]);
    expect(s.files[0]).toMatchObject({ loader: 'ndjson-direct', read: 2, loaded: 2, duplicate: 0, conflict: 0 });
    const again = await importPaths(ws, [join(dir, 'base.ndjson'), join(dir, 'changed.ndjson')]);
    expect(again.files.map((f) => [f.loader, f.read, f.loaded, f.duplicate, f.conflict])).toEqual([
      ['ndjson-direct', 2, 0, 2, 0],
      ['ndjson-direct', 2, 0, 2, 1],
    ]);
    expect(again.files[1]?.conflicts).toEqual([{ table: 'signins', uid: first.properties.id }]);
    expect(again.totals).toMatchObject({ read: 4, loaded: 0, duplicate: 4, conflict: 1 });
    // The first record of the id stands.
    expect(await ws.all(`SELECT event_type FROM signins WHERE uid = $1`, [first.properties.id])).toEqual([
      { event_type: 'servicePrincipal' },
    ]);
  });

  it('counts them on the staged path, within one file too', async () => {
    const other = await Workspace.open(join(dir, 'staged'));
    try {
      await importPaths(other, [join(dir, 'base.ndjson')]);
      const s = await importPaths(other, [join(dir, 'changed.json')]);
      expect(s.files[0]).toMatchObject({ loader: 'staged', read: 2, loaded: 0, duplicate: 2, conflict: 1 });
      const third = await Workspace.open(join(dir, 'third'));
      try {
        const t = await importPaths(third, [join(dir, 'twice.json')]);
        expect(t.files[0]).toMatchObject({ read: 3, loaded: 1, duplicate: 2, conflict: 1 });
        expect(t.files[0]?.conflicts).toEqual([{ table: 'signins', uid: second.properties.id }]);
      } finally {
        await third.close();
      }
    } finally {
      await other.close();
    }
  });
});
