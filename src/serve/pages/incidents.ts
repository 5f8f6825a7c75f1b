/** The incident list (with filters) and the incident page: timeline, objects, evidence, footprint, downloads. */

import { actionText, actionWhen } from '../../investigate/footprint-format.js';
import type { Incident } from '../../investigate/incident-model.js';
import { minuteUtc } from '../../investigate/incident-summary.js';
import type { IncidentReport } from '../../report/report-model.js';
import { html, type Safe } from '../html.js';
import { csrfField, type PageUser, page, severityTag } from '../layout.js';
import { can } from '../roles.js';
import { objectsTable } from './objects.js';

export const INCIDENT_STATUSES = ['open', 'investigating', 'contained', 'closed'] as const;

export interface IncidentFilter {
  status?: string;
  severity?: string;
}

export function filterIncidents(list: readonly Incident[], f: IncidentFilter): Incident[] {
  return list.filter((i) => (!f.status || i.status === f.status) && (!f.severity || i.severity === f.severity));
}

function select(name: string, values: readonly string[], chosen: string | undefined): Safe {
  return html`<select name="${name}"><option value="">any ${name}</option>${values.map(
    (v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${v}</option>`,
  )}</select>`;
}

export function incidentsPage(user: PageUser, list: readonly Incident[], f: IncidentFilter): string {
  return page(
    'Incidents',
    user,
    html`<form method="get" action="/incidents" class="inline">${select('status', INCIDENT_STATUSES, f.status)}
${select('severity', ['critical', 'high', 'medium', 'low', 'informational'], f.severity)}<button type="submit">Filter</button></form>
<table><thead><tr><th>Incident</th><th>Severity</th><th>Status</th><th>Title</th><th>First seen</th><th>Last seen</th><th>Alerts</th></tr></thead><tbody>
${list.map(
  (
    i,
  ) => html`<tr><td><a href="/incidents/${i.id}"><code>${i.id}</code></a></td><td>${severityTag(i.severity)}</td><td>${i.status}</td>
<td>${i.title}</td><td>${minuteUtc(i.first_seen)}</td><td>${minuteUtc(i.last_seen)}</td><td>${i.alert_ids.length}</td></tr>`,
)}</tbody></table>${list.length === 0 ? html`<p>No incidents match.</p>` : ''}`,
  );
}

/** A record uid as a link to its raw record. */
export function recordLink(uid: string): Safe {
  return html`<a href="/records/${encodeURIComponent(uid)}"><code>${uid}</code></a>`;
}

function names(label: string, values: readonly string[]): Safe {
  return values.length === 0
    ? html``
    : html`<tr><th>${label}</th><td>${values.map((v, i) => html`${i ? ', ' : ''}${v}`)}</td></tr>`;
}

export function incidentPage(user: PageUser, r: IncidentReport): string {
  const i = r.incident;
  const statusForm = can(user.account.role, 'triage')
    ? html`<form method="post" action="/incidents/${i.id}/status" class="inline">${csrfField(user.csrfToken)}
<label>Status ${select('status', INCIDENT_STATUSES, i.status)}</label><button type="submit">Set status</button></form>`
    : '';
  return page(
    `Incident ${i.id}`,
    user,
    html`<p>${severityTag(i.severity)} <strong>${i.title}</strong> · ${i.status} · ${minuteUtc(i.first_seen)} – ${minuteUtc(i.last_seen)}</p>
<p>${i.summary}</p>${statusForm}
<p>Report: <a href="/incidents/${i.id}/report.html">HTML</a> · <a href="/incidents/${i.id}/report.md">Markdown</a> ·
<a href="/incidents/${i.id}/report.csv">CSV</a> · <a href="/incidents/${i.id}/report.json">JSON</a> · <a href="/incidents/${i.id}/contain">Containment</a></p>
<h2>Objects</h2>
<table class="objects"><tbody>${names('Accounts acting for the attacker', i.actors.users)}${names('Service principals acting for the attacker', i.actors.service_principals)}
${names('Accounts named', i.entities.users)}${names('Service principals named', i.entities.service_principals)}${names('Addresses', i.entities.ips)}${names('Applications', i.entities.apps)}</tbody></table>
${objectsTable(r.alerts.flatMap((a) => a.objects ?? []))}
${footprintIdentities(r)}
<h2>Alerts</h2>
<table><thead><tr><th>Alert</th><th>Severity</th><th>Title</th><th>First seen</th><th>Events</th></tr></thead><tbody>
${r.alerts.map(
  (a) =>
    html`<tr><td><a href="/alerts/${a.id}"><code>${a.id}</code></a></td><td>${severityTag(a.severity)}</td><td>${a.title}</td><td>${minuteUtc(a.first_seen)}</td><td>${a.event_count}</td></tr>`,
)}</tbody></table>
<h2 id="timeline">Timeline</h2>
<table class="timeline"><thead><tr><th>Date (UTC)</th><th>Action / Finding</th><th>Evidence</th></tr></thead><tbody>
${r.timeline.map(
  (e) => html`<tr><td>${actionWhen(e)}</td><td>${e.severity ? html`${severityTag(e.severity)} ` : ''}${e.action}</td>
<td>${e.evidence.source}: ${e.evidence.uids.length === 0 ? 'no records' : e.evidence.uids.map((u, n) => html`${n ? ', ' : ''}${recordLink(u)}`)}${e.evidence.count > e.evidence.uids.length ? html` … (${e.evidence.count} records)` : ''}</td></tr>`,
)}</tbody></table>
<h2>Attacker footprint</h2>
${r.footprints.map(
  (f) => html`<h3>${f.subject.kind} ${f.subject.value}</h3>
<table><thead><tr><th>When</th><th>What</th><th>Records</th></tr></thead><tbody>
${f.actions.map((a) => html`<tr><td>${actionWhen(a)}</td><td>${a.attacker ? html`<strong>attacker</strong> ` : ''}${a.category}: ${actionText(a)}</td><td>${a.uids.slice(0, 3).map((u, n) => html`${n ? ', ' : ''}${recordLink(u)}`)}${a.count > 3 ? html` … (${a.count})` : ''}</td></tr>`)}
</tbody></table>`,
)}`,
  );
}

function footprintIdentities(r: IncidentReport): Safe {
  const ids = r.footprints.flatMap((f) => f.identities);
  if (ids.length === 0) return html``;
  return html`<table><thead><tr><th>Identity followed</th><th>Object id</th><th>Why</th><th>Since</th></tr></thead><tbody>
${ids.map((d) => html`<tr><td>${d.kind} ${d.name}</td><td><code>${d.id ?? ''}</code></td><td>${d.reason}</td><td>${d.since ?? ''}</td></tr>`)}</tbody></table>`;
}
