/** The audit trail page: every change, newest first, with the state before and after as JSON text. */
import type { AuditEntry } from '../audit-trail.js';
import { html } from '../html.js';
import { type PageUser, page } from '../layout.js';

export function auditPage(user: PageUser, entries: readonly AuditEntry[]): string {
  return page(
    'Audit trail',
    user,
    html`<p class="muted">Every state change made through premortem serve and premortem users: who, what, when, before and after.</p>
<table class="audit"><thead><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th><th>On</th><th>Before</th><th>After</th></tr></thead><tbody>
${entries.map(
  (
    e,
  ) => html`<tr><td>${e.seq}</td><td>${e.at}</td><td>${e.actor}</td><td>${e.action}</td><td><code>${e.target}</code></td>
<td><code>${e.before === null ? '' : JSON.stringify(e.before)}</code></td><td><code>${e.after === null ? '' : JSON.stringify(e.after)}</code></td></tr>`,
)}</tbody></table>`,
  );
}
