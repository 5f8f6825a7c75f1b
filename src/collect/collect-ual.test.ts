import { afterEach, describe, expect, test } from 'vitest';
import { EVERY_FAULT } from '../../test/graph-server/faults.js';
import { addLogFixtures, ualRecords } from '../../test/graph-server/fixtures.js';
import { graphHarness, type Harness } from '../../test/graph-server/harness.js';
import { tempWorkspace } from '../../test/workspace.js';
import { GraphError } from '../sources/graph/errors.js';
import { GraphClient } from '../sources/graph/http.js';
import { ManagementActivityApi } from '../sources/graph/management/activity-api.js';
import type { Workspace } from '../store/workspace.js';
import { listCheckpoints } from './checkpoints.js';
import { type CollectOptions, collectLogs } from './collect-logs.js';
import { watchLoop } from './watch.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: Parameters<typeof graphHarness>[0] = {}, count = 90): Promise<Harness> {
  const h = await graphHarness(options);
  cleanups.push(() => h.close());
  h.server.data.add('unifiedAuditLog', ualRecords({ now: h.clock.now() - 60_000, count }));
  return h;
}

async function workspace(): Promise<Workspace> {
  const t = await tempWorkspace();
  cleanups.push(t.cleanup);
  return t.ws;
}

/** The unified audit log only: no Graph endpoint. */
const opts = (h: Harness, more: Partial<CollectOptions> = {}): CollectOptions => ({
  tenantId: h.server.tenantId,
  now: () => h.clock.now(),
  sinceMs: 7 * 86_400_000,
  endpoints: [],
  ual: { api: h.management },
  ...more,
});

async function stored(ws: Workspace): Promise<{ ids: string[]; dupes: number }> {
  const ids = (await ws.all<{ id: string }>('SELECT source_id AS id FROM activities')).map((r) => r.id).sort();
  const dupes = Number(await ws.scalar('SELECT count(*) - count(DISTINCT uid) FROM activities'));
  return { ids, dupes };
}

const held = (h: Harness) => ({ ids: h.server.data.visibleIds('unifiedAuditLog').sort(), dupes: 0 });

const FEED_FAULTS = { duplicateRecordsAcrossBlobs: 2, listContentTwice: true };

