import { afterEach, describe, expect, test } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { emptyCheckpoint, listCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoints.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('checkpoints', () => {
  test('round-trip per tenant and endpoint; a write inside a rolled-back transaction leaves the old one', async () => {
    const { ws, cleanup } = await tempWorkspace();
    cleanups.push(cleanup);
    expect(await readCheckpoint(ws, 't1', 'directoryAudits')).toEqual(emptyCheckpoint('t1', 'directoryAudits'));
    const cp = {
      ...emptyCheckpoint('t1', 'directoryAudits'),
      highWater: Date.parse('2025-10-01T10:00:00.123Z'),
      boundaryIds: ['a', 'b'],
      coveredFrom: Date.parse('2025-09-01T00:00:00Z'),
      coveredUntil: Date.parse('2025-10-01T10:05:00Z'),
      pages: 3,
      records: 2500,
    };
    await ws.transaction(() => writeCheckpoint(ws, cp));
    expect(await readCheckpoint(ws, 't1', 'directoryAudits')).toEqual(cp);
    await expect(
      ws.transaction(async () => {
        await writeCheckpoint(ws, { ...cp, pages: 99, pendingFrom: 1, pendingUntil: 2, pendingOldest: 1 });
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash');
    expect(await readCheckpoint(ws, 't1', 'directoryAudits')).toEqual(cp);
    await ws.transaction(() => writeCheckpoint(ws, { ...cp, tenantId: 't2' }));
    expect((await listCheckpoints(ws)).map((c) => c.tenantId)).toEqual(['t1', 't2']);
    expect(await listCheckpoints(ws, 't2')).toHaveLength(1);
  });
});
