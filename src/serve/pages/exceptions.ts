/** The exceptions page: the register with each entry's state, the request form, approve and expire buttons. */

import { type ExceptionView, REMINDER_DAYS } from '../exception-workflow.js';
import { html } from '../html.js';
import { csrfField, type PageUser, page } from '../layout.js';
import { can } from '../roles.js';

export function exceptionsPage(user: PageUser, list: readonly ExceptionView[]): string {
  const role = user.account.role;
  const csrf = csrfField(user.csrfToken);
  const subjects = (v: ExceptionView) =>
    Object.entries(v.entry.subjects)
      .filter(([, names]) => names.length > 0)
      .map(([kind, names]) => `${kind}: ${names.join(', ')}`)
      .join('; ');
  return page(
    'Exceptions',
    user,
    html`<p class="muted">The register is <code>exceptions.yaml</code> in the workspace. A request is in force only once a different person approves it; entries expiring within ${REMINDER_DAYS} days are marked.</p>
<table class="exceptions"><thead><tr><th>Id</th><th>State</th><th>Control</th><th>Subjects</th><th>Reason</th><th>Owner</th><th>Requested by</th><th>Approver</th><th>Expires</th><th>Compensating controls</th><th></th></tr></thead><tbody>
${list.map(
  (
    v,
  ) => html`<tr data-id="${v.entry.id}"><td>${v.entry.id}</td><td>${v.state}</td><td><code>${v.entry.control}</code></td><td>${subjects(v)}</td><td>${v.entry.reason}</td>
<td>${v.entry.owner}</td><td>${v.requestedBy ?? ''}</td><td>${v.entry.approver ?? ''}</td><td>${v.entry.expires}</td><td>${v.entry.compensating_controls.join('; ')}</td>
<td>${
    v.state === 'requested' && can(role, 'approve-exception')
      ? html`<form method="post" action="/exceptions/${v.entry.id}/approve">${csrf}<button type="submit">Approve ${v.entry.id}</button></form>`
      : ''
  }${
    (v.state === 'active' || v.state === 'expiring') && can(role, 'approve-exception')
      ? html`<form method="post" action="/exceptions/${v.entry.id}/expire">${csrf}<button type="submit">End ${v.entry.id} now</button></form>`
      : ''
  }</td></tr>`,
)}</tbody></table>${list.length === 0 ? html`<p>The register is empty.</p>` : ''}
${
  can(role, 'request-exception')
    ? html`<h2>Request an exception</h2><form method="post" action="/exceptions">${csrf}
<label>Control (a check id such as PM-001, or ca-exclusion:&lt;policy id&gt;) <input name="control" required></label>
<label>Subjects are <select name="subject_kind"><option value="users">users</option><option value="groups">groups</option><option value="service_principals">service principals</option><option value="apps">apps</option><option value="other">other</option></select></label>
<label>Subjects (comma-separated) <input name="subjects" required></label>
<label>Reason <input name="reason" required minlength="10"></label>
<label>Owner <input name="owner" value="${user.account.username}" required></label>
<label>Compensating controls (one per line) <textarea name="compensating_controls" rows="3" required></textarea></label>
<label>Days (at most 90) <input name="days" type="number" min="1" max="90" value="30" required></label>
<button type="submit">Request</button></form>`
    : ''
}`,
  );
}
