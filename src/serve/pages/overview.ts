/** The overview page: open incidents by severity, alerts in the last 24 h, posture over time, readiness, collection. */
import { minuteUtc } from '../../investigate/incident-summary.js';
import { html, type Safe } from '../html.js';
import { type PageUser, page, severityTag } from '../layout.js';
import type { Overview } from '../overview-data.js';
import { scoreChart } from './score-chart.js';

function card(label: string, value: string | number, note?: Safe | string): Safe {
  return html`<div class="card"><div class="muted">${label}</div><div class="big">${value}</div>${note ? html`<div>${note}</div>` : ''}</div>`;
}

export function overviewPage(user: PageUser, o: Overview): string {
  const sev = (['critical', 'high', 'medium', 'low', 'informational'] as const)
    .filter((s) => o.openBySeverity[s] > 0)
    .map((s) => html`${severityTag(s)} ${o.openBySeverity[s]} `);
  const latestPosture = o.posture.at(-1);
  return page(
    'Overview',
    user,
    html`<p class="muted">As of ${o.now}</p>
<div class="cards">
${card('Open incidents', o.openIncidents.length, sev.length ? html`${sev}` : 'none')}
${card('Alerts in the last 24 h', o.alertsLast24h, `${o.alertsTotal} stored in all`)}
${card('Posture score', latestPosture ? `${latestPosture.score}/100` : 'no snapshot', latestPosture ? `snapshot ${latestPosture.snapshot}` : 'premortem collect --config')}
${card('Readiness score', 'score' in o.readiness ? `${o.readiness.score}/100` : 'not measured', 'error' in o.readiness ? o.readiness.error : html`<a href="/readiness">the answers</a>`)}
</div>
<h2>Open incidents</h2>
${
  o.openIncidents.length === 0
    ? html`<p>No open incidents.</p>`
    : html`<table><thead><tr><th>Incident</th><th>Severity</th><th>Status</th><th>Title</th><th>First seen</th><th>Last seen</th><th>Alerts</th></tr></thead><tbody>
${o.openIncidents.map(
  (
    i,
  ) => html`<tr><td><a href="/incidents/${i.id}"><code>${i.id}</code></a></td><td>${severityTag(i.severity)}</td><td>${i.status}</td>
<td>${i.title}</td><td>${minuteUtc(i.first_seen)}</td><td>${minuteUtc(i.last_seen)}</td><td>${i.alert_ids.length}</td></tr>`,
)}</tbody></table>`
}
<h2>Posture score over time</h2>
${o.posture.length === 0 ? html`<p>No configuration snapshot in the workspace.</p>` : scoreChart(o.posture.map((p) => ({ label: p.takenAt.slice(0, 10), value: p.score })))}
<h2>Suppressions in force</h2>
${
  o.suppressions.length === 0
    ? html`<p>None.</p>`
    : html`<table><thead><tr><th>Id</th><th>Rule</th><th>Entity</th><th>Owner</th><th>Expires</th><th>Reason</th><th>From alert</th></tr></thead><tbody>
${o.suppressions.map(
  (s) =>
    html`<tr><td>${s.id}</td><td><code>${s.rule_id}</code></td><td>${s.entity}</td><td>${s.owner}</td><td>${s.expires_at}</td><td>${s.reason}</td><td><a href="/alerts/${s.from_alert}"><code>${s.from_alert}</code></a></td></tr>`,
)}</tbody></table>`
}
<h2>Collection health</h2>
${
  o.collection.length === 0
    ? html`<p>Nothing collected live: the workspace holds imported data only.</p>`
    : html`<table><thead><tr><th>Tenant</th><th>Endpoint</th><th>Read to its end until</th><th>Newest event</th><th>Lag (h)</th><th>State</th></tr></thead><tbody>
${o.collection.map(
  (
    c,
  ) => html`<tr><td><code>${c.tenantId}</code></td><td>${c.endpoint}</td><td>${c.coveredUntil ?? 'never'}</td><td>${c.highWater ?? ''}</td>
<td>${c.lagHours === null ? '' : c.lagHours.toFixed(1)}</td><td>${c.interrupted ? 'interrupted, resumes next poll' : c.behind ? 'behind' : 'ok'}</td></tr>`,
)}</tbody></table>`
}`,
  );
}
