/** The alert list (with filters, triage state and suppression) and the alert page with the triage forms. */
import type { Alert } from '../../detect/alert.js';
import { minuteUtc } from '../../investigate/incident-summary.js';
import { html, type Safe } from '../html.js';
import { csrfField, type PageUser, page, severityTag } from '../layout.js';
import { can } from '../roles.js';
import { type AlertTriage, MAX_SUPPRESSION_DAYS, type Suppression, VERDICTS } from '../triage.js';
import { recordLink } from './incidents.js';
import { objectsTable } from './objects.js';

export interface AlertRow {
  alert: Alert;
  triage: AlertTriage;
  suppressedBy: Suppression | undefined;
}

export interface AlertFilter {
  status?: string;
  severity?: string;
  rule?: string;
}

export function filterAlerts(rows: readonly AlertRow[], f: AlertFilter): AlertRow[] {
  return rows.filter(
    (r) =>
      (!f.status || r.triage.status === f.status) &&
      (!f.severity || r.alert.severity === f.severity) &&
      (!f.rule || r.alert.rule_id === f.rule),
  );
}

function triageText(r: AlertRow): Safe {
  const t = r.triage;
  return html`${t.status}${t.assignee ? html` · ${t.assignee}` : ''}${t.verdict ? html` · ${t.verdict}` : ''}${r.suppressedBy ? html` · suppressed by ${r.suppressedBy.id}` : ''}`;
}

export function alertsPage(user: PageUser, rows: readonly AlertRow[], f: AlertFilter): string {
  const opt = (name: string, values: readonly string[], chosen?: string) =>
    html`<select name="${name}"><option value="">any ${name}</option>${values.map((v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${v}</option>`)}</select>`;
  return page(
    'Alerts',
    user,
    html`<form method="get" action="/alerts" class="inline">${opt('status', ['new', 'acknowledged', 'closed'], f.status)}
${opt('severity', ['critical', 'high', 'medium', 'low', 'informational'], f.severity)}${f.rule ? html`<input type="hidden" name="rule" value="${f.rule}">` : ''}<button type="submit">Filter</button></form>
<table class="alerts"><thead><tr><th>Alert</th><th>Severity</th><th>Title</th><th>First seen</th><th>Last seen</th><th>Triage</th></tr></thead><tbody>
${rows.map(
  (
    r,
  ) => html`<tr><td><a href="/alerts/${r.alert.id}"><code>${r.alert.id}</code></a></td><td>${severityTag(r.alert.severity)}</td><td>${r.alert.title}</td>
<td>${minuteUtc(r.alert.first_seen)}</td><td>${minuteUtc(r.alert.last_seen)}</td><td>${triageText(r)}</td></tr>`,
)}</tbody></table>${rows.length === 0 ? html`<p>No alerts match.</p>` : ''}`,
  );
}

export function alertPage(user: PageUser, r: AlertRow): string {
  const a = r.alert;
  const t = r.triage;
  const csrf = csrfField(user.csrfToken);
  const entities = [...a.entities.users, ...a.entities.service_principals, ...a.entities.ips, ...a.entities.apps];
  const forms = !can(user.account.role, 'triage')
    ? html`<p class="muted">Your role (${user.account.role}) reads alerts; responders triage them.</p>`
    : t.status === 'closed'
      ? t.verdict === 'false-positive' && !r.suppressedBy
        ? html`<h2>Suppress</h2><form method="post" action="/alerts/${a.id}/suppress">${csrf}
<label>Entity <select name="entity">${entities.map((e) => html`<option value="${e}">${e}</option>`)}</select></label>
<label>Owner <input name="owner" value="${user.account.username}" required></label>
<label>Days (at most ${MAX_SUPPRESSION_DAYS}) <input name="days" type="number" min="1" max="${MAX_SUPPRESSION_DAYS}" value="30" required></label>
<label>Why it is a false positive <input name="reason" value="${t.reason ?? ''}" required></label>
<button type="submit">Suppress this rule for this entity</button></form>`
        : html``
      : html`<h2>Triage</h2>
${t.status === 'new' ? html`<form method="post" action="/alerts/${a.id}/acknowledge" class="inline">${csrf}<button type="submit">Acknowledge</button></form>` : ''}
<form method="post" action="/alerts/${a.id}/assign" class="inline">${csrf}<label>Assign to <input name="assignee" value="${t.assignee ?? ''}" required></label><button type="submit">Assign</button></form>
<form method="post" action="/alerts/${a.id}/close">${csrf}<label>Close as <select name="verdict">${VERDICTS.map((v) => html`<option value="${v}">${v}</option>`)}</select></label>
<label>Reason <input name="reason" required minlength="5"></label><button type="submit">Close</button></form>`;
  return page(
    `Alert ${a.id}`,
    user,
    html`<p>${severityTag(a.severity)} <strong>${a.title}</strong></p><p>${a.summary}</p>
<table><tbody><tr><th>Rule</th><td><code>${a.rule_id}</code></td></tr><tr><th>First / last seen</th><td>${a.first_seen} – ${a.last_seen}</td></tr>
<tr><th>Triage</th><td>${triageText(r)}${t.reason ? html` — ${t.reason}` : ''}${t.updated_by ? html` (by ${t.updated_by}, ${t.updated_at ?? ''})` : ''}</td></tr>
<tr><th>Accounts</th><td>${a.entities.users.join(', ')}</td></tr><tr><th>Service principals</th><td>${a.entities.service_principals.join(', ')}</td></tr>
<tr><th>Addresses</th><td>${a.entities.ips.join(', ')}</td></tr><tr><th>Applications</th><td>${a.entities.apps.join(', ')}</td></tr>
<tr><th>Tags</th><td>${a.tags.join(', ')}</td></tr></tbody></table>
<h2>Objects</h2>${objectsTable(a.objects ?? [])}
${forms}
<h2>Evidence (${a.event_count} events)</h2>
<table><thead><tr><th>Record</th><th>Table</th><th>Source id</th></tr></thead><tbody>
${a.evidence.slice(0, 200).map((e) => html`<tr><td>${recordLink(e.uid)}</td><td>${e.table}</td><td><code>${e.source_id ?? ''}</code></td></tr>`)}</tbody></table>`,
  );
}
