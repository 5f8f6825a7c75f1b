/** The rules page: each built-in rule, whether it runs, its last run, its alerts and its own tests. */
import { html } from '../html.js';
import { type PageUser, page, severityTag } from '../layout.js';
import type { RuleRow } from '../rules-data.js';

export function rulesPage(user: PageUser, rows: readonly RuleRow[]): string {
  return page(
    'Rules',
    user,
    html`<table class="rules"><thead><tr><th>Rule</th><th>Level</th><th>Enabled</th><th>Last run</th><th>Alerts</th><th>Own tests</th></tr></thead><tbody>
${rows.map(
  (
    r,
  ) => html`<tr><td>${r.title}<div class="muted"><code>${r.id}</code></div></td><td>${r.level ? severityTag(r.level) : ''}</td>
<td>${r.enabled ? 'yes' : html`no: ${r.skipped}`}</td><td>${r.lastRun ?? 'never'}</td>
<td>${r.alerts > 0 ? html`<a href="/alerts?rule=${encodeURIComponent(r.id)}">${r.alerts}</a>` : '0'}</td>
<td>${r.tests === null ? 'none' : r.tests.failed > 0 ? html`<strong>${r.tests.failed} failing</strong>, ${r.tests.passed} passing` : html`${r.tests.passed} passing`}</td></tr>`,
)}</tbody></table>`,
  );
}
