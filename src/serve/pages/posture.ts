/** The posture page: score, every check with its findings (and the exception covering it), drift with its authors. */
import { driftLines } from '../../posture/render-assessment.js';
import { html } from '../html.js';
import { type PageUser, page, severityTag } from '../layout.js';
import type { PostureView } from '../posture-data.js';

export function posturePage(user: PageUser, v: PostureView): string {
  const a = v.assessment;
  if (!a)
    return page(
      'Posture',
      user,
      html`<p>No configuration snapshot in the workspace: <code>premortem collect --config</code> or import a snapshot folder.</p>`,
    );
  const c = a.counts;
  return page(
    'Posture',
    user,
    html`<p><strong>Score ${a.score}/100</strong>: ${c.pass} pass, ${c.fail} fail, ${c['accepted-risk']} accepted risk, ${c['not-applicable']} not applicable, ${c['no-data']} no data · snapshot <code>${a.snapshot.id}</code> taken ${a.snapshot.takenAt}</p>
<table class="checks"><thead><tr><th>Check</th><th>Status</th><th>Severity</th><th>Title</th><th>Findings</th><th>Remediation</th></tr></thead><tbody>
${a.results.map(
  (
    r,
  ) => html`<tr><td><code>${r.id}</code></td><td>${r.status}</td><td>${severityTag(r.severity)}</td><td>${r.title}<div class="muted">${r.summary}</div></td>
<td>${r.evidence.length === 0 ? '' : html`<ul>${r.evidence.slice(0, 20).map((e) => html`<li>${e.message}${e.exception ? html` [${e.exception.id}: ${e.exception.state}]` : ''}</li>`)}</ul>`}</td><td>${r.remediation}</td></tr>`,
)}</tbody></table>
<h2>Drift</h2>
${v.drift ? html`<p>From <code>${v.drift.from.id}</code> (${v.drift.from.takenAt}) to <code>${v.drift.to.id}</code> (${v.drift.to.takenAt})</p><ul>${driftLines(v.drift).map((l) => html`<li>${l}</li>`)}</ul>` : html`<p>One snapshot held: drift needs two.</p>`}`,
  );
}
