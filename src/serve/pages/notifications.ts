/**
 * The notifications page: the delivery log (every message, channel, attempts, last result) and the figures of the
 * noise budget, including the alert changes kept quiet by exceptions and suppressions.
 */
import type { DeliveryRow } from '../../notify/store.js';
import { html } from '../html.js';
import { type PageUser, page } from '../layout.js';

export interface NotificationsView {
  messages: Record<string, number>;
  deliveries: Record<string, number>;
  quiet: { excepted: number; suppressed: number; folded: number };
  digest_pending: number;
  log: DeliveryRow[];
}

export function notificationsPage(user: PageUser, v: NotificationsView): string {
  const kinds =
    Object.entries(v.messages)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none yet';
  const q = v.quiet;
  return page(
    'Notifications',
    user,
    html`<p class="muted">Messages: ${kinds}. Waiting for the digest: ${v.digest_pending} alert(s). Kept quiet since the last digest: ${q.excepted} covered by an exception, ${q.suppressed} suppressed, ${q.folded} that did not escalate an incident already told.</p>
<table class="deliveries"><thead><tr><th>Created (UTC)</th><th>Status</th><th>Channel</th><th>Message</th><th>Attempts</th><th>Last result</th><th>Delivery id (webhook-id)</th></tr></thead><tbody>
${v.log.map(
  (
    d,
  ) => html`<tr><td>${d.created_at}</td><td>${d.status}</td><td>${d.channel}</td><td>${d.title}</td><td>${d.attempts}</td>
<td>${d.last_result ?? ''}${d.status === 'pending' && d.attempts > 0 ? ` (next ${d.next_attempt_at})` : ''}</td><td><code>${d.id}</code></td></tr>`,
)}</tbody></table>`,
  );
}
