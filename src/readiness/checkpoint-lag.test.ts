import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { checkpointLags } from './checkpoint-lag.js';

let ws: Workspace;
let cleanup: () => void;
const NOW = Date.parse('2025-10-03T12:00:00Z');

beforeAll(async () => {
  ({ ws, cleanup } = await tempWorkspace());
  const rows: [string, string | null, string | null][] = [
    ['signIns/interactiveUser', '2025-10-03T11:59:30Z', null], // read to its end 30 s ago
    ['directoryAudits', '2025-10-02T06:00:00Z', null], // a day and a half behind
    ['signIns/nonInteractiveUser', '2025-10-03T11:59:00Z', '2025-10-03T11:00:00Z'], // a pass interrupted
    ['riskDetections', null, null], // never read to its end
  ];
  for (const [endpoint, until, pending] of rows) {
    await ws.run(
      `INSERT INTO checkpoints (tenant_id, endpoint, high_water, boundary_ids, covered_from, covered_until, pending_from, pages, records, updated_at)
       VALUES ('t', $1, $2::TIMESTAMPTZ, '[]', NULL, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, 1, 1, now())`,
      [endpoint, until, pending],
    );
  }
});
afterAll(() => cleanup());

describe('checkpointLags', () => {
  it('says which endpoints fell behind, by how many hours, and which passes were interrupted', async () => {
    const lags = await checkpointLags(ws, NOW);
    expect(lags.map((l) => [l.endpoint, l.lagHours, l.interrupted, l.behind])).toEqual([
      ['directoryAudits', 30, false, true],
      ['riskDetections', null, false, true],
      ['signIns/interactiveUser', 0, false, false],
      ['signIns/nonInteractiveUser', 0, true, true],
    ]);
  });
});
