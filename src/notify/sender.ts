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
import { type DeliveryRow, dueDeliveries, messageBody, recordAttempt } from './store.js';

/** Retries: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly; given up after this many attempts (about 8.5 hours). */
export const MAX_ATTEMPTS = 15;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** How long to wait after the n-th failed attempt (n from 1). */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LONGEST_RETRY_MS);
}

/** One delivery's outcome in this call (watch --json prints each as a JSON line: docs/notify.md). */
export interface DeliveryResult {
  readonly delivery_id: string;
  readonly message_id: string;
  readonly channel: string;
  readonly kind: string;
  readonly severity: string;
  /** delivered; retrying (failed this time, tried again at next_attempt); failed (given up). */
  readonly status: 'delivered' | 'retrying' | 'failed';
  /** Attempts so far, this one included. */
  readonly attempt: number;
  readonly at: string;
  readonly next_attempt: string | null;
  /** The channel's answer (an HTTP status, an error): never a secret or a webhook URL. */
  readonly detail: string;
}

export interface SendResult {
  attempted: number;
  delivered: number;
  /** Failed this time, retried later. */
  retrying: number;
  /** Given up: a permanent refusal, too many attempts, or a channel no longer configured. */
  failed: number;
  /** Each delivery this call decided, in the order it did. */
  deliveries: DeliveryResult[];
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
  const result: SendResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0, deliveries: [] };
  const senders = new Map(options.senders ?? []);
  const due = await dueDeliveries(ws, clock(), options.only ? 1_000_000 : (options.limit ?? 500));
  /** Records the outcome of delivery d, counts it and reports it. */
  const record = async (d: DeliveryRow, status: DeliveryResult['status'], detail: string, at: Date) => {
    const nextAttempt = status === 'retrying' ? new Date(at.getTime() + retryDelayMs(d.attempts + 1)) : at;
    await recordAttempt(ws, d.id, {
      status: status === 'retrying' ? 'pending' : status,
      result: detail,
      nextAttempt,
      at,
    });
    result[status]++;
    result.deliveries.push({
      delivery_id: d.id,
      message_id: d.message_id,
      channel: d.channel,
      kind: d.kind,
      severity: d.severity,
      status,
      attempt: d.attempts + 1,
      at: at.toISOString(),
      next_attempt: status === 'retrying' ? nextAttempt.toISOString() : null,
      detail,
    });
  };
  for (const d of due.filter((x) => !options.only || options.only.includes(x.id))) {
    const channel = config.channels.get(d.channel);
    let sender = senders.get(d.channel);
    if (!sender && channel) {
      try {
        sender = senderFor(channel, config.env);
      } catch (err) {
        // A missing secret is the operator's to fix; the delivery waits (retried) rather than being lost.
        const why = err instanceof PremortemError ? err.message : 'the channel could not be set up';
        await record(d, 'retrying', why, clock());
        continue;
      }
      senders.set(d.channel, sender);
    }
    result.attempted++;
    if (!sender) {
      await record(d, 'failed', 'channel no longer configured', clock());
      continue;
    }
    const outcome = await sender.send(d.id, await messageBody(ws, d.message_id), clock());
    const at = clock();
    if (outcome.ok) await record(d, 'delivered', outcome.detail, at);
    else if (outcome.permanent || d.attempts + 1 >= MAX_ATTEMPTS) await record(d, 'failed', outcome.detail, at);
    else await record(d, 'retrying', outcome.detail, at);
  }
  return result;
}
