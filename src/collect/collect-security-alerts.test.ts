import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { graphHarness } from '../../test/graph-server/harness.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { selectEndpoints } from '../sources/graph/endpoints/index.js';
import { collectLogs } from './collect-logs.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/shapes/microsoft-alerts/alerts_v2.json');

describe('collect reads Microsoft Graph security alerts_v2', () => {
  it('pages through /security/alerts_v2 into ms_alerts, evidence kept; a second pass stores nothing twice', async () => {
    const h = await graphHarness();
    cleanups.push(() => h.close());
    const { ws, cleanup } = await tempWorkspace();
    cleanups.push(cleanup);
    // The fixture's alerts, moved into the last days of the server's clock; twelve more so that pages of 5 are needed.
    const base = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { value: Record<string, unknown>[] }).value;
    const at = (i: number) => new Date(h.clock.now() - 3_600_000 * (i + 2)).toISOString();
    const alerts = Array.from({ length: 15 }, (_, i) => {
      const a = base[i % 3] as Record<string, unknown>;
      return { ...a, id: `${String(a.id)}-${i}`, createdDateTime: at(i), lastUpdateDateTime: at(i) };
    });
    h.server.data.add('securityAlerts', alerts);
    const { endpoints } = selectEndpoints(['securityAlerts']);
    expect(endpoints.map((e) => e.path)).toEqual(['/v1.0/security/alerts_v2']);
    const options = {
      tenantId: h.server.tenantId,
      now: () => h.clock.now(),
      pageSize: 5,
      sinceMs: 7 * 86_400_000,
      endpoints,
    };
    await collectLogs(ws, h.client, options);
    expect(Number(await ws.scalar('SELECT count(*) FROM ms_alerts'))).toBe(15);
    expect(Number(await ws.scalar("SELECT count(*) FROM ms_alerts WHERE evidence LIKE '%ipEvidence%'"))).toBe(10);
    const pages = h.server.requests.filter((r) => r.path.includes('/security/alerts_v2') && (r.items ?? 0) > 0);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    await collectLogs(ws, h.client, options);
    expect(Number(await ws.scalar('SELECT count(*) FROM ms_alerts'))).toBe(15);
  });
});
