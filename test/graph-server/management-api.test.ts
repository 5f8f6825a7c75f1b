import { afterEach, describe, expect, test } from 'vitest';
import { ualRecord, ualRecords } from './fixtures.js';
import { type GraphTestServer, startGraphServer } from './server.js';
import { contentBlobs } from './ual-feed.js';

let server: GraphTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOW = Date.parse('2025-10-01T00:00:00Z');
const HOUR = 3_600_000;

async function start(options: Parameters<typeof startGraphServer>[0] = {}): Promise<GraphTestServer> {
  server = await startGraphServer({ now: () => NOW, ...options });
  server.data.add('unifiedAuditLog', ualRecords({ now: NOW - 60_000, count: 60, days: 2 }));
  return server;
}

const feed = (s: GraphTestServer, rest: string) => `${s.managementUrl}/api/v1.0/${s.tenantId}/activity/feed/${rest}`;

async function call(
  s: GraphTestServer,
  url: string,
  method = 'GET',
  token = s.tokens.issue(s.app.clientId, s.managementUrl),
) {
  const res = await fetch(url, { method, headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

const code = (json: unknown) => (json as { error?: { code?: string } }).error?.code;

describe('Management Activity API (test server)', () => {
  test('subscriptions: started once, AF20024 when already enabled; content needs one (AF20022)', async () => {
    const s = await start();
    const content = feed(s, 'subscriptions/content?contentType=Audit.Exchange');
    expect(code((await call(s, content)).json)).toBe('AF20022');
    const started = await call(s, feed(s, 'subscriptions/start?contentType=Audit.Exchange'), 'POST');
    expect(started).toMatchObject({ status: 200, json: { contentType: 'Audit.Exchange', status: 'enabled' } });
    const again = await call(s, feed(s, 'subscriptions/start?contentType=Audit.Exchange'), 'POST');
    expect([again.status, code(again.json)]).toEqual([400, 'AF20024']);
    expect((await call(s, feed(s, 'subscriptions/list'))).json).toEqual([
      { contentType: 'Audit.Exchange', status: 'enabled', webhook: null },
    ]);
  });

  test('content listing: windows of at most 24 h, at most 7 days back (AF20055), paged through NextPageUri', async () => {
    const s = await start({ ualListPageSize: 1 });
    await call(s, feed(s, 'subscriptions/start?contentType=Audit.Exchange'), 'POST');
    const t = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    const list = (from: number, to: number) =>
      feed(s, `subscriptions/content?contentType=Audit.Exchange&startTime=${t(from)}&endTime=${t(to)}`);
    expect(code((await call(s, list(NOW - 25 * HOUR, NOW))).json)).toBe('AF20055');
    expect(code((await call(s, list(NOW - 8 * 24 * HOUR, NOW - 7.5 * 24 * HOUR))).json)).toBe('AF20055');

    const entries: { contentId: string; contentUri: string; contentCreated: string }[] = [];
    let url: string | null = list(NOW - 24 * HOUR, NOW);
    let pages = 0;
    while (url) {
      const page = await call(s, url);
      expect(page.status).toBe(200);
      entries.push(...(page.json as typeof entries));
      url = page.headers.get('NextPageUri');
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    const want = contentBlobs(s.data, 'Audit.Exchange').filter((b) => b.contentCreated >= NOW - 24 * HOUR);
    expect(entries.map((e) => e.contentId)).toEqual(want.map((b) => b.contentId));
    // Each blob is a JSON array of Exchange records with Microsoft's zone-less CreationTime.
    const blob = (await call(s, entries[0]?.contentUri as string)).json as Record<string, unknown>[];
    expect(blob.length).toBeGreaterThan(0);
    expect(
      blob.every((r) => r.Workload === 'Exchange' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(String(r.CreationTime))),
    ).toBe(true);
  });

  test('content types from Workload; hidden records appear in a new blob when exposed (late with the fault)', async () => {
    const s = await start({ ualFeed: { lateContentMs: 10 * 60_000 } });
    const all = (ct: Parameters<typeof contentBlobs>[1]) =>
      contentBlobs(s.data, ct).flatMap((b) => b.records.map((r) => String(r.Id)));
    expect(all('Audit.SharePoint').length).toBe(20); // SharePoint and OneDrive
    expect(all('Audit.AzureActiveDirectory').length).toBe(10);
    expect(all('Audit.General').length).toBe(10); // MicrosoftTeams
    const before = contentBlobs(s.data, 'Audit.Exchange').length;
    s.data.add('unifiedAuditLog', [ualRecord(900, NOW - 2 * HOUR, { Workload: 'Exchange' })], { hidden: 'x' });
    expect(contentBlobs(s.data, 'Audit.Exchange')).toHaveLength(before);
    s.data.expose('x');
    const blobs = contentBlobs(s.data, 'Audit.Exchange', s.management.feedFaults);
    expect(blobs).toHaveLength(before + 1);
    const added = blobs.find((b) => b.records.some((r) => r.Id === ualRecord(900, 0).Id));
    expect(added?.contentCreated).toBe(NOW - 10 * 60_000);
  });

  test('tokens: a Graph token or one without ActivityFeed.Read is refused (401, AF10001 for the permission)', async () => {
    const s = await start({
      apps: [{ clientId: 'reader', secret: 'reader-secret-xyz', roles: ['AuditLog.Read.All'] }],
    });
    const url = feed(s, 'subscriptions/list');
    const graphToken = await call(s, url, 'GET', s.tokens.issue('reader'));
    expect(graphToken.status).toBe(401);
    const noRole = await call(s, url, 'GET', s.tokens.issue('reader', s.managementUrl));
    expect([noRole.status, code(noRole.json)]).toEqual([401, 'AF10001']);
  });
});
