/** The readiness page: the score and its parts, the top actions, how far back, how fast, and collection lag. */
import type { ReadinessReport } from '../../readiness/report.js';
import { html } from '../html.js';
import { type PageUser, page } from '../layout.js';

export function readinessPage(user: PageUser, r: ReadinessReport): string {
  return page(
    'Readiness',
    user,
    html`<p><strong>Readiness score ${r.score.score}/100</strong> as of ${r.now}</p>
<table><thead><tr><th>Part</th><th>Points</th><th>Why</th></tr></thead><tbody>
${r.score.parts.map((p) => html`<tr><td>${p.name}</td><td>${p.points.toFixed(0)}/${p.max}</td><td>${p.why}</td></tr>`)}</tbody></table>
<h2>What to do first</h2><ol>${r.actions.slice(0, 10).map((a) => html`<li>${a.text}</li>`)}</ol>
<h2>How far back</h2>
<table><thead><tr><th>Source</th><th>Events</th><th>Earliest</th><th>Latest</th><th>Microsoft keeps (days)</th></tr></thead><tbody>
${r.howFarBack.sources.map((s) => html`<tr><td>${s.label}</td><td>${s.count}</td><td>${s.earliest ?? '-'}</td><td>${s.latest ?? '-'}</td><td>${s.retentionDays ?? 'unknown'}</td></tr>`)}</tbody></table>
<p>${r.howFarBack.gaps.length} gap(s) in the collected logs.</p>
<h2>How do we know</h2>
<p>${r.howDoWeKnow.rules} rules; techniques covered ${r.howDoWeKnow.counts.covered}, covered by a rule but blind (source not sent) ${r.howDoWeKnow.counts['covered-but-blind']}, uncovered ${r.howDoWeKnow.counts.uncovered}.</p>
<h2>How fast</h2>
<table><thead><tr><th>Scenario</th><th>First alert, typical (s)</th><th>First alert, worst (s)</th></tr></thead><tbody>
${r.howFast.scenarios.map((s) => html`<tr><td>${s.title}</td><td>${s.firstAlertTypicalS ?? 'not detected'}</td><td>${s.firstAlertWorstS ?? 'not detected'}</td></tr>`)}</tbody></table>`,
  );
}
