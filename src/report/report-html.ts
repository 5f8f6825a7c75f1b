import { html } from '../core/escape.js';
import { incidentObjectsText } from '../core/objects.js';
import { actionWhen, displaySignins, objectLines, subjectText } from '../investigate/footprint-format.js';
import type { Footprint } from '../investigate/footprint-model.js';
import { minuteUtc } from '../investigate/incident-summary.js';
import { formatWhen, lineObjectsText } from '../investigate/timeline-format.js';
import type { TimelineEntry } from '../investigate/timeline-model.js';
import { failuresChartSvg } from './chart-svg.js';
import { citedRecords } from './executive-summary.js';
import { REPORT_CSS } from './report-html-style.js';
import { methodology } from './report-markdown.js';
import { type IncidentReport, PHASE_TITLES, type Phase } from './report-model.js';
import { readinessHtml } from './report-readiness.js';
import { withCitation } from './sentence.js';

/**
 * The report as one self-contained HTML file: styles inline, the chart as inline SVG, no script at all and a
 * Content-Security-Policy that forbids scripts, network and frames, so even a log string that escaped html() by a
 * bug could not run or call out. Every value from the store passes through html().
 */
export function reportHtml(
  reports: readonly IncidentReport[],
  title = 'premortem incident report',
  empty = 'No incidents: run premortem detect first.',
): string {
  const body = reports.map(incidentSection).join('\n<hr>\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${html(reports.length === 1 ? `Incident report: ${reports[0]?.incident.title ?? ''}` : title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${reports.length === 0 ? `<p>${html(empty)}</p>` : body}
</main>
</body>
</html>
`;
}

/** The containment trail: what premortem contain sent, who approved it, Graph's answer. */
function takenHtml(r: IncidentReport): string {
  if (r.response.taken.length === 0) return '';
  const rows = r.response.taken
    .map(
      (t) =>
        `<tr><td>${html(minuteUtc(t.at))}</td><td><code>${html(`${t.step === 'undo' ? 'undo ' : ''}${t.action}`)}</code><br>${html(t.targets)}</td><td>${html(t.outcome)}${t.detail ? `: ${html(t.detail)}` : ''}</td><td>${html(t.approved_by)}${t.proposed_by ? ` (proposed by ${html(t.proposed_by)})` : ''}</td><td><code>${html(t.request ?? 'not sent')}</code></td><td>${t.status === null ? '' : html(t.status)}${t.request_id ? ` request-id ${html(t.request_id)}` : ''}</td></tr>`,
    )
    .join('');
  return `<h3>Actions taken (premortem contain)</h3><table><thead><tr><th>Date (UTC)</th><th>Action</th><th>Outcome</th><th>Approved by</th><th>Graph request</th><th>Answer</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const list = (xs: readonly string[], empty = 'None recorded.') =>
  xs.length ? `<ul>${xs.map((x) => `<li>${html(x)}</li>`).join('')}</ul>` : `<p class="muted">${html(empty)}</p>`;

const badge = (sev: string) => `<span class="badge sev-${html(sev)}">${html(sev)}</span>`;

const uids = (ids: readonly string[], count: number) =>
  ids.map((u) => `<code class="uid" title="premortem show ${html(u)}">${html(u)}</code>`).join(' ') +
  (count > ids.length ? ` <span class="muted">… ${count} records</span>` : '');

function incidentSection(r: IncidentReport): string {
  const inc = r.incident;
  const p = (id: string, heading: string, inner: string) =>
    `<section id="${id}-${html(inc.id)}" data-section="${id}">\n<h2>${heading}</h2>\n${inner}\n</section>`;
  const affected = [
    ...new Set(
      r.footprints.flatMap((f) => f.identities.filter((i) => i.kind !== 'ip').map((i) => `${i.name} (${i.reason})`)),
    ),
  ];
  return [
    `<header><p class="muted">premortem incident report · generated ${html(minuteUtc(r.generated_at))} from the records of this workspace; every statement is built from them. Record ids open with <code>premortem show UID</code>.</p>`,
    `<h1>${html(inc.title)}</h1><p>${badge(inc.severity)} <span class="badge">${html(inc.status)}</span> <code>${html(inc.id)}</code></p></header>`,
    p(
      'executive-summary',
      'Executive Summary',
      `${r.executive_summary
        .map(
          (s) =>
            `<p>${html(s.text)}${citedRecords(s) ? ` <span class="muted">(${html(citedRecords(s))})</span>` : ''}</p>`,
        )
        .join('\n')}\n<h3>Alerts</h3>\n<p>${html(inc.summary)}</p>`,
    ),
    p(
      'incident-details',
      'Incident Details',
      `<dl class="details">
<dt>Incident</dt><dd><code>${html(inc.id)}</code>, severity ${html(inc.severity)}, status ${html(inc.status)}</dd>
<dt>Discovery date</dt><dd>${html(r.discovered_at ? minuteUtc(r.discovered_at) : 'unknown')} (first alert raised)</dd>
<dt>Incident dates</dt><dd>${html(minuteUtc(inc.first_seen))} to ${html(minuteUtc(inc.last_seen))} (alerts)</dd>
<dt>Tenant</dt><dd>${html(r.tenant ?? 'not stated in the logs')}</dd>
<dt>Affected identities</dt><dd>${list(affected, 'none followed')}</dd>
<dt>Objects (by id)</dt><dd>${html(incidentObjectsText(inc.objects, [...inc.actors.users, ...inc.actors.service_principals]) || 'none named')}</dd>
<dt>Attacker addresses</dt><dd>${html(r.iocs.ips.map((i) => i.ip).join(', ') || 'none')}</dd>
${r.coverage.map((c) => `<dt>${html(c.label)}</dt><dd>${c.rows} records${c.first ? `, ${html(minuteUtc(c.first))} to ${html(minuteUtc(c.last ?? ''))}` : ''}</dd>`).join('\n')}
</dl>`,
    ),
    p(
      'timeline',
      'Timeline of Events',
      `<h3>Failed sign-ins per hour per attacker address</h3>\n${failuresChartSvg(r.chart)}\n${(
        ['initial-access', 'escalation-persistence', 'impact'] as Phase[]
      )
        .map((ph) => `<h3>${PHASE_TITLES[ph]}</h3>\n${timelineTable(r.timeline.filter((e) => e.phase === ph))}`)
        .join('\n')}\n<h3>${PHASE_TITLES['detection-response']}</h3>\n${list(r.detection.map(withCitation))}`,
    ),
    p(
      'methodology',
      'Attack Methodology',
      (() => {
        const m = methodology(r);
        if (m.length === 0) return '<p class="muted">No ATT&amp;CK tags on the alerts of this incident.</p>';
        return `<table><thead><tr><th>Tactic</th><th>Technique</th><th>Alerts</th></tr></thead><tbody>${m
          .flatMap((g) =>
            g.techniques.map(
              (t) =>
                `<tr><td>${html(g.tactic)}</td><td><code>${html(t.id)}</code> ${html(t.name)}</td><td>${html(t.alerts.join('; '))}</td></tr>`,
            ),
          )
          .join('')}</tbody></table>`;
      })(),
    ),
    p('impact', 'Impact Assessment', list(r.impact.map(withCitation))),
    p(
      'footprint',
      'Attacker Footprint',
      r.footprints.map(footprintHtml).join('\n') || '<p class="muted">No identity acting for the attacker.</p>',
    ),
    p('iocs', 'Indicators of Compromise', iocsHtml(r)),
    p(
      'response',
      'Response Actions',
      `<h3>Containment</h3>${list(r.response.containment)}<h3>Eradication</h3>${list(r.response.eradication)}<h3>Recovery</h3>${list(r.response.recovery)}${takenHtml(r)}`,
    ),
    p(
      'lessons',
      'Lessons Learned and Recommendations',
      `<p class="muted">${html(r.lessons.source_note)}</p>${r.lessons.findings.length ? `<h3>Posture findings and exceptions</h3>${list(r.lessons.findings)}` : ''}<h3>Recommendations</h3>${list(r.lessons.recommendations)}`,
    ),
    r.readiness ? p('readiness', 'Readiness: How Far Back, How Do We Know, How Fast', readinessHtml(r.readiness)) : '',
    p(
      'evidence',
      'Evidence Appendix',
      `<p class="muted">Every input imported into this workspace, with its SHA-256: the chain of custody for the records above.</p>
<table><thead><tr><th>File</th><th>SHA-256</th><th>Bytes</th><th>Shape</th><th>Read</th><th>Loaded</th><th>Duplicate</th><th>Rejected</th></tr></thead><tbody>${r.evidence
        .map(
          (e) =>
            `<tr><td>${html(e.path)}</td><td><code>${html(e.sha256)}</code></td><td>${e.bytes}</td><td>${html(e.shape)}</td><td>${e.records_read}</td><td>${e.records_loaded}</td><td>${e.records_duplicate}</td><td>${e.records_rejected}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    ),
  ].join('\n');
}

function timelineTable(entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return '<p class="muted">None recorded.</p>';
  return `<table class="timeline"><thead><tr><th>Date (UTC)</th><th>Action / Finding</th><th>Evidence</th></tr></thead><tbody>${entries
    .map(
      (e) =>
        `<tr><td class="when">${html(formatWhen(e))}</td><td>${e.severity ? `${badge(e.severity)} ` : ''}${html(e.action)}${html(lineObjectsText(e))}</td><td>${html(e.evidence.source)}: ${e.evidence.count === 0 ? 'no records' : uids(e.evidence.uids, e.evidence.count)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function footprintHtml(f: Footprint): string {
  const s = displaySignins(f);
  return `<h3>Footprint of ${html(subjectText(f))}</h3>
<p>From ${html(f.since ? minuteUtc(f.since) : 'the beginning of the data')}. Attacker addresses: ${html(f.attacker_ips.join(', ') || 'none')}.</p>
<h4>Followed identities</h4>
<table><thead><tr><th>Identity</th><th>Id</th><th>Kind</th><th>Followed from (UTC)</th><th>Why</th><th>Record</th></tr></thead><tbody>${f.identities
    .map(
      (i) =>
        `<tr><td>${html(i.name)}</td><td>${i.id ? `<code>${html(i.id)}</code>${i.app_id ? `, app id <code>${html(i.app_id)}</code>` : ''}` : ''}</td><td>${html(i.kind)}</td><td class="when">${html(i.since ? actionWhen({ start: i.since, end: i.since }) : 'start of data')}</td><td>${html(i.reason)}</td><td>${i.via ? uids([i.via], 1) : ''}</td></tr>`,
    )
    .join('')}</tbody></table>
<h4>Actions</h4>
<table><thead><tr><th>When (UTC)</th><th>Attacker</th><th>Category</th><th>Actor</th><th>Activity</th><th>Target</th><th>Detail</th><th>Result</th><th>Evidence</th></tr></thead><tbody>${f.actions
    .map(
      (a) =>
        `<tr${a.attacker ? ' class="attacker"' : ''}><td class="when">${html(actionWhen(a))}</td><td>${a.attacker ? 'yes' : ''}</td><td>${html(a.category)}</td><td>${html(a.actor)}</td><td>${html(a.activity)}</td><td>${html(a.target ?? '')}</td><td>${html([a.detail, a.ip ? `from ${a.ip}` : null].filter((x) => x).join('; '))}</td><td>${html(a.result)}</td><td>${html(a.table)}: ${uids(a.uids, a.count)}</td></tr>`,
    )
    .join('')}</tbody></table>
<h4>Sign-ins from attacker addresses</h4>
<table><thead><tr><th>Identity</th><th>Address</th><th>Country</th><th>Client app</th><th>Application</th><th>Outcome</th><th>Count</th><th>First (UTC)</th><th>Last (UTC)</th></tr></thead><tbody>${s.attacker
    .map(
      (g) =>
        `<tr><td>${html(g.identity)}</td><td>${html(g.ip)}</td><td>${html(g.country ?? '')}</td><td>${html(g.client_app ?? '')}</td><td>${html(g.app ?? '')}</td><td>${g.ok ? 'success' : 'failure'}</td><td>${g.count}</td><td class="when">${html(actionWhen({ start: g.first, end: g.first }))}</td><td class="when">${html(actionWhen({ start: g.last, end: g.last }))}</td></tr>`,
    )
    .join('')}</tbody></table>
${s.other.length ? `<p>Other sign-ins of the followed identities (from addresses no alert names):</p>${list(s.other.map((o) => `${o.identity}: ${o.count} from ${o.addresses} address${o.addresses === 1 ? '' : 'es'} (${o.clients.join(', ') || 'no client app'})`))}` : ''}
<h4>Touched</h4>
<dl class="details"><dt>Accounts</dt><dd>${html(f.touched.users.join(', ') || 'none')}</dd><dt>Service principals</dt><dd>${html(f.touched.service_principals.join(', ') || 'none')}</dd><dt>Applications and credentials</dt><dd>${html(f.touched.applications.join(', ') || 'none')}</dd><dt>Roles</dt><dd>${html(f.touched.roles.join(', ') || 'none')}</dd><dt>Groups</dt><dd>${html(f.touched.groups.join(', ') || 'none')}</dd></dl>
<h4>Objects by id</h4>
${list(objectLines(f), 'none named')}`;
}

function iocsHtml(r: IncidentReport): string {
  const i = r.iocs;
  return `<table><thead><tr><th>Address</th><th>Country</th><th>ASN</th><th>Failed</th><th>Successful</th><th>Accounts</th><th>First (UTC)</th><th>Last (UTC)</th><th>Client apps</th></tr></thead><tbody>${i.ips
    .map(
      (x) =>
        `<tr><td><code>${html(x.ip)}</code></td><td>${html(x.country ?? '')}</td><td>${x.asn ?? ''}</td><td>${x.failures}</td><td>${x.successes}</td><td>${x.accounts}</td><td class="when">${html(minuteUtc(x.first))}</td><td class="when">${html(minuteUtc(x.last))}</td><td>${html(x.client_apps.join(', '))}</td></tr>`,
    )
    .join('')}</tbody></table>
<dl class="details">
<dt>User agents</dt><dd>${list(i.user_agents, 'none recorded')}</dd>
<dt>Client apps</dt><dd>${html(i.client_apps.join(', ') || 'none')}</dd>
<dt>Applications signed in to</dt><dd>${html(i.applications.join(', ') || 'none')}</dd>
<dt>Service principals</dt><dd>${list(
    i.service_principals.map((s) => `${s.name}${s.id ? ` (${s.id})` : ''}`),
    'none',
  )}</dd>
<dt>Credential key ids</dt><dd>${html(i.credential_ids.join(', ') || 'none recorded')}</dd>
<dt>Behaviours</dt><dd>${list(i.behaviours, 'none')}</dd>
</dl>`;
}
