/**
 * Login throttling: after FREE_ATTEMPTS failures for one username, or for one client address, further attempts are
 * refused until a delay that doubles with every failure (capped) has passed. Held in memory: a restart forgets it,
 * which costs an attacker a restart they cannot cause, and keeps failed logins from writing to the workspace.
 */
const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A key quiet this long starts over. */
const FORGET_AFTER_MS = 60 * 60_000;

interface Failures {
  count: number;
  last: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds the caller must still wait before another attempt for any of `keys` (0: go ahead). */
  waitMs(keys: readonly string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const f = this.failures.get(k);
      if (!f) continue;
      if (t - f.last > FORGET_AFTER_MS) {
        this.failures.delete(k);
        continue;
      }
      if (f.count < FREE_ATTEMPTS) continue;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (f.count - FREE_ATTEMPTS));
      wait = Math.max(wait, f.last + delay - t);
    }
    return Math.max(0, wait);
  }

  failed(keys: readonly string[]): void {
    const t = this.now();
    for (const k of keys) {
      const f = this.failures.get(k);
      this.failures.set(k, { count: (f?.count ?? 0) + 1, last: t });
    }
  }

  succeeded(keys: readonly string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
