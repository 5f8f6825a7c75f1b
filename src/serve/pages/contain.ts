/**
 * An incident's containment: the plan the evidence supports (each action with its targets by id, reason, records,
 * Graph request and permission), the proposals with their state, the form to propose (responder) and to execute
 * someone else's proposal with a write token for that run (approver), and the containment trail. Every name and
 * reason is attacker-influenced: the templates escape them.
 */

import type { ContainmentPlan } from '../../contain/model.js';
import type { TrailEntry } from '../../contain/trail.js';
import { objectName } from '../../core/objects.js';
import type { Proposal } from '../contain-workflow.js';
import { html } from '../html.js';
import { csrfField, type PageUser, page } from '../layout.js';
import { can } from '../roles.js';

export interface ContainView {
  incident: string;
  plan: ContainmentPlan;
  proposals: Proposal[];
  trail: TrailEntry[];
}

function actionsTable(plan: ContainmentPlan) {
  return html`<table id="plan"><thead><tr><th>Action</th><th>Targets</th><th>Why</th><th>Graph request</th><th>Permission</th></tr></thead><tbody>${plan.actions.map(
    (a) =>
      html`<tr><td><code>${a.id}</code></td><td>${a.targets.map((o) => html`${objectName(o)} <code>${o.id}</code><br>`)}</td><td>${a.reason}<br><small>records: ${a.evidence.join(', ')}</small></td><td><code>${a.request.method} ${a.request.path}</code>${a.request.body ? html`<br><code>${JSON.stringify(a.request.body)}</code>` : ''}</td><td>${a.permission}</td></tr>`,
  )}</tbody></table>`;
}

/** Steps Graph cannot take (mailbox forwarding): shown with the exact command; executing the plan does not send them. */
function manualList(plan: ContainmentPlan) {
  const steps = plan.manual ?? [];
  return steps.length
    ? html`<h3>By hand (not sent to Graph)</h3><ul id="manual">${steps.map(
        (m) =>
          html`<li><code>${m.id}</code>: ${m.reason}<br><small>records: ${m.evidence.join(', ')}</small><br>In ${m.where}: <code>${m.command}</code><br>Check: <code>${m.verify}</code></li>`,
      )}</ul>`
    : '';
}

export function containPage(v: ContainView, user: PageUser) {
  const csrf = csrfField(user.csrfToken);
  const me = user.account.username;
  const open = v.proposals.filter((p) => p.status !== 'executed');
  const proposeForm = can(user.account.role, 'propose-containment')
    ? html`<form method="post" action="/incidents/${v.incident}/contain/propose">${csrf}<button type="submit" id="propose">Propose this plan</button></form>`
    : '';
  const proposals = v.proposals.length
    ? html`<table id="proposals"><thead><tr><th>Proposal</th><th>Proposed by</th><th>State</th><th>Decided by</th><th></th></tr></thead><tbody>${v.proposals.map(
        (p) =>
          html`<tr><td><code>${p.id}</code> (${p.plan.actions.length} actions)</td><td>${p.proposed_by} at ${p.proposed_at}</td><td class="state">${p.status}</td><td>${p.decided_by ?? ''}</td><td>${
            open.includes(p) && can(user.account.role, 'execute-containment') && p.proposed_by !== me
              ? html`<form method="post" action="/incidents/${v.incident}/contain/${p.id}/execute">${csrf}<label>Write token for this run <input type="password" name="token" autocomplete="off" required></label><button type="submit">Execute ${p.id}</button></form>`
              : p.proposed_by === me && open.includes(p)
                ? 'waiting for a different approver (four eyes)'
                : ''
          }</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">No proposal yet.</p>`;
  const trail = v.trail.length
    ? html`<table id="trail"><thead><tr><th>When (UTC)</th><th>Action</th><th>Outcome</th><th>Proposed by</th><th>Approved by</th><th>Request</th><th>Answer</th></tr></thead><tbody>${v.trail.map(
        (e) =>
          html`<tr><td>${e.at}</td><td><code>${e.step === 'undo' ? 'undo ' : ''}${e.action_id}</code></td><td class="outcome">${e.outcome}${e.detail ? `: ${e.detail}` : ''}</td><td>${e.proposed_by ?? ''}</td><td>${e.approved_by}</td><td>${e.request ? html`<code>${e.request.method} ${e.request.path}</code>` : 'not sent'}</td><td>${e.status ?? ''} ${e.request_id ? html`<code>${e.request_id}</code>` : ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">Nothing sent to Graph yet.</p>`;
  return page(
    `Containment of ${v.incident}`,
    user,
    html`<p>${v.plan.title}</p><p><a href="/incidents/${v.incident}">Back to the incident</a></p>
<h2>Plan (${v.plan.actions.length} actions, dry run)</h2>${actionsTable(v.plan)}${manualList(v.plan)}${v.plan.notes.map((n) => html`<p class="muted">note: ${n}</p>`)}${proposeForm}
<h2>Proposals</h2>${proposals}
<h2>Trail</h2>${trail}`,
  );
}
