import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures } from '../../../test/graph-server/fixtures.js';
import { graphHarness, type Harness } from '../../../test/graph-server/harness.js';
import type { VirtualClock } from './clock.js';
import { GraphError } from './errors.js';
import { GraphClient } from './http.js';
import { listPageProblem, listPages } from './paging.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(options: Parameters<typeof graphHarness>[0] = {}): Promise<Harness> {
  h = await graphHarness(options);
  addLogFixtures(h.server.data, { now: h.clock.now() });
  return h;
}

const clock = (x: Harness) => x.clock as VirtualClock;

describe('Graph HTTP client', () => {
  test('honours Retry-After exactly; without it, backs off exponentially', async () => {
    const x = await setup({ faults: { rates: { throttle: 1 }, retryAfterSeconds: 7, maxConsecutive: 2 } });
    await x.client.get(x.client.url('/v1.0/users'));
    expect(clock(x).slept).toEqual([7000, 7000]);
    expect(x.retries.map((r) => r.reason)).toEqual(['429 (Retry-After 7 s)', '429 (Retry-After 7 s)']);

    x.server.faults.set({ rates: { 'throttle-no-retry-after': 1 }, maxConsecutive: 3 });
    clock(x).slept.length = 0;
    await x.client.get(x.client.url('/v1.0/users'));
    const [a, b, c] = clock(x).slept;
    expect(a).toBeGreaterThanOrEqual(500);
    expect(b).toBeGreaterThanOrEqual(1000);
    expect(c).toBeGreaterThanOrEqual(2000);
    expect(c).toBeLessThanOrEqual(4000);
  });

  test('retries 503, resets, cut connections, truncated and invalid bodies; never returns a broken page', async () => {
    for (const fault of ['unavailable-503', 'reset', 'cut-connection', 'truncated', 'invalid-page'] as const) {
      const x = await setup({ faults: { rates: { [fault]: 1 }, maxConsecutive: 3 } });
      const page = await x.client.get(x.client.url('/v1.0/auditLogs/directoryAudits'), {
        budget: 'reports',
        validate: listPageProblem,
      });
      expect((page.json as { value: unknown[] }).value).toHaveLength(60);
      expect(x.server.faults.injected[fault]).toBe(3);
      await x.close();
      h = undefined;
    }
  });

  test('an authority unreachable for a moment is retried; rejected credentials are not', async () => {
    const x = await setup();
    let calls = 0;
    const flaky = new GraphClient({
      graphUrl: x.settings.graphUrl,
      clock: x.clock,
      tokens: {
        kind: 'secret',
        getToken: async () => {
          if (++calls === 1)
            throw new GraphError('unavailable', 'Graph sign-in failed: connection failed (ECONNRESET)');
          return x.tokens.getToken();
        },
      },
    });
    await flaky.get(flaky.url('/v1.0/users'));
    expect(calls).toBe(2);
    const rejected = new GraphClient({
      graphUrl: x.settings.graphUrl,
      clock: x.clock,
      tokens: {
        kind: 'secret',
        getToken: async () => {
          calls++;
          throw new GraphError('auth', 'the client secret was rejected');
        },
      },
    });
    await expect(rejected.get(rejected.url('/v1.0/users'))).rejects.toThrow('rejected');
    expect(calls).toBe(3);
  });

  test('gives up after the attempts are spent, with Graph unavailable and a hint', async () => {
    const x = await setup({ faults: { rates: { 'unavailable-503': 1 }, maxConsecutive: 100 } });
    const err = await x.client.get(x.client.url('/v1.0/users')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).failure).toBe('unavailable');
    expect((err as GraphError).message).toContain('gave up after 8 attempts (last: 503)');
    expect((err as GraphError).hint).toContain('resumes where it stopped');
  });

  test('keeps to the reports budget: the server never has to refuse a request', async () => {
    const x = await setup();
    for (let i = 0; i < 12; i++)
      await x.client.get(x.client.url('/v1.0/auditLogs/directoryAudits', { $top: 1 }), { budget: 'reports' });
    expect(x.server.budgetViolations).toBe(0);
    expect(clock(x).now() - Date.parse('2025-10-01T00:00:00Z')).toBeGreaterThanOrEqual(20_000);
  });

  test('an expired token is refreshed once (401), then the request succeeds', async () => {
    const x = await setup();
    await x.client.get(x.client.url('/v1.0/users'));
    const before = x.server.tokens.tokenRequests;
    clock(x).advance(2 * 3600_000);
    await x.client.get(x.client.url('/v1.0/users'));
    expect(x.server.tokens.tokenRequests).toBe(before + 1);
  });

  test('a 403 is a permission or a licence problem, told apart by what Graph says', async () => {
    const x = await setup({ licence: 'P1' });
    const licence = await x.client
      .get(x.client.url('/v1.0/identityProtection/riskDetections'))
      .catch((e: unknown) => e);
    expect((licence as GraphError).failure).toBe('licence');
    x.server.licence = 'none';
    const signIns = await x.client.get(x.client.url('/beta/auditLogs/signIns')).catch((e: unknown) => e);
    expect((signIns as GraphError).failure).toBe('licence');
    expect((signIns as GraphError).code).toBe('usage');
  });

  test('follows nextLink only on the same host: the token is never sent elsewhere', async () => {
    const x = await setup();
    const err = await x.client.get('https://attacker.example/v1.0/users').catch((e: unknown) => e);
    expect((err as GraphError).message).toContain('refusing to send the Graph token to https://attacker.example');
    expect(x.server.requests).toHaveLength(0);
  });

  test('pages newest first to the end, and stops on a paging loop', async () => {
    const x = await setup();
    const ids: string[] = [];
    for await (const p of listPages(x.client, x.client.url('/v1.0/auditLogs/directoryAudits', { $top: 7 }), {
      budget: 'reports',
    })) {
      ids.push(...p.items.map((i) => String(i.id)));
    }
    expect(ids).toEqual(x.server.data.visibleIds('directoryAudits'));
    // A server that sends the same nextLink back: listPages stops instead of reading forever.
    const { createServer } = await import('node:http');
    const loop = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ value: [{ id: 'x' }], '@odata.nextLink': `http://127.0.0.1:${port}/v1.0/users` }));
    });
    await new Promise<void>((r) => loop.listen(0, '127.0.0.1', () => r()));
    const port = (loop.address() as { port: number }).port;
    const looping = new GraphClient({
      graphUrl: `http://127.0.0.1:${port}`,
      tokens: { kind: 'token', getToken: async () => 't' },
      clock: x.clock,
    });
    let pages = 0;
    const err = await (async () => {
      for await (const _ of listPages(looping, `http://127.0.0.1:${port}/v1.0/users`)) pages++;
    })().catch((e: unknown) => e);
    loop.close();
    expect(pages).toBe(1);
    expect((err as GraphError).message).toContain('paging loop');
  });
});
