/**
 * How long to wait before asking Graph again. A 429 or 503 with Retry-After is honoured as given (seconds or an
 * HTTP date); without it (Identity Protection and Conditional Access never send one: reference/graph_api_limits_permissions.md)
 * the wait doubles per attempt with jitter, so many clients throttled at once do not return in lockstep.
 */
export interface RetryPolicy {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is cut to it (a broken header must not park collection for a day). */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
};

/** Retry-After in milliseconds: "120" or "Wed, 21 Oct 2025 07:28:00 GMT"; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the other half. Never
 * near zero (a throttled endpoint asked again at once only extends the throttling), never in lockstep.
 * attempt is 1 after the first failure.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
