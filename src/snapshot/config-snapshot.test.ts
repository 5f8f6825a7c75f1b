import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { listStoredSnapshots, readSnapshotFolder, readStoredSnapshot } from './config-snapshot.js';
import { loadSnapshotFolder } from './folder-load.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/snapshots');
let t: { ws: Workspace; dir: string; cleanup: () => void };
beforeEach(async () => {
  t = await tempWorkspace();
});
afterEach(() => t.cleanup());

describe('reading snapshots', () => {
  it('reads a folder: lists as their value items, single policies as one object, id and time from the manifest', () => {
    const s = readSnapshotFolder(join(FIXTURES, 'fail'));
    expect(s.id).toBe('fixture-fail');
    expect(s.takenAt).toBe('2025-10-01T00:00:00Z');
    expect(s.resources.get('users')).toHaveLength(3);
    expect(s.resources.get('securityDefaults')).toEqual([expect.objectContaining({ isEnabled: false })]);
    expect(s.resources.has('premortem-snapshot')).toBe(false);
  });

  it('reads a snapshot the workspace stored, the same objects as the folder; the newest by default', async () => {
    await loadSnapshotFolder(t.ws, join(FIXTURES, 'pass'));
    await loadSnapshotFolder(t.ws, join(FIXTURES, 'rollback'));
    const stored = await listStoredSnapshots(t.ws);
    expect(stored.map((s) => s.id).sort()).toEqual(['fixture-pass', 'fixture-rollback']);
    const pass = await readStoredSnapshot(t.ws, 'fixture-pass');
    const folder = readSnapshotFolder(join(FIXTURES, 'pass'));
    const ids = (objs: readonly Record<string, unknown>[] | undefined) => (objs ?? []).map((o) => o.id).sort();
    for (const name of ['users', 'conditionalAccessPolicies', 'roleAssignments', 'servicePrincipals'])
      expect(ids(pass.resources.get(name)), name).toEqual(ids(folder.resources.get(name)));
    expect(pass.resources.get('securityDefaults')).toEqual(folder.resources.get('securityDefaults'));
    // Both were taken at the same instant: the tie goes to the larger id, so the choice never depends on load order.
    expect((await readStoredSnapshot(t.ws)).id).toBe('fixture-rollback');
  });

  it('names the file when a body is not JSON', () => {
    const dir = join(t.dir, 'broken');
    cpSync(join(FIXTURES, 'rollback'), dir, { recursive: true });
    writeFileSync(join(dir, 'users.json'), '{"value": [');
    expect(() => readSnapshotFolder(dir)).toThrow(/broken\/users\.json is not JSON/);
  });

  it('gives a folder the id import gives it, from its contents when there is no manifest (not from its path)', async () => {
    const a = join(t.dir, 'a');
    const b = join(t.dir, 'b');
    for (const d of [a, b]) {
      cpSync(join(FIXTURES, 'rollback'), d, { recursive: true });
      rmSync(join(d, 'premortem-snapshot.json'));
    }
    const assessed = readSnapshotFolder(a);
    expect(assessed.id).toMatch(/^folder-[0-9a-f]{16}$/);
    expect(readSnapshotFolder(b).id).toBe(assessed.id);
    const imported = await loadSnapshotFolder(t.ws, a);
    expect(imported.snapshotId).toBe(assessed.id);
    expect(imported.takenAt).toBe(assessed.takenAt);
    expect((await readStoredSnapshot(t.ws)).id).toBe(assessed.id);
  });

  it('checks the manifest the same way for import and assess', async () => {
    const dir = join(t.dir, 'bad-manifest');
    cpSync(join(FIXTURES, 'rollback'), dir, { recursive: true });
    writeFileSync(join(dir, 'premortem-snapshot.json'), '[1, 2]');
    expect(() => readSnapshotFolder(dir)).toThrow(/is not a snapshot manifest/);
    await expect(loadSnapshotFolder(t.ws, dir)).rejects.toThrow(/is not a snapshot manifest/);
  });
});
