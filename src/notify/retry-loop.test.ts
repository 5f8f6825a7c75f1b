import { afterEach, describe, expect, test, vi } from 'vitest';
import { sampleNotification } from '../../test/notification.js';
import { startReceiver } from '../../test/webhook-receiver.js';
import { tempWorkspace } from '../../test/workspace.js';
import { VirtualClock } from '../sources/graph/clock.js';
import { loadNotifyConfig } from './config.js';
import { deliverStep, retryLoop, waitUntil } from './retry-loop.js';
import { retryDelayMs, type SendResult } from './sender.js';
import { listDeliveries, recordMessage } from './store.js';

const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const empty = (): SendResult => ({ attempted: 0, delivered: 0, retrying: 0, failed: 0, deliveries: [] });

describe('the retry timer', () => {
  test('waits until the next attempt is due, within its floor and its idle ceiling', () => {
    expect(waitUntil(new Date(61_000), 1_000, 1_000, 10_000)).toBe(10_000);
    expect(waitUntil(new Date(4_500), 1_000, 1_000, 10_000)).toBe(3_500);
    expect(waitUntil(new Date(0), 1_000, 1_000, 10_000)).toBe(1_000);
    expect(waitUntil(undefined, 1_000, 1_000, 10_000)).toBe(10_000);
  });

  test('backs off, doubling, while a delivery run fails, and starts over once one succeeds; stops on abort', async () => {
    const clock = new VirtualClock(Date.parse('2026-12-07T03:00:00Z'));
    const abort = new AbortController();
    let runs = 0;
    const lines: string[] = [];
    await retryLoop({
      clock,
      signal: abort.signal,
      report: (t) => lines.push(t),
      deliver: async () => {
        runs++;
        if (runs <= 3) throw new Error('the workspace is busy');
        if (runs === 5) abort.abort();
        return { result: empty(), next: new Date(clock.now() + 2_500) };
      },
    });
    expect(runs).toBe(5);
    expect(clock.slept).toEqual([2_000, 4_000, 8_000, 2_500]);
    expect(lines.filter((l) => l.includes('busy'))).toHaveLength(3);
  });

  test('retries a failed delivery at the time its backoff set, with no watcher poll, and the receiver gets it once', async () => {
    const receiver = await startReceiver(SECRET);
    cleanups.push(() => receiver.close());
    const t = await tempWorkspace();
    cleanups.push(t.cleanup);
    const clock = new VirtualClock(Date.now());
    vi.stubEnv('PREMORTEM_WEBHOOK_URL', receiver.url);
    vi.stubEnv('PREMORTEM_WEBHOOK_SECRET', SECRET);
    cleanups.push(() => vi.unstubAllEnvs());
    const config = loadNotifyConfig(t.dir);
    await recordMessage(t.ws, sampleNotification({ id: 'n1' }), ['webhook'], new Date(clock.now()));
    let answers = 0;
    receiver.respond = () => (++answers === 1 ? 503 : 204);
    const abort = new AbortController();
    const started = clock.now();
    const deliveredAt: number[] = [];
    await retryLoop({
      clock,
      signal: abort.signal,
      report: () => undefined,
      deliver: async () => {
        const step = await deliverStep(t.ws, config, clock)();
        if (step.result.delivered > 0) {
          deliveredAt.push(clock.now());
          abort.abort();
        }
        return step;
      },
    });
    // First run at once: 503, next attempt in retryDelayMs(1); the timer slept until then (in idle-sized steps).
    expect(deliveredAt).toHaveLength(1);
    expect((deliveredAt[0] as number) - started).toBe(retryDelayMs(1));
    expect(receiver.received.map((r) => r.ok)).toEqual([true, true]);
    expect(receiver.unique()).toHaveLength(1);
    const [d] = await listDeliveries(t.ws);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});
