/**
 * A request budget: at most N requests in any window of W milliseconds, shared by every request of one class.
 * Graph states its limits as "N requests per 10 seconds" per app per tenant (reference/graph_api_limits_permissions.md);
 * a token bucket refilling continuously would allow N at once and one more two seconds later, N+1 in a 10 s window,
 * so this keeps the times of the last N requests instead (a sliding window) and never exceeds the limit.
 */
import type { Clock } from './clock.js';
import type { BudgetSetting } from './settings.js';

export class RequestBudget {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly setting: BudgetSetting,
    private readonly clock: Clock,
  ) {}

  /** Waits until one more request fits the budget, then counts it. Callers are served in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A caller that aborts must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    const { requests, windowMs } = this.setting;
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - windowMs) this.sent.shift();
      if (this.sent.length < requests) {
        this.sent.push(now);
        return;
      }
      await this.clock.sleep((this.sent[0] as number) + windowMs - now, signal);
    }
  }
}

/**
 * Which budget a request draws from. reports: signIn, directoryAudit, userRegistrationDetails (5/10 s per app per
 * tenant); identityProtection: riskDetection, riskyUser, conditionalAccessPolicy, namedLocation ("one request per
 * second per tenant for all apps", and no Retry-After on their 429s); signInActivity: users with $select=signInActivity
 * (10 per minute); directory: everything else, limited only by Graph's 429s.
 */
export type BudgetClass = 'reports' | 'identityProtection' | 'signInActivity' | 'directory';

export const FIXED_BUDGETS: Readonly<Record<Exclude<BudgetClass, 'reports' | 'directory'>, BudgetSetting>> = {
  identityProtection: { requests: 1, windowMs: 1_000 },
  signInActivity: { requests: 10, windowMs: 60_000 },
};
