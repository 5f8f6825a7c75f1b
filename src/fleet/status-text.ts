import type { FleetStatus } from './status.js';

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
  out.push('', `open incidents across the fleet: ${v.incidents.length}`);
  for (const i of v.incidents) {
    out.push(
      `  ${i.first_seen.slice(0, 16).replace('T', ' ')}  [${i.severity}]  ${safe(i.tenantName)} (${i.tenant})  ${i.id}  ${safe(i.title)}`,
    );
  }
  if (s.tenants.some((t) => t.running)) out.push('', '* a round of this tenant is running');
  return out.join('\n');
}
