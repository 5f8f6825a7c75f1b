/**
 * Alert announcements: "new" means "not yet announced", tracked in the store, never "found by this run". A run
 * killed after its transaction stored alerts, and before it printed them, left them known but never shown as
 * new, so CI and watch missed them. Every stored change to an alert queues an announcement in the same
 * transaction as the change (alert-store.ts); detect and watch show what is queued and then mark it announced, so
 * an alert is shown at least once.
 *
 * An alert updated in place (a campaign that grows: more evidence, a later last_seen, an absorbed neighbour) owes
 * one announcement as "updated", unless its earlier announcement is still queued, in which case that one stands
 * (an alert never shown is still new, however often it grew). Absorbed alerts' queued announcements move to the
 * alert that absorbed them.
 */
import { enqueueAlertChange } from '../store/outbox.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import type { Alert } from './alert.js';
import { listAlerts } from './list-alerts.js';

export type AnnouncementReason = 'new' | 'updated';

/** Queues the announcement a stored change owes; call inside the transaction that stored the change. */
export async function queueAnnouncement(
  ws: Workspace,
  alertId: string,
  reason: AnnouncementReason,
  now: Date,
): Promise<void> {
  // The notification outbox gets every change, even when an announcement is already queued: routing decides what
  // is worth a message (an incident escalating), not the terminal's "shown once" rule.
  await enqueueAlertChange(ws, alertId, reason, now);
  const queued = await ws.scalar(
    'SELECT count(*) FROM alert_announcements WHERE alert_id = $1 AND announced_at IS NULL',
    [alertId],
  );
  if (Number(queued) > 0) return;
  await ws.run(
    `INSERT INTO alert_announcements
     SELECT $1, coalesce(max(revision), 0) + 1, $2, CAST($3 AS TIMESTAMPTZ), NULL
     FROM alert_announcements WHERE alert_id = $1`,
    [alertId, reason, now.toISOString()],
  );
}

/** An alert absorbed into another: what it still owed is owed by the one that absorbed it. */
export async function moveAnnouncements(ws: Workspace, fromId: string, toId: string, now: Date): Promise<void> {
  const owed = await ws.all<{ reason: string }>(
    'SELECT reason FROM alert_announcements WHERE alert_id = $1 AND announced_at IS NULL ORDER BY revision',
    [fromId],
  );
  await ws.run('DELETE FROM alert_announcements WHERE alert_id = $1', [fromId]);
  if (owed.length > 0) await queueAnnouncement(ws, toId, owed.some((o) => o.reason === 'new') ? 'new' : 'updated', now);
}

/** What is owed: the alerts to show as new and as updated, and the keys to mark once shown. */
export interface OwedAnnouncements {
  readonly new: readonly Alert[];
  readonly updated: readonly Alert[];
  readonly keys: readonly { alertId: string; revision: number }[];
}

/**
 * What the store owes; with `ruleIds`, only what alerts of those rules owe (exceptions check announces its own
 * compensating rules' alerts, and leaves the rest to detect and watch).
 */
export async function owedAnnouncements(
  ws: Workspace,
  options: { ruleIds?: readonly string[] } = {},
): Promise<OwedAnnouncements> {
  const rows = await ws.all<{ alert_id: string; revision: number; reason: string }>(
    `SELECT a.alert_id, a.revision, a.reason FROM alert_announcements a
     WHERE a.announced_at IS NULL
       AND EXISTS (SELECT 1 FROM alerts WHERE id = a.alert_id
                   AND ($1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], rule_id)))
     ORDER BY a.alert_id, a.revision`,
    [options.ruleIds === undefined ? null : sqlList(options.ruleIds)],
  );
  const ids = (reason: string) => rows.filter((r) => r.reason === reason).map((r) => String(r.alert_id));
  return {
    new: await listAlerts(ws, ids('new')),
    updated: await listAlerts(ws, ids('updated')),
    keys: rows.map((r) => ({ alertId: String(r.alert_id), revision: Number(r.revision) })),
  };
}

/** Marks shown announcements; after this they are history (who was told what, when). */
export async function markAnnounced(ws: Workspace, keys: OwedAnnouncements['keys'], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await ws.transaction(async () => {
    for (const k of keys) {
      await ws.run(
        'UPDATE alert_announcements SET announced_at = CAST($3 AS TIMESTAMPTZ) WHERE alert_id = $1 AND revision = $2',
        [k.alertId, k.revision, now.toISOString()],
      );
    }
  });
}
