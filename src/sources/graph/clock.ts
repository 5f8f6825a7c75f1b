/**
 * Time as the Graph client sees it: what time it is and how to wait. Every sleep (Retry-After, backoff, the
 * request budget, the watch interval) goes through one Clock so tests replace real waiting with a virtual clock
 * and a fault-heavy collection runs in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after ms, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The abort reason as an Error (AbortSignal.reason may be any value). */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const err = new Error(typeof r === 'string' ? r : 'aborted');
  err.name = 'AbortError';
  return err;
}

/** The wall clock and real timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when something sleeps: sleeping advances it at once. Shared by a test and the test
 * server, it lets both agree on "10 seconds later" without anyone waiting. `slept` records every wait.
 */
export class VirtualClock implements Clock {
  readonly slept: number[] = [];
  constructor(private t: number = Date.parse('2025-10-01T00:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += Math.max(0, ms);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    this.slept.push(ms);
    this.advance(ms);
    // Yield, so a loop that only sleeps still lets other work run.
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw abortReason(signal);
  }
}
