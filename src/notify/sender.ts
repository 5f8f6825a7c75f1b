/**
 * The sender: delivers what is due, records each attempt, and schedules retries with exponential backoff. A
 * delivery is recorded only after its attempt returns, so a process killed between sending and recording sends it
 * again on the next run: at least once. The webhook-id (the delivery id) is the same on every attempt, so a
 * receiver that deduplicates by it sees each message exactly once.
 */
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';
import type { ChannelSender } from './channels/channel.js';
import { senderFor } from './channels/index.js';
import type { NotifyConfig } from './config.js';
import { dueDeliveries, messageBody, recordAttempt } from './store.js';

/** Retries: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly; given up after this many attempts (about 8.5 hours). */
export const MAX_ATTEMPTS = 15;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** How long to wait after the n-th failed attempt (n from 1). */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LONGEST_RETRY_MS);
}

export interface SendResult {
  attempted: number;
  delivered: number;
  /** Failed this time, retried later. */
  retrying: number;
  /** Given up: a permanent refusal, too many attempts, or a channel no longer configured. */
  failed: number;
}

export interface SendOptions {
  now?: () => Date;
  /** At most this many deliveries per call (a watcher keeps its poll loop moving). */
  limit?: number;
  /** Senders by channel name (tests); default: built from the configuration. */
  senders?: ReadonlyMap<string, ChannelSender>;
  /** Only these deliveries (notify test sends its sample and nothing else). */
  only?: readonly string[];
}

/** Delivers every due delivery once (no waiting for retries: those are due at a later call). */
export async function deliverDue(ws: Workspace, config: NotifyConfig, options: SendOptions = {}): Promise<SendResult> {
  const clock = options.now ?? (() => new Date());
  const result: SendResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const senders = new Map(options.senders ?? []);
  const due = await dueDeliveries(ws, clock(), options.only ? 1_000_000 : (options.limit ?? 500));
  for (const d of due.filter((x) => !options.only || options.only.includes(x.id))) {
    const channel = config.channels.get(d.channel);
    let sender = senders.get(d.channel);
    if (!sender && channel) {
      try {
        sender = senderFor(channel);
      } catch (err) {
        // A missing secret is the operator's to fix; the delivery waits (retried) rather than being lost.
        const why = err instanceof PremortemError ? err.message : 'the channel could not be set up';
        await recordAttempt(ws, d.id, {
          status: 'pending',
          result: why,
          nextAttempt: new Date(clock().getTime() + retryDelayMs(d.attempts + 1)),
          at: clock(),
        });
        result.retrying++;
        continue;
      }
      senders.set(d.channel, sender);
    }
    result.attempted++;
    if (!sender) {
      await recordAttempt(ws, d.id, {
        status: 'failed',
        result: 'channel no longer configured',
        nextAttempt: clock(),
        at: clock(),
      });
      result.failed++;
      continue;
    }
    const outcome = await sender.send(d.id, await messageBody(ws, d.message_id), clock());
    const at = clock();
    if (outcome.ok) {
      await recordAttempt(ws, d.id, { status: 'delivered', result: outcome.detail, nextAttempt: at, at });
      result.delivered++;
    } else if (outcome.permanent || d.attempts + 1 >= MAX_ATTEMPTS) {
      await recordAttempt(ws, d.id, { status: 'failed', result: outcome.detail, nextAttempt: at, at });
      result.failed++;
    } else {
      const nextAttempt = new Date(at.getTime() + retryDelayMs(d.attempts + 1));
      await recordAttempt(ws, d.id, { status: 'pending', result: outcome.detail, nextAttempt, at });
      result.retrying++;
    }
  }
  return result;
}
