import { describe, expect, test } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './retry-policy.js';

describe('retry policy', () => {
  test('Retry-After in seconds or as an HTTP date; absent or unreadable is undefined', () => {
    const now = Date.parse('2025-10-21T07:28:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Tue, 21 Oct 2025 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 21 Oct 2025 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  test('backoff doubles per attempt with jitter in the upper half, capped', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
    expect(backoffDelay(3, p, () => 1)).toBe(4000);
    expect(backoffDelay(10, p, () => 1)).toBe(8000);
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(2, p, () => i / 20)));
    expect(spread.size).toBe(20);
  });
});
