/**
 * The fleet page: every tenant's last round, collection lag, open incidents, posture and readiness, failing rounds,
 * the views across tenants and one incident list naming each tenant. Tenant names and failure texts come from
 * fleet.yaml and from Graph errors: escaped like everything else by the template.
 */
import type { FleetStatus, GdapView } from '../../fleet/status.js';
import { html } from '../html.js';
import { type PageUser, page } from '../layout.js';

/** Shown when serve was started without --fleet. */
export function noFleetPage(user: PageUser): string {
  return page(
    'Fleet',
    user,
    html`<p>No fleet: start serve with <code>--fleet FILE</code> and <code>--redis URL</code> (or PREMORTEM_FLEET and PREMORTEM_REDIS_URL) to see every tenant's rounds here.</p>`,
  );
}

const dash = (v: number | string | null) => (v === null ? '-' : v);

/** The partner's GDAP relationships per tenant: roles, since, ends, auto-extend and flags. */
function gdapSection(g: GdapView) {
  const day = (t: string | null) => (t === null ? 'none' : t.slice(0, 10));
  const rows = [
    ...g.tenants.flatMap((t) => t.relationships.map((r) => ({ name: t.name, tenant: t.tenant, r }))),
    ...g.outside.map((r) => ({
      name: `${r.customer.displayName} (not in fleet.yaml)`,
      tenant: r.customer.tenantId,
      r,
    })),
  ];
  return html`<h2>GDAP relationships of ${g.partner.name} <code>${g.partner.id}</code></h2>
<p>${g.collectedAt ? `Read ${g.collectedAt}.` : 'Not read yet.'} ${g.failure ? html`Last partner round failed: ${g.failure}` : ''}</p>
<table><thead><tr><th>Tenant</th><th>Relationship</th><th>Status</th><th>Roles</th><th>Since</th><th>Ends</th><th>Auto-extend</th><th>Flags</th></tr></thead><tbody>
${rows.map(
  ({ name, tenant, r }) =>
    html`<tr><td>${name} <code>${tenant}</code></td><td>${r.displayName} <code>${r.id}</code></td><td>${r.status}</td><td>${r.roles.map((x, i) => html`${i > 0 ? ', ' : ''}${x.name}`)}</td><td>${day(r.since)}</td><td>${day(r.ends)}</td><td>${r.autoExtend ?? 'no'}</td><td>${r.flags.join(', ')}</td></tr>`,
)}</tbody></table>`;
}

export function fleetPage(user: PageUser, s: FleetStatus): string {
  const q = s.queue;
  const named = (xs: readonly { tenant: string; name: string }[]) =>
    xs.length === 0 ? 'none' : xs.map((x, i) => html`${i > 0 ? ', ' : ''}${x.name} <code>${x.tenant}</code>`);
  return page(
    'Fleet',
    user,
    html`<p>Queue: ${q.wait ?? 0} waiting, ${q.active ?? 0} running, ${q.delayed ?? 0} retrying, ${q.failed ?? 0} failed. As of ${s.at}.</p>
<table><thead><tr><th>Tenant</th><th>Id</th><th>State</th><th>Last collection</th><th>Lag (min)</th><th>Open incidents</th><th>Posture</th><th>Readiness</th><th>Failures</th></tr></thead><tbody>
${s.tenants.map(
  (t) =>
    html`<tr><td>${t.name}</td><td><code>${t.id}</code></td><td>${t.state}${t.running ? ' (running)' : ''}</td><td>${dash(t.lastCollection)}</td><td>${dash(t.lagMinutes)}</td><td>${t.openIncidents}</td><td>${dash(t.postureScore)}</td><td>${dash(t.readinessScore)}</td><td>${t.failures.map((f) => html`<div>${f}</div>`)}</td></tr>`,
)}</tbody></table>
<h2>Across tenants</h2>
<p>Legacy authentication still allowed: ${named(s.views.legacyAuthAllowed)}</p>
<p>Permanent privileged role assignments: ${named(s.views.permanentPrivileged)}</p>
<p>Expired exceptions: ${named(s.views.expiredExceptions)}</p>
<h2>Partner access to review</h2>
<table><thead><tr><th>Tenant</th><th>Finding</th><th>Partner app</th><th>Why</th></tr></thead><tbody>
${s.views.partnerAccess.flatMap((p) =>
  p.findings.map(
    (f) =>
      html`<tr><td>${p.name} <code>${p.tenant}</code></td><td>${f.kind}</td><td>${f.principal.name} <code>${f.principal.id}</code></td><td>${f.detail}</td></tr>`,
  ),
)}</tbody></table>
${s.views.gdap ? gdapSection(s.views.gdap) : ''}
<h2>Open incidents across the fleet</h2>
<table><thead><tr><th>First seen</th><th>Severity</th><th>Tenant</th><th>Incident</th><th>Title</th></tr></thead><tbody>
${s.views.incidents.map(
  (i) =>
    html`<tr><td>${i.first_seen}</td><td>${i.severity}</td><td>${i.tenantName} <code>${i.tenant}</code></td><td><code>${i.id}</code></td><td>${i.title}</td></tr>`,
)}</tbody></table>`,
  );
}
