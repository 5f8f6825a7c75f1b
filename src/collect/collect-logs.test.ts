import { afterEach, describe, expect, test } from 'vitest';
import { EVERY_FAULT } from '../../test/graph-server/faults.js';
import { addLogFixtures, signInRecord } from '../../test/graph-server/fixtures.js';
import { graphHarness, type Harness } from '../../test/graph-server/harness.js';
import type { GraphTestServer } from '../../test/graph-server/server.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { listCheckpoints } from './checkpoints.js';
import { type CollectOptions, collectLogs } from './collect-logs.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: Parameters<typeof graphHarness>[0] = {}): Promise<Harness> {
  const h = await graphHarness(options);
  cleanups.push(() => h.close());
  addLogFixtures(h.server.data, { now: h.clock.now() - 60_000 });
  return h;
}

async function workspace(): Promise<Workspace> {
  const t = await tempWorkspace();
  cleanups.push(t.cleanup);
  return t.ws;
}

const opts = (h: Harness, more: Partial<CollectOptions> = {}): CollectOptions => ({
  tenantId: h.server.tenantId,
  now: () => h.clock.now(),
  pageSize: 25,
  sinceMs: 7 * 86_400_000,
  ...more,
});

/** Ids stored per table, and whether any uid is stored twice. */
async function stored(ws: Workspace) {
  const ids = async (sql: string) => (await ws.all<{ id: string }>(sql)).map((r) => r.id).sort();
  const dupes = Number(
    await ws.scalar(
      `SELECT (SELECT count(*) - count(DISTINCT uid) FROM signins) + (SELECT count(*) - count(DISTINCT uid) FROM audits)
        + (SELECT count(*) - count(DISTINCT endpoint || uid) FROM graph_records)`,
    ),
  );
  return {
    signIns: await ids('SELECT source_id AS id FROM signins'),
    audits: await ids('SELECT source_id AS id FROM audits'),
    risk: await ids("SELECT source_id AS id FROM graph_records WHERE endpoint = 'riskDetections'"),
    riskyUsers: await ids("SELECT source_id AS id FROM graph_records WHERE endpoint = 'riskyUsers'"),
    alerts: await ids("SELECT source_id AS id FROM graph_records WHERE endpoint = 'roleManagementAlerts'"),
    spRisk: await ids("SELECT source_id AS id FROM graph_records WHERE endpoint = 'servicePrincipalRiskDetections'"),
    riskySps: await ids("SELECT source_id AS id FROM graph_records WHERE endpoint = 'riskyServicePrincipals'"),
    dupes,
  };
}

function held(server: GraphTestServer) {
  const s = server.data;
  return {
    signIns: s.visibleIds('signIns').sort(),
    audits: s.visibleIds('directoryAudits').sort(),
    risk: s.visibleIds('riskDetections').sort(),
    riskyUsers: s.visibleIds('riskyUsers').sort(),
    alerts: s.visibleIds('roleManagementAlerts').sort(),
    spRisk: s.visibleIds('servicePrincipalRiskDetections').sort(),
    riskySps: s.visibleIds('riskyServicePrincipals').sort(),
    dupes: 0,
  };
}

