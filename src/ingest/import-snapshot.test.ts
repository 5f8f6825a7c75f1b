import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir, tempWorkspace } from '../../test/workspace.js';
import { assessWorkspace } from '../posture/assess-workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const snapshots = join(PROJECT_ROOT, 'test/fixtures/snapshots');
const logs = join(PROJECT_ROOT, 'test/fixtures/shapes/graph-audits.ndjson');

describe('import of a folder that holds logs and a configuration snapshot', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('loads the logs, and the snapshot folder whole into snapshots (not file by file as unsupported logs)', async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      cpSync(logs, join(dir, 'audits.json'));
      cpSync(join(snapshots, 'fail'), join(dir, 'config'), { recursive: true });
      const s = await importPaths(ws, [dir]);
      expect(s.files.map((f) => f.path.split('/').pop())).toEqual(['audits.json']);
      expect(s.skipped).toEqual([]);
      expect(s.snapshots).toHaveLength(1);
      expect(s.snapshots[0]?.resources.length).toBeGreaterThan(10);
      // Twice changes nothing.
      const before = await ws.count('snapshot_resources');
      await importPaths(ws, [dir]);
      expect(await ws.count('snapshot_resources')).toBe(before);
    } finally {
      rm();
    }
  });

  it('gives the workspace a posture to report: none before a snapshot, the failing checks after', async () => {
    expect(await assessWorkspace(ws)).toBeUndefined();
    await importPaths(ws, [join(snapshots, 'fail')]);
    const a = await assessWorkspace(ws);
    expect(a?.results.some((r) => r.id === 'PM-001' && r.status === 'fail')).toBe(true);
  });
});
