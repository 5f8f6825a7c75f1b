/**
 * The notification outbox's write side. Detection calls `enqueueAlertChange` inside the transaction that stores an
 * alert change, so the alert and the duty to tell someone about it commit together: a process killed after the
 * commit still owes the notification, one killed before it owes nothing because nothing was stored. The sender
 * (src/notify/) reads and routes these rows; detection needs to know only this one function.
 */
import type { Workspace } from './workspace.js';

/** Why an alert is in the outbox: it was stored for the first time, or a stored alert changed. */
export type AlertChange = 'new' | 'updated';

/** Queues one alert change for routing; call inside the transaction that stored the change. */
export async function enqueueAlertChange(
  ws: Workspace,
  alertId: string,
  change: AlertChange,
  now: Date,
): Promise<void> {
  await ws.run(
    `INSERT INTO notify_outbox
     SELECT coalesce(max(seq), 0) + 1, $1, $2, CAST($3 AS TIMESTAMPTZ), NULL FROM notify_outbox`,
    [alertId, change, now.toISOString()],
  );
}