describe('unified audit log (Management Activity API)', () => {
  test('with every fault on, stores exactly the records the server holds: zero missing, zero duplicated', async () => {
    const h = await setup({ faults: EVERY_FAULT, ualFeed: FEED_FAULTS });
    const ws = await workspace();
    const summary = await collectLogs(ws, h.client, opts(h));
    expect(summary.endpoints.map((e) => [e.endpoint, e.status])).toEqual([
      ['unifiedAuditLog/Audit.AzureActiveDirectory', 'ok'],
      ['unifiedAuditLog/Audit.Exchange', 'ok'],
      ['unifiedAuditLog/Audit.SharePoint', 'ok'],
      ['unifiedAuditLog/Audit.General', 'ok'],
    ]);
    expect(await stored(ws)).toEqual(held(h));
    expect((await stored(ws)).ids).toHaveLength(90);
    // Every fault kind hit the management API and was survived; duplicates across blobs were dropped by Id.
    const faulted = new Set(
      h.server.requests.filter((r) => r.fault && r.path.includes('/activity/feed/')).map((r) => r.fault),
    );
    expect([...faulted].sort()).toEqual(
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
    expect(summary.totals.duplicate).toBeGreaterThan(0);
    expect(summary.totals.retries).toBeGreaterThan(0);
    expect(await ws.count('rejects')).toBe(0);
    expect([...h.server.management.subscriptions].sort()).toHaveLength(4);
    // Times are UTC although CreationTime has no zone letter.
    const first = h.server.data.visible('unifiedAuditLog').at(-1);
    const row = await ws.one<{ t: string }>(
      "SELECT strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS t FROM activities WHERE source_id = $1",
      [String(first?.Id)],
    );
    expect(row?.t).toBe(first?.CreationTime);

    // A second pass: subscriptions already enabled (AF20024) is fine, and nothing is new.
    h.clock.sleep(5 * 60_000);
    const again = await collectLogs(ws, h.client, opts(h));
    expect(again.endpoints.every((e) => e.status === 'ok')).toBe(true);
    expect(again.totals.loaded).toBe(0);
    expect(await stored(ws)).toEqual(held(h));
  });

  test('checkpoint per content type: high-water contentCreated and the blob ids at the boundary', async () => {
    const h = await setup();
    const ws = await workspace();
    await collectLogs(ws, h.client, opts(h));
    const cps = (await listCheckpoints(ws, h.server.tenantId)).filter((c) => c.endpoint.startsWith('unifiedAuditLog/'));
    expect(cps.map((c) => c.endpoint).sort()).toHaveLength(4);
    const exchange = cps.find((c) => c.endpoint === 'unifiedAuditLog/Audit.Exchange');
    expect(exchange?.highWater).toBeDefined();
    expect(exchange?.coveredUntil).toBe(h.clock.now());
    expect(exchange?.boundaryIds.every((b) => /^\S+Z \S+$/.test(b))).toBe(true);
  });

  test('stopped at any blob and run again, the store is the same as one uninterrupted run', async () => {
    const h = await setup({ faults: { ...EVERY_FAULT, seed: 13 }, ualFeed: FEED_FAULTS });
    const reference = await workspace();
    const full = await collectLogs(reference, h.client, opts(h));
    const want = await stored(reference);
    expect(want).toEqual(held(h));
    const blobs = full.totals.pages;
    expect(blobs).toBeGreaterThan(8);
    for (const stopAt of [1, Math.floor(blobs / 3), Math.floor(blobs / 2), blobs - 1]) {
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
      const partial = await stored(ws);
      expect(partial.ids.length).toBeLessThan(want.ids.length);
      const rerun = await collectLogs(ws, h.client, opts(h));
      expect(rerun.endpoints.every((e) => e.status === 'ok')).toBe(true);
      expect(await stored(ws)).toEqual(want);
    }
  });

  test('late content (listed after its contentCreated was passed) is caught by the overlap', async () => {
    const h = await setup({ ualFeed: { lateContentMs: 5 * 60_000 } });
    const ws = await workspace();
    await collectLogs(ws, h.client, opts(h));
    h.clock.sleep(2 * 60_000);
    const late = ualRecords({ now: h.clock.now() - 30 * 60_000, count: 12, days: 0.01, firstId: 5_000 });
    h.server.data.add('unifiedAuditLog', late, { hidden: 'late' });
    h.server.data.expose('late');
    const second = await collectLogs(ws, h.client, opts(h));
    expect(second.totals.loaded).toBe(12);
    expect(await stored(ws)).toEqual(held(h));
  });

  test('without ActivityFeed.Read the unified audit log is unavailable (named), Graph endpoints still run', async () => {
    const roles = ['AuditLog.Read.All', 'Directory.Read.All'];
    const h = await setup({ apps: [{ clientId: 'no-feed', secret: 'no-feed-secret-value', roles }] });
    addLogFixtures(h.server.data, { now: h.clock.now() - 60_000, signIns: 8, audits: 5 });
    const { createTokenProvider } = await import('../sources/graph/auth.js');
    const settings = { ...h.settings, clientId: 'no-feed', clientSecret: 'no-feed-secret-value' };
    const graph = new GraphClient({
      graphUrl: settings.graphUrl,
      tokens: createTokenProvider(settings),
      clock: h.clock,
    });
    const mgmt = new GraphClient({
      graphUrl: h.server.managementUrl,
      tokens: createTokenProvider(settings, { scope: `${h.server.managementUrl}/.default` }),
      clock: h.clock,
    });
    const ws = await workspace();
    const { DIRECTORY_AUDITS } = await import('../sources/graph/endpoints/directory-audits.js');
    const summary = await collectLogs(ws, graph, {
      ...opts(h),
      endpoints: [DIRECTORY_AUDITS],
      ual: { api: new ManagementActivityApi(mgmt, h.server.tenantId) },
    });
    const by = Object.fromEntries(summary.endpoints.map((e) => [e.endpoint, e]));
    expect(by.directoryAudits).toMatchObject({ status: 'ok', loaded: 5 });
    for (const ct of ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General']) {
      expect(by[`unifiedAuditLog/${ct}`]).toMatchObject({ status: 'unavailable', failure: 'permission' });
      expect(by[`unifiedAuditLog/${ct}`]?.detail).toContain('ActivityFeed.Read');
    }
    const unavailable = await collectLogs(ws, graph, { ...opts(h), ual: { unavailable: 'no management URL' } });
    expect(unavailable.endpoints.map((e) => e.status)).toEqual(Array(4).fill('unavailable'));
  });

  test('the management API refuses a Graph token (audience), Graph refuses a management token', async () => {
    const h = await setup();
    const wrong = new GraphClient({ graphUrl: h.server.managementUrl, tokens: h.tokens, clock: h.clock });
    const err = await new ManagementActivityApi(wrong, h.server.tenantId).listSubscriptions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).failure).toBe('auth');
    const mgmtToken = await h.management.client.tokens.getToken();
    const graph = new GraphClient({
      graphUrl: h.server.graphUrl,
      tokens: { kind: 'token', getToken: async () => mgmtToken },
      clock: h.clock,
    });
    await expect(graph.get(graph.url('/v1.0/auditLogs/directoryAudits'))).rejects.toThrow('401');
  });

  test('watch picks up newly exposed UAL content on its next poll', async () => {
    const h = await setup();
    const ws = await workspace();
    const mail = ualRecords({ now: h.clock.now(), count: 6, days: 0.001, firstId: 7_000 }).map((r) => ({
      ...r,
      Workload: 'Exchange',
      Operation: 'MailItemsAccessed',
      RecordType: 50,
    }));
    h.server.data.add('unifiedAuditLog', mail, { hidden: 'storm' });
    const abort = new AbortController();
    const loadedPerPoll: number[] = [];
    await watchLoop({
      intervalMs: 30_000,
      clock: h.clock,
      signal: abort.signal,
      poll: (signal) => collectLogs(ws, h.client, { ...opts(h), ...(signal ? { signal } : {}) }),
      onPoll: (r) => {
        loadedPerPoll.push(r.summary?.totals.loaded ?? -1);
        if (r.poll === 1) h.server.data.expose('storm');
        if (r.poll === 3) abort.abort();
      },
    });
    expect(loadedPerPoll).toEqual([90, 6, 0]);
    const n = await ws.scalar("SELECT count(*) FROM activities WHERE operation = 'MailItemsAccessed'");
    expect(Number(n)).toBe(6 + 90 / 6);
  });
});
