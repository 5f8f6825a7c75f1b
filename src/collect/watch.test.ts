import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures, sprayRecords } from '../../test/graph-server/fixtures.js';
import { graphHarness } from '../../test/graph-server/harness.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { tempDir, tempWorkspace } from '../../test/workspace.js';
import { builtinDetection } from '../cli/watch.js';
import type { Alert } from '../detect/alert.js';
import { realClock, VirtualClock } from '../sources/graph/clock.js';
import { GraphError } from '../sources/graph/errors.js';
import { type CollectSummary, collectLogs } from './collect-logs.js';
import { type PollReport, watchLoop } from './watch.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const emptySummary = (loaded: number): CollectSummary => ({
  tenantId: 't',
  startedAt: '',
  finishedAt: '',
  endpoints: [],
  totals: { pages: 0, read: loaded, loaded, duplicate: 0, rejected: 0, requests: 0, retries: 0, throttled: 0 },
});

describe('watch', () => {
  test('raises the spray alert within 60 s of the server exposing the spray (built-in rules)', async () => {
    // Real time end to end: the server's clock, the client's and the interval are the wall clock's.
    const h = await graphHarness({ clock: realClock, reportsBudget: false });
    cleanups.push(() => h.close());
    const now = Date.now();
    addLogFixtures(h.server.data, { now: now - 60_000, signIns: 80, audits: 20 });
    // Fifteen accounts sprayed from one address over the last five minutes, hidden until the test exposes them.
    h.server.data.add('signIns', sprayRecords(now - 5 * 60_000, 15), { hidden: 'spray' });
    const t = await tempWorkspace();
    cleanups.push(t.cleanup);
    const client = new (await import('../sources/graph/http.js')).GraphClient({
      graphUrl: h.settings.graphUrl,
      tokens: h.tokens,
      reportsBudget: { requests: 1000, windowMs: 10_000 },
    });

    const abort = new AbortController();
    let exposedAt = 0;
    let alertAt = 0;
    const polls: PollReport<Alert>[] = [];
    const loop = watchLoop<Alert>({
      intervalMs: 1_000,
      signal: abort.signal,
      poll: (signal) =>
        collectLogs(t.ws, client, { tenantId: h.server.tenantId, sinceMs: 86_400_000, ...(signal ? { signal } : {}) }),
      detect: builtinDetection(t.ws),
      onPoll: (r) => {
        polls.push(r);
        if (r.poll === 1) {
          expect(r.alerts).toEqual([]);
          h.server.data.expose('spray');
          exposedAt = Date.now();
        } else if (r.alerts.some((a) => a.title === 'Password spray campaign')) {
          alertAt = Date.now();
          abort.abort();
        } else if (Date.now() - exposedAt > 60_000) abort.abort();
      },
    });
    await loop;
    expect(alertAt, 'no spray alert within 60 s').toBeGreaterThan(0);
    const seconds = (alertAt - exposedAt) / 1000;
    expect(seconds).toBeLessThan(60);
    // Watch announces the campaign that folds the spray's views (detect/campaigns.ts); its per-address member stays stored.
    const spray = polls.flatMap((p) => p.alerts).find((a) => a.title === 'Password spray campaign');
    expect(spray?.entities.ips).toContain('203.0.113.57');
    expect(Number(await t.ws.scalar("SELECT count(*) FROM alerts WHERE title = 'Password spray campaign'"))).toBe(1);
    expect(
      Number(await t.ws.scalar("SELECT count(*) FROM alerts WHERE title = 'Password spray from one source'")),
    ).toBe(1);
    process.stderr.write(`time to alert: ${seconds.toFixed(1)} s after the spray was exposed\n`);
  }, 90_000);

  test('keeps polling through a poll Graph fails, stops on rejected credentials, runs detection only on arrivals', async () => {
    const clock = new VirtualClock();
    const detected: number[] = [];
    let n = 0;
    const outcomes: (() => CollectSummary)[] = [
      () => emptySummary(5),
      () => {
        throw new GraphError('unavailable', 'gave up after 8 attempts');
      },
      () => emptySummary(0),
      () => emptySummary(2),
      () => {
        throw new GraphError('auth', 'Graph rejected the token');
      },
    ];
    const reports: PollReport<{ id: string; title: string; severity: string }>[] = [];
    await expect(
      watchLoop({
        intervalMs: 30_000,
        clock,
        poll: async () => (outcomes[n++] as () => CollectSummary)(),
        detect: async (s) => {
          detected.push(s.loaded);
          return [];
        },
        onPoll: (r) => reports.push(r),
      }),
    ).rejects.toThrow('rejected the token');
    expect(reports.map((r) => r.error ?? 'ok')).toEqual(['ok', 'gave up after 8 attempts', 'ok', 'ok']);
    expect(detected).toEqual([5, 2]);
    // Polls start every interval: the waits add up to the interval per poll.
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(4 * 30_000);
  });

  test('detects as soon as an endpoint stores records, before the next endpoint is read, and shows those alerts then', async () => {
    const clock = new VirtualClock(Date.parse('2026-12-07T10:00:00Z'));
    const endpoint = (name: string, loaded: number) => ({
      endpoint: name,
      title: name,
      status: 'ok' as const,
      pages: 1,
      read: loaded,
      loaded,
      duplicate: 0,
      rejected: 0,
    });
    const log: string[] = [];
    // Poll 1: sign-ins land (3), audits nothing, risk detections land (2). Poll 2: a poll that never says what
    // landed (2 records) is detected on at its end. Poll 3: nothing arrives, so nothing runs.
    const polls = [
      async (landed: (e: ReturnType<typeof endpoint>) => Promise<void>) => {
        for (const e of [endpoint('signIns', 3), endpoint('directoryAudits', 0), endpoint('riskDetections', 2)]) {
          log.push(`read ${e.endpoint}`);
          if (e.loaded > 0) await landed(e);
        }
        return { ...emptySummary(5), endpoints: [] };
      },
      async () => {
        log.push('read quietly');
        return emptySummary(2);
      },
      async () => {
        log.push('read nothing');
        return emptySummary(0);
      },
    ];
    let n = 0;
    const reports: PollReport<{ id: string; title: string; severity: string }>[] = [];
    await watchLoop({
      intervalMs: 30_000,
      clock,
      poll: (_signal, landed) => (polls[n++] as (l: typeof landed) => Promise<CollectSummary>)(landed),
      detect: async (arrived) => {
        log.push(`detect ${arrived.loaded} (${arrived.endpoints.map((e) => e.endpoint).join(',')})`);
        return [{ id: `a${log.length}`, title: 'alert', severity: 'high' }];
      },
      onAlerts: (alerts, poll) => log.push(`show ${alerts.map((a) => a.id).join(',')} in poll ${poll}`),
      onPoll: (r) => {
        log.push(`poll ${r.poll} done: ${r.alerts.length} alert(s)`);
        if (r.poll === 3) throw new GraphError('auth', 'stop here');
      },
    }).catch((err: Error) => expect(err.message).toBe('stop here'));
    expect(log).toEqual([
      'read signIns',
      'detect 3 (signIns)',
      'show a2 in poll 1',
      'read directoryAudits',
      'read riskDetections',
      'detect 5 (signIns,riskDetections)',
      'show a6 in poll 1',
      'poll 1 done: 2 alert(s)',
      'read quietly',
      'detect 2 ()',
      'show a10 in poll 2',
      'poll 2 done: 1 alert(s)',
      'read nothing',
      'poll 3 done: 0 alert(s)',
    ]);
  });

  test('premortem watch stops cleanly on SIGTERM and on SIGINT (child process)', async () => {
    const h = await graphHarness({ clock: realClock, reportsBudget: false });
    cleanups.push(() => h.close());
    addLogFixtures(h.server.data, { now: Date.now() - 60_000, signIns: 20, audits: 5 });
    const t = tempDir();
    cleanups.push(t.cleanup);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const args = [
        '--workspace',
        join(t.dir, 'ws'),
        'watch',
        '--interval',
        '1s',
        '--endpoints',
        'signIns,directoryAudits',
      ];
      const run = runCli(args, {
        PREMORTEM_GRAPH_URL: h.server.graphUrl,
        PREMORTEM_GRAPH_TOKEN: h.server.tokens.issue(h.server.app.clientId),
        PREMORTEM_GRAPH_BUDGET: '1000/10s',
      });
      await run.stderrMatches(/poll 2:/);
      run.child.kill(signal);
      const done = await run.done;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toContain(`${signal}: stopping`);
      expect(done.stderr).toMatch(/stopped after \d+ poll\(s\)/);
    }
  }, 60_000);
});
