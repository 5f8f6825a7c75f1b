import type { GdapRelationship } from './gdap.js';
import type { FleetStatus, GdapView } from './status.js';

const orDash = (v: number | string | null) => (v === null ? '-' : String(v));

/** `fleet status` as text; `safe` makes tenant names and failure texts harmless on a terminal. */
export function renderFleetStatus(s: FleetStatus, safe: (t: string) => string): string {
  const q = s.queue;
  const out = [
    `queue: ${q.wait ?? 0} waiting, ${q.active ?? 0} active, ${q.delayed ?? 0} delayed (retrying), ${q.failed ?? 0} failed`,
    '',
    'TENANT                                NAME                      STATE     LAST COLLECTION       LAG(min)  INCIDENTS  POSTURE  READINESS',
  ];
  for (const t of s.tenants) {
    out.push(
      [
        t.id.padEnd(37),
        safe(t.name).slice(0, 24).padEnd(25),
        `${t.state}${t.running ? '*' : ''}`.padEnd(9),
        (t.lastCollection?.slice(0, 19).replace('T', ' ') ?? '-').padEnd(21),
        orDash(t.lagMinutes).padEnd(9),
        String(t.openIncidents).padEnd(10),
        orDash(t.postureScore).padEnd(8),
        orDash(t.readinessScore),
      ].join(' '),
    );
    for (const f of t.failures) out.push(`    failed: ${safe(f)}`);
  }
  const v = s.views;
  const names = (xs: readonly { tenant: string; name: string }[]) =>
    xs.length === 0 ? 'none' : xs.map((x) => `${safe(x.name)} (${x.tenant})`).join(', ');
  out.push('', `legacy authentication still allowed: ${names(v.legacyAuthAllowed)}`);
  out.push(`permanent privileged role assignments: ${names(v.permanentPrivileged)}`);
  out.push(`expired exceptions: ${names(v.expiredExceptions)}`);
  out.push(`partner access to review: ${names(v.partnerAccess)}`);
  for (const p of v.partnerAccess) {
    for (const f of p.findings) {
      out.push(
        `  ${safe(p.name)} (${p.tenant}): ${f.kind}: ${safe(f.principal.name)} (${f.principal.id}): ${safe(f.detail)}`,
      );
    }
  }
  if (v.gdap) out.push('', ...gdapLines(v.gdap, safe));
  out.push('', `open incidents across the fleet: ${v.incidents.length}`);
  for (const i of v.incidents) {
    out.push(
      `  ${i.first_seen.slice(0, 16).replace('T', ' ')}  [${i.severity}]  ${safe(i.tenantName)} (${i.tenant})  ${i.id}  ${safe(i.title)}`,
    );
  }
  if (s.tenants.some((t) => t.running)) out.push('', '* a round of this tenant is running');
  return out.join('\n');
}

const FLAG_TEXT: Readonly<Record<string, string>> = {
  'global-administrator': 'GLOBAL ADMINISTRATOR',
  'no-end-date': 'NO END DATE',
};

function relationshipLine(r: GdapRelationship, safe: (t: string) => string): string {
  const day = (t: string | null) => (t === null ? 'none' : t.slice(0, 10));
  const roles = r.roles.map((x) => safe(x.name)).join(', ') || 'no roles';
  const groups = r.assignments.filter((a) => a.status !== 'deleted').length;
  const flags = r.flags.map((f) => ` [${FLAG_TEXT[f] ?? f}]`).join('');
  return `    ${safe(r.displayName)} (${safe(r.id)}) ${safe(r.status)}: ${roles}; since ${day(r.since)}, ends ${day(r.ends)}, auto-extend ${r.autoExtend ? safe(r.autoExtend) : 'no'}; ${groups} partner group(s)${flags}`;
}

/** The GDAP section: per tenant the partner's relationships, roles, dates and flags. */
export function gdapLines(g: GdapView, safe: (t: string) => string): string[] {
  const out = [
    `GDAP relationships of the partner ${safe(g.partner.name)} (${g.partner.id}): ${g.collectedAt ? `read ${g.collectedAt.slice(0, 16).replace('T', ' ')}` : 'not read yet (fleet schedule runs a partner round)'}`,
  ];
  if (g.failure) out.push(`  failed: ${safe(g.failure)}`);
  if (g.collectedAt === null) return out;
  for (const t of g.tenants) {
    out.push(`  ${safe(t.name)} (${t.tenant}): ${t.relationships.length === 0 ? 'no relationship' : ''}`.trimEnd());
    for (const r of t.relationships) out.push(relationshipLine(r, safe));
  }
  if (g.outside.length > 0) {
    out.push('  customers not in fleet.yaml:');
    for (const r of g.outside)
      out.push(`  ${safe(r.customer.displayName)} (${safe(r.customer.tenantId)}):`, relationshipLine(r, safe));
  }
  return out;
}
