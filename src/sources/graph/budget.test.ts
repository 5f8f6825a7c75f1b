import { describe, expect, test } from 'vitest';
import { RequestBudget } from './budget.js';
import { VirtualClock } from './clock.js';

describe('request budget', () => {
  test('never more than N requests in any window, callers served in order', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget({ requests: 5, windowMs: 10_000 }, clock);
    const times: number[] = [];
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 17 }, (_, i) =>
        budget.take().then(() => {
          times.push(clock.now());
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 10_000).length).toBeLessThanOrEqual(5);
    // Five at once, then five per ten seconds: 17 requests need 30 s, not a token bucket's 24.
    expect(times.at(-1)).toBe(30_000);
  });

  test('an aborted wait frees the queue for the next caller', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget({ requests: 1, windowMs: 1000 }, clock);
    await budget.take();
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(budget.take(abort.signal)).rejects.toThrow('stop');
    await budget.take();
    expect(clock.now()).toBe(1000);
  });
});