describe('collect', () => {
  test('with every fault on, stores exactly the events the server holds: zero missing, zero duplicated', async () => {
    const h = await setup({ faults: EVERY_FAULT });
    const ws = await workspace();
    const summary = await collectLogs(ws, h.client, opts(h, { pageSize: 10 }));
    expect(summary.endpoints.map((e) => [e.endpoint, e.status])).toEqual(
      summary.endpoints.map((e) => [e.endpoint, 'ok']),
    );
    expect(await stored(ws)).toEqual(held(h.server));
    // Every kind of fault was met and survived, within the budgets.
    expect(Object.keys(h.server.faults.injected).sort()).toEqual(
      [
        'cut-connection',
        'invalid-page',
        'reset',
        'throttle',
        'throttle-no-retry-after',
        'truncated',
        'unavailable-503',
      ].sort(),
    );
    expect(h.server.budgetViolations).toBe(0);
    expect(summary.totals.retries).toBeGreaterThan(0);
    expect(summary.totals.duplicate).toBeGreaterThan(0);
    expect(await ws.count('rejects')).toBe(0);
  });

  test('a second pass adds nothing; the overlap window catches late events', async () => {
    const h = await setup({ faults: { duplicateAcrossPages: 1 } });
    const ws = await workspace();
    await collectLogs(ws, h.client, opts(h));
    h.clock.sleep(5 * 60_000);
    const again = await collectLogs(ws, h.client, opts(h));
    expect(again.totals.loaded).toBe(0);

    // Sign-ins that show up after the pass that covered their time: createdDateTime minutes in the past.
    const [cp] = (await listCheckpoints(ws)).filter((c) => c.endpoint === 'signIns/interactiveUser');
    const coveredUntil = cp?.coveredUntil as number;
    const late = [1, 2, 3].map((n) => signInRecord(50_000 + n, coveredUntil - n * 60_000, 'interactiveUser'));
    h.server.data.add('signIns', late, { hidden: 'late' });
    h.server.data.expose('late');
    const third = await collectLogs(ws, h.client, opts(h));
    expect(third.endpoints.find((e) => e.endpoint === 'signIns/interactiveUser')?.loaded).toBe(3);
    expect(await stored(ws)).toEqual(held(h.server));
  });

  test('stopped at any page and run again, the store is the same as one uninterrupted run', async () => {
    const h = await setup({ faults: { ...EVERY_FAULT, seed: 11 } });
    const reference = await workspace();
    await collectLogs(reference, h.client, opts(h));
    const want = await stored(reference);
    expect(want).toEqual(held(h.server));

    const total = h.server.requests.filter((r) => r.status === 200 && r.items !== undefined && !r.fault).length;
    expect(total).toBeGreaterThan(10);
    for (const stopAt of [1, Math.floor(total / 3), Math.floor(total / 2), total - 2]) {
      const ws = await workspace();
      const abort = new AbortController();
      let pages = 0;
      await expect(
        collectLogs(ws, h.client, {
          ...opts(h),
          signal: abort.signal,
          onEvent: (e) => {
            if (e.type === 'page' && ++pages === stopAt) abort.abort(new Error('killed'));
          },
        }),
      ).rejects.toThrow('killed');
      const rerun = await collectLogs(ws, h.client, opts(h));
      expect(rerun.endpoints.every((e) => e.status === 'ok')).toBe(true);
      expect(await stored(ws)).toEqual(want);
    }
  });

  test('a half-read range resumes from its oldest stored event, not from its start', async () => {
    const h = await setup();
    const ws = await workspace();
    const endpoint = (await import('../sources/graph/endpoints/directory-audits.js')).DIRECTORY_AUDITS;
    const abort = new AbortController();
    await expect(
      collectLogs(ws, h.client, {
        ...opts(h, { pageSize: 10, endpoints: [endpoint] }),
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'page' && e.pages === 3) abort.abort(new Error('killed'));
        },
      }),
    ).rejects.toThrow('killed');
    const [cp] = await listCheckpoints(ws);
    expect(cp?.pendingOldest).toBeDefined();
    const rerun = await collectLogs(ws, h.client, opts(h, { pageSize: 10, endpoints: [endpoint] }));
    // 60 audits, 30 stored before the stop: the rerun reads the other 30 (plus the boundary), not all 60.
    expect(rerun.totals.read).toBeLessThan(40);
    expect((await stored(ws)).audits).toEqual(held(h.server).audits);
  });

  test('Premium data the tenant is not licensed for is reported unavailable, the rest is collected', async () => {
    const h = await setup({ licence: 'none' });
    const ws = await workspace();
    const summary = await collectLogs(ws, h.client, opts(h));
    const by = Object.fromEntries(summary.endpoints.map((e) => [e.endpoint, e]));
    expect(by['signIns/interactiveUser']).toMatchObject({ status: 'unavailable' });
    expect(by['signIns/interactiveUser']?.detail).toContain('P1 or P2');
    expect(by.riskDetections).toMatchObject({ status: 'unavailable' });
    expect(by.directoryAudits).toMatchObject({ status: 'ok', loaded: 60 });
  });

  test('a missing permission names the permission: unavailable when optional, failed when required', async () => {
    const h = await setup({
      apps: [{ clientId: 'limited', secret: 'limited-secret-value', roles: ['Directory.Read.All'] }],
    });
    const ws = await workspace();
    const { createTokenProvider } = await import('../sources/graph/auth.js');
    const { GraphClient } = await import('../sources/graph/http.js');
    const settings = { ...h.settings, clientId: 'limited', clientSecret: 'limited-secret-value' };
    const client = new GraphClient({
      graphUrl: settings.graphUrl,
      tokens: createTokenProvider(settings),
      clock: h.clock,
    });
    const summary = await collectLogs(ws, client, opts(h));
    const by = Object.fromEntries(summary.endpoints.map((e) => [e.endpoint, e]));
    expect(by.directoryAudits?.status).toBe('failed');
    expect(by.directoryAudits?.detail).toContain('AuditLog.Read.All');
    expect(by.riskyUsers?.status).toBe('unavailable');
    expect(by.riskyUsers?.detail).toContain('IdentityRiskyUser.Read.All');
    expect(by.riskyServicePrincipals?.status).toBe('unavailable');
    expect(by.riskyServicePrincipals?.detail).toContain('IdentityRiskyServicePrincipal.Read.All');
    expect(by.servicePrincipalRiskDetections?.status).toBe('unavailable');
  });

  test('risky service principals and their risk detections: stored once per update, unavailable without P2', async () => {
    const h = await setup();
    const ws = await workspace();
    const { RISKY_SERVICE_PRINCIPALS } = await import('../sources/graph/endpoints/risky-service-principals.js');
    const { SERVICE_PRINCIPAL_RISK_DETECTIONS } = await import(
      '../sources/graph/endpoints/service-principal-risk-detections.js'
    );
    const endpoints = [SERVICE_PRINCIPAL_RISK_DETECTIONS, RISKY_SERVICE_PRINCIPALS];
    const first = await collectLogs(ws, h.client, opts(h, { endpoints }));
    expect(first.endpoints.map((e) => [e.endpoint, e.status, e.loaded])).toEqual([
      ['servicePrincipalRiskDetections', 'ok', 2],
      ['riskyServicePrincipals', 'ok', 2],
    ]);
    // The principal's risk is dismissed later: a new version of the record, kept beside the old one.
    const [sp] = h.server.data.visible('riskyServicePrincipals');
    h.clock.sleep(60_000);
    h.server.data.add('riskyServicePrincipals', [
      { ...sp, riskState: 'dismissed', riskLastUpdatedDateTime: new Date(h.clock.now() - 1000).toISOString() },
    ]);
    const second = await collectLogs(ws, h.client, opts(h, { endpoints }));
    expect(second.endpoints.find((e) => e.endpoint === 'riskyServicePrincipals')?.loaded).toBe(1);
    const versions = await ws.all<{ uid: string }>(
      "SELECT uid FROM graph_records WHERE endpoint = 'riskyServicePrincipals' AND source_id = $1",
      [String(sp?.id)],
    );
    expect(versions).toHaveLength(2);
    // Identity Protection's budget (1 request per second) held for these paths too.
    expect(h.server.budgetViolations).toBe(0);

    h.server.licence = 'P1';
    const unlicensed = await collectLogs(await workspace(), h.client, opts(h, { endpoints }));
    expect(unlicensed.endpoints.map((e) => e.status)).toEqual(['unavailable', 'unavailable']);
    expect(unlicensed.endpoints[0]?.detail).toContain('P2');
  });

  test('every page is evidence: its SHA-256, the request URL and counts; the raw page is kept', async () => {
    const h = await setup();
    const ws = await workspace();
    await collectLogs(ws, h.client, opts(h));
    const rows = await ws.all<{ sha256: string; path: string; shape: string }>(
      "SELECT sha256, path, shape FROM evidence WHERE path LIKE '%/auditLogs/directoryAudits%'",
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.shape === 'graph-api' && r.path.startsWith(h.server.graphUrl))).toBe(true);
    const { readRawPage } = await import('./raw-pages.js');
    const row = await ws.one<{ evidence_sha256: string; record_index: bigint; source_id: string }>(
      'SELECT evidence_sha256, record_index, source_id FROM audits LIMIT 1',
    );
    const page = JSON.parse(readRawPage(ws.dir, row?.evidence_sha256 as string).toString()) as {
      value: { id: string }[];
    };
    expect(page.value[Number(row?.record_index)]?.id).toBe(row?.source_id);
  });
});
