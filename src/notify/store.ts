/**
 * The notify tables (migration 70): messages, their deliveries per channel, the routing state that keeps the noise
 * budget across restarts, and the outbox rows routing consumes. Only this file writes them.
 */
import { sha256Hex } from '../core/hash.js';
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import type { Notification } from './message.js';

/** A delivery id is the Standard Webhooks webhook-id: one per message and channel, stable across retries. */
export function deliveryId(messageId: string, channel: string): string {
  return `msg_${sha256Hex(`${messageId}\n${channel}`).slice(0, 26)}`;
}

/** Records a message and one pending delivery per channel; call inside the routing transaction. */
export async function recordMessage(
  ws: Workspace,
  n: Notification,
  channels: readonly string[],
  now: Date,
): Promise<void> {
  await ws.run('INSERT INTO notify_messages VALUES ($1, $2, $3, $4, $5, CAST($6 AS TIMESTAMPTZ))', [
    n.id,
    n.kind,
    n.severity,
    n.title,
    JSON.stringify(n),
    now.toISOString(),
  ]);
  for (const c of channels)
    await ws.run(
      `INSERT INTO notify_deliveries VALUES ($1, $2, $3, 'pending', 0, CAST($4 AS TIMESTAMPTZ), NULL, NULL, NULL)`,
      [deliveryId(n.id, c), n.id, c, now.toISOString()],
    );
}

export async function readState<T>(ws: Workspace, key: string): Promise<T | undefined> {
  const v = await ws.scalar('SELECT value_json FROM notify_state WHERE key = $1', [key]);
  return v === undefined || v === null ? undefined : (JSON.parse(String(v)) as T);
}

export async function writeState(ws: Workspace, key: string, value: unknown, now: Date): Promise<void> {
  await ws.run(`INSERT OR REPLACE INTO notify_state VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ))`, [
    key,
    JSON.stringify(value),
    now.toISOString(),
  ]);
}

/** An outbox row not yet routed, with the alert it names mapped to its campaign when it is a campaign member. */
export interface OutboxRow {
  seq: number;
  alertId: string;
}

export async function unroutedOutbox(ws: Workspace): Promise<OutboxRow[]> {
  const rows = await ws.all<{ seq: bigint; alert_id: string }>(
    `SELECT o.seq, coalesce(c.campaign_id, o.alert_id) AS alert_id FROM notify_outbox o
     LEFT JOIN alert_campaigns c ON c.alert_id = o.alert_id
     WHERE o.routed_at IS NULL ORDER BY o.seq`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), alertId: String(r.alert_id) }));
}

export async function markRouted(ws: Workspace, upToSeq: number, now: Date): Promise<void> {
  await ws.run('UPDATE notify_outbox SET routed_at = CAST($2 AS TIMESTAMPTZ) WHERE routed_at IS NULL AND seq <= $1', [
    upToSeq,
    now.toISOString(),
  ]);
}

/** One delivery as the log shows it. */
export interface DeliveryRow {
  id: string;
  message_id: string;
  channel: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_result: string | null;
  delivered_at: string | null;
  kind: string;
  severity: string;
  title: string;
  created_at: string;
}

const DELIVERY_SELECT = `SELECT d.*, m.kind, m.severity, m.title, m.created_at FROM notify_deliveries d
  JOIN notify_messages m ON m.id = d.message_id`;

function toDelivery(r: Record<string, unknown>): DeliveryRow {
  return {
    id: String(r.id),
    message_id: String(r.message_id),
    channel: String(r.channel),
    status: String(r.status) as DeliveryRow['status'],
    attempts: Number(r.attempts),
    next_attempt_at: r.status === 'pending' ? toIsoUtc(r.next_attempt_at as Date) : null,
    last_attempt_at: toIsoUtc(r.last_attempt_at as Date | null),
    last_result: r.last_result === null ? null : String(r.last_result),
    delivered_at: toIsoUtc(r.delivered_at as Date | null),
    kind: String(r.kind),
    severity: String(r.severity),
    title: String(r.title),
    created_at: toIsoUtc(r.created_at as Date) ?? '',
  };
}

/** The delivery log, newest first. */
export async function listDeliveries(ws: Workspace, limit = 100): Promise<DeliveryRow[]> {
  const rows = await ws.all(`${DELIVERY_SELECT} ORDER BY m.created_at DESC, d.id LIMIT $1`, [limit]);
  return rows.map(toDelivery);
}

/** Deliveries due at `now`, oldest message first. */
export async function dueDeliveries(ws: Workspace, now: Date, limit: number): Promise<DeliveryRow[]> {
  const rows = await ws.all(
    `${DELIVERY_SELECT} WHERE d.status = 'pending' AND d.next_attempt_at <= CAST($1 AS TIMESTAMPTZ)
     ORDER BY m.created_at, d.id LIMIT $2`,
    [now.toISOString(), limit],
  );
  return rows.map(toDelivery);
}

export async function messageBody(ws: Workspace, messageId: string): Promise<Notification> {
  return JSON.parse(String(await ws.scalar('SELECT body_json FROM notify_messages WHERE id = $1', [messageId])));
}

/** When the earliest pending delivery is due (undefined: nothing pending). */
export async function nextAttemptAt(ws: Workspace): Promise<Date | undefined> {
  const v = await ws.scalar("SELECT epoch_ms(min(next_attempt_at)) FROM notify_deliveries WHERE status = 'pending'");
  return v === undefined || v === null ? undefined : new Date(Number(v));
}

/** Records one attempt's outcome. */
export async function recordAttempt(
  ws: Workspace,
  id: string,
  outcome: { status: DeliveryRow['status']; result: string; nextAttempt: Date; at: Date },
): Promise<void> {
  await ws.run(
    `UPDATE notify_deliveries SET status = $2, attempts = attempts + 1, last_result = $3,
       next_attempt_at = CAST($4 AS TIMESTAMPTZ), last_attempt_at = CAST($5 AS TIMESTAMPTZ),
       delivered_at = CASE WHEN $2 = 'delivered' THEN CAST($5 AS TIMESTAMPTZ) ELSE NULL END
     WHERE id = $1`,
    [id, outcome.status, outcome.result, outcome.nextAttempt.toISOString(), outcome.at.toISOString()],
  );
}

/** How many messages of each kind exist, and deliveries by status: the overview's and the demo's figures. */
export async function notifyCounts(
  ws: Workspace,
): Promise<{ messages: Record<string, number>; deliveries: Record<string, number> }> {
  const m = await ws.all<{ kind: string; n: bigint }>('SELECT kind, count(*) AS n FROM notify_messages GROUP BY kind');
  const d = await ws.all<{ status: string; n: bigint }>(
    'SELECT status, count(*) AS n FROM notify_deliveries GROUP BY status',
  );
  return {
    messages: Object.fromEntries(m.map((r) => [r.kind, Number(r.n)])),
    deliveries: Object.fromEntries(d.map((r) => [r.status, Number(r.n)])),
  };
}

/** What the digest holds now: the alerts waiting and what was kept quiet since the last one. */
export async function digestStatus(
  ws: Workspace,
): Promise<{ pending: number; quiet: { excepted: number; suppressed: number; folded: number } }> {
  const d = await readState<{ items: unknown[]; quiet: { excepted: number; suppressed: number; folded: number } }>(
    ws,
    'digest',
  );
  return { pending: d?.items.length ?? 0, quiet: d?.quiet ?? { excepted: 0, suppressed: 0, folded: 0 } };
}
