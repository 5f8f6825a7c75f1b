import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures, configFixture } from './fixtures.js';
import { type GraphTestServer, startGraphServer } from './server.js';
import { messageRulesList } from './write-api.js';

let server: GraphTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOW = Date.parse('2025-10-01T00:00:00Z');

async function start(options: Parameters<typeof startGraphServer>[0] = {}): Promise<GraphTestServer> {
  server = await startGraphServer({ now: () => NOW, reportsBudget: false, ...options });
  addLogFixtures(server.data, { now: NOW });
  server.data.config = configFixture();
  return server;
}

async function get(s: GraphTestServer, path: string, token = s.tokens.issue(s.app.clientId)) {
  const res = await fetch(`${s.graphUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function all(s: GraphTestServer, path: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let url: string | undefined = path;
  while (url) {
    const page = await get(s, url.replace(s.graphUrl, ''));
    expect(page.status).toBe(200);
    out.push(...(page.json.value as Record<string, unknown>[]));
    url = page.json['@odata.nextLink'] as string | undefined;
  }
  return out;
}

describe('graph test server', () => {
  test('pages newest first through @odata.nextLink, keeping $filter and $top', async () => {
    const s = await start();
    const filter = encodeURIComponent("signInEventTypes/any(t: t eq 'servicePrincipal')");
    const items = await all(s, `/beta/auditLogs/signIns?$filter=${filter}&$top=7`);
    expect(items).toHaveLength(60);
    expect(items.every((i) => (i.signInEventTypes as string[])[0] === 'servicePrincipal')).toBe(true);
    const times = items.map((i) => Date.parse(String(i.createdDateTime)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(items.map((i) => i.id)).size).toBe(60);
  });

  test('filters createdDateTime and activityDateTime windows, inclusive at both ends', async () => {
    const s = await start();
    const all240 = s.data.visible('signIns');
    const a = String(all240[100]?.createdDateTime);
    const b = String(all240[50]?.createdDateTime);
    const items = await all(
      s,
      `/beta/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${a} and createdDateTime le ${b}`)}`,
    );
    const want = all240.filter((r) => String(r.createdDateTime) >= a && String(r.createdDateTime) <= b);
    expect(items.map((i) => i.id).sort()).toEqual(want.map((i) => i.id).sort());
    const audits = await all(
      s,
      `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent('activityDateTime ge 2025-09-30T00:00:00Z')}`,
    );
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((x) => String(x.activityDateTime) >= '2025-09-30T00:00:00Z')).toBe(true);
  });

  test('answers what Graph refuses with Graph errors: bad filters, page sizes, tokens, permissions, licences', async () => {
    const s = await start();
    expect((await get(s, `/beta/auditLogs/signIns?$filter=${encodeURIComponent('foo eq 1')}`)).status).toBe(400);
    expect(
      (await get(s, `/v1.0/auditLogs/signIns?$filter=${encodeURIComponent("signInEventTypes/any(t: t eq 'x')")}`))
        .status,
    ).toBe(400);
    expect((await get(s, '/beta/auditLogs/signIns?$top=1001')).status).toBe(400);
    expect((await get(s, '/beta/identityGovernance/roleManagementAlerts/alerts')).status).toBe(400);
    const bad = await get(s, '/beta/auditLogs/signIns', 'nope');
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    s.licence = 'none';
    const unlicensed = await get(s, '/beta/auditLogs/signIns');
    expect(unlicensed.status).toBe(403);
    expect(unlicensed.text).toContain("doesn't have premium license");
    s.licence = 'P1';
    expect((await get(s, '/v1.0/identityProtection/riskDetections')).text).toContain('not licensed');
  });

  test('permissions come from the token roles', async () => {
    server = await startGraphServer({
      apps: [{ clientId: 'app-1', secret: 'x', roles: ['Directory.Read.All'] }],
      now: () => NOW,
    });
    const res = await get(server, '/beta/auditLogs/signIns', server.tokens.issue('app-1'));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    expect((await get(server, '/v1.0/users', server.tokens.issue('app-1'))).status).toBe(200);
  });

  test('enforces the reports budget per app: the sixth request in 10 s is a 429 with Retry-After', async () => {
    const s = await start({ reportsBudget: { requests: 5, windowMs: 10_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(s, '/v1.0/auditLogs/directoryAudits?$top=1')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(s.budgetViolations).toBe(1);
  });

  test('injects every fault kind, never more than maxConsecutive in a row for one URL', async () => {
    const s = await start({
      faults: {
        rates: {
          throttle: 0.3,
          'throttle-no-retry-after': 0.1,
          'unavailable-503': 0.1,
          reset: 0.1,
          truncated: 0.1,
          'cut-connection': 0.1,
          'invalid-page': 0.1,
        },
        maxConsecutive: 2,
        seed: 3,
      },
    });
    const token = s.tokens.issue(s.app.clientId);
    let streak = 0;
    let maxStreak = 0;
    for (let i = 0; i < 80; i++) {
      let ok = false;
      try {
        const res = await fetch(`${s.graphUrl}/v1.0/users`, { headers: { Authorization: `Bearer ${token}` } });
        const text = await res.text();
        ok = res.status === 200 && Array.isArray((JSON.parse(text) as { value?: unknown }).value);
      } catch {
        ok = false;
      }
      streak = ok ? 0 : streak + 1;
      maxStreak = Math.max(maxStreak, streak);
    }
    expect(maxStreak).toBeLessThanOrEqual(2);
    expect(Object.keys(s.faults.injected).sort()).toEqual(
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
  });

  test('duplicates items across pages when asked, and exposes hidden (late) records on demand', async () => {
    const s = await start({ faults: { duplicateAcrossPages: 2 } });
    const items = await all(s, '/v1.0/auditLogs/directoryAudits?$top=10');
    expect(items.length).toBeGreaterThan(60);
    expect(new Set(items.map((i) => i.id)).size).toBe(60);
    s.data.add('directoryAudits', [{ id: 'late-1', activityDateTime: '2025-09-29T00:00:00Z' }], { hidden: 'late' });
    expect(s.data.visibleIds('directoryAudits')).not.toContain('late-1');
    expect(s.data.expose('late')).toBe(1);
    expect(s.data.visibleIds('directoryAudits')).toContain('late-1');
  });

  test('serves configuration lists, single objects and per-object lists', async () => {
    const s = await start();
    expect(await all(s, '/v1.0/servicePrincipals?$top=2')).toHaveLength(4);
    const sd = await get(s, '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy');
    expect(sd.json).toMatchObject({ isEnabled: false });
    const fed = await get(s, '/v1.0/domains/fed.contoso-demo.com/federationConfiguration');
    expect((fed.json.value as unknown[]).length).toBe(1);
  });

  test("serves a mailbox's inbox rules and deletes one by id, with MailboxSettings permissions and Graph's 404s", async () => {
    const s = await start();
    const uid = 'aaaaaaaa-0000-4000-8000-000000000001';
    s.data.config.lists.users = [{ id: uid, userPrincipalName: 'a@contoso.com', accountEnabled: true }];
    s.data.config.lists[messageRulesList(uid)] = [{ id: 'AQAAAJ5dZp8=', displayName: '.', actions: { delete: true } }];
    const rules = `/v1.0/users/${uid}/mailFolders/inbox/messageRules`;
    const writer = s.tokens.issue(s.containAppId);
    const del = (id: string, token = writer) =>
      fetch(`${s.graphUrl}${rules}/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
    // The collector reads nothing of mailboxes (no MailboxSettings permission) and writes nothing.
    expect((await get(s, rules)).status).toBe(403);
    expect((await del('AQAAAJ5dZp8=', s.tokens.issue(s.app.clientId))).status).toBe(403);
    expect((await get(s, rules, writer)).json.value).toEqual([
      { id: 'AQAAAJ5dZp8=', displayName: '.', actions: { delete: true } },
    ]);
    expect(
      (await get(s, `/v1.0/users/bbbbbbbb-0000-4000-8000-000000000002/mailFolders/inbox/messageRules`, writer)).status,
    ).toBe(404);
    expect((await del('AQAAAJ5dZqA=')).status).toBe(404);
    expect((await del('AQAAAJ5dZp8=')).status).toBe(204);
    expect((await get(s, rules, writer)).json.value).toEqual([]);
    expect(s.writes.writes.map((w) => w.status)).toEqual([403, 404, 204]);
  });
});
