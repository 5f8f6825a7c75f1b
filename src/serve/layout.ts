/** The page frame: navigation, the signed-in account, the logout form (with its CSRF token) and the content. */
import type { Account } from './accounts.js';
import { html, Safe } from './html.js';
import { can } from './roles.js';
import { STYLESHEET } from './style.js';

export interface PageUser {
  account: Account;
  csrfToken: string;
}

function frame(title: string, header: Safe, body: Safe): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · premortem</title><style>${STYLE}</style></head>
<body>${header}<main>${body}</main></body></html>`.text;
}

/** The stylesheet is a constant, never data; the CSP allows it by its hash. */
const STYLE = new Safe(STYLESHEET);

/** A hidden field carrying the session's CSRF token: every form that changes state includes it. */
export function csrfField(csrfToken: string): Safe {
  return html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
}

export function page(title: string, user: PageUser, body: Safe): string {
  const a = user.account;
  const header = html`<header><strong>premortem</strong>
<a href="/">Overview</a><a href="/incidents">Incidents</a><a href="/alerts">Alerts</a><a href="/exceptions">Exceptions</a>
<a href="/posture">Posture</a><a href="/readiness">Readiness</a><a href="/rules">Rules</a><a href="/fleet">Fleet</a><a href="/notifications">Notifications</a>${can(a.role, 'audit') ? html`<a href="/audit">Audit trail</a>` : ''}
<span class="who">${a.display_name} (<code>${a.username}</code>, ${a.role})</span>
<form method="post" action="/logout">${csrfField(user.csrfToken)}<button type="submit">Log out</button></form></header>`;
  return frame(title, header, html`<h1>${title}</h1>${body}`);
}

/** A page for someone not signed in (the login page, sign-in errors). */
export function publicPage(title: string, body: Safe): string {
  return frame(title, html`<header><strong>premortem</strong></header>`, html`<h1>${title}</h1>${body}`);
}

export function severityTag(severity: string): Safe {
  return html`<span class="sev-${severity}">${severity}</span>`;
}
