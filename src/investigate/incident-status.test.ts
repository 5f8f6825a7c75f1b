import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileWorkspace } from '../../test/hostile-workspace.js';
import type { tempWorkspace } from '../../test/workspace.js';
import { buildIncidents, setIncidentStatus } from './incidents.js';

describe('incident status', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  beforeAll(async () => {
    t = await hostileWorkspace();
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('is open until recorded, and a recorded status survives rebuilding the incidents', async () => {
    const [first] = await buildIncidents(t.ws);
    expect(first?.status).toBe('open');
    await setIncidentStatus(t.ws, first?.id ?? '', 'contained');
    const [again] = await buildIncidents(t.ws);
    expect(again?.id).toBe(first?.id);
    expect(again?.status).toBe('contained');
    expect(again?.summary).toMatch(/^3 alerts \(1 critical, 2 high\) between 2025-09-10 10:00 UTC/);
  });
});
