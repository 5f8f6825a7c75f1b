/**
 * The retry timer of a long-running deliverer (serve): delivers what is due, then sleeps until the outbox's
 * earliest next attempt, so a failed delivery is retried at the time its backoff set, not whenever a watcher's
 * poll next comes round (or never, when serve has no Graph to watch). With nothing pending it looks again every
 * `idleMs` (new deliveries come from detection at any time). A delivery run that throws (the workspace busy or
 * broken) is tried again after a wait that doubles up to `maxBackoffMs`.
 */
import type { Workspace } from '../store/workspace.js';
import type { NotifyConfig } from './config.js';
import { deliverDue, type SendResult } from './sender.js';
import { nextAttemptAt } from './store.js';

/** The time source and sleep the loop uses (the Graph client's Clock fits it; tests pass a virtual one). */
export interface LoopClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryLoopOptions {
  /** One delivery run; returns what it did and when the next pending delivery is due (undefined: none). */
  readonly deliver: () => Promise<{ result: SendResult; next: Date | undefined }>;
  readonly clock: LoopClock;
  readonly signal: AbortSignal;
  readonly report: (text: string) => void;
  /** With nothing pending, look again after this long (default 10 s). */
  readonly idleMs?: number;
  /** Never sooner than this after a run (default 1 s): a clock skew cannot make the loop spin. */
  readonly minMs?: number;
  /** The longest wait after failed runs (default 5 min). */
  readonly maxBackoffMs?: number;
}

/** How long to wait before the next run: until `next`, kept between minMs and idleMs. */
export function waitUntil(next: Date | undefined, now: number, minMs: number, idleMs: number): number {
  if (next === undefined) return idleMs;
  return Math.min(idleMs, Math.max(minMs, next.getTime() - now));
}

/** Runs until the signal aborts; resolves then (never rejects). */
export async function retryLoop(o: RetryLoopOptions): Promise<void> {
  const idleMs = o.idleMs ?? 10_000;
  const minMs = o.minMs ?? 1_000;
  const maxBackoffMs = o.maxBackoffMs ?? 300_000;
  let failures = 0;
  while (!o.signal.aborted) {
    let wait: number;
    try {
      const { result, next } = await o.deliver();
      failures = 0;
      if (result.attempted > 0 || result.retrying > 0)
        o.report(`notify retry: ${result.delivered} delivered, ${result.retrying} to retry, ${result.failed} failed`);
      wait = waitUntil(next, o.clock.now(), minMs, idleMs);
    } catch (err) {
      failures++;
      wait = Math.min(minMs * 2 ** failures, maxBackoffMs);
      o.report(
        `notify retry: ${err instanceof Error ? err.message : String(err)}; trying again in ${Math.round(wait / 1000)} s`,
      );
    }
    try {
      await o.clock.sleep(wait, o.signal);
    } catch {
      return;
    }
  }
}

/** The deliver step for a workspace: what is due now, and when the next pending delivery is due. */
export function deliverStep(
  ws: Workspace,
  config: NotifyConfig,
  clock: LoopClock,
): () => Promise<{ result: SendResult; next: Date | undefined }> {
  return async () => {
    const now = () => new Date(clock.now());
    const result = await deliverDue(ws, config, { now, limit: 100 });
    return { result, next: await nextAttemptAt(ws) };
  };
}
