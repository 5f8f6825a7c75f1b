/**
 * `premortem impact` for people: one line per application and client app, blocked before challenged, the users
 * and devices under each, then what report-only policies already said about the same sign-ins.
 */
import type { ImpactReport } from './impact.js';

/** Groups shown before "… and N more groups". */
const SHOWN_GROUPS = 15;
const SHOWN_NAMES = 6;

function more<T>(items: readonly T[], show: (t: T) => string): string {
  const head = items.slice(0, SHOWN_NAMES).map(show).join(', ');
  return items.length > SHOWN_NAMES ? `${head}, … and ${items.length - SHOWN_NAMES} more` : head;
}

/** Terminal text. `safe` strips control characters from log-supplied text. */
export function renderImpactText(r: ImpactReport, safe: (s: string) => string): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const verb = r.policy === 'mfa-all' ? 'blocked or challenged' : 'blocked';
  const lines = [
    `Rollout impact of ${r.policy} over the last ${r.window.days} days of sign-ins (${r.window.start} .. ${r.window.end}):`,
    `${n(r.totals.signIns)} successful sign-ins of ${n(r.totals.users)} users on ${n(r.totals.devices)} devices would have been ${verb}.`,
    '',
  ];
  for (const g of r.groups.slice(0, SHOWN_GROUPS)) {
    lines.push(
      `${g.outcome.toUpperCase().padEnd(10)} ${safe(g.app)} over ${safe(g.clientApp)}: ${g.users.length} user(s), ${g.devices.length} device(s), ${n(g.signIns)} sign-ins (${g.firstSeen.slice(0, 10)} .. ${g.lastSeen.slice(0, 10)})`,
    );
    lines.push(`           users: ${safe(more(g.users, (u) => `${u.upn} (${u.signIns})`))}`);
    lines.push(
      `           devices: ${safe(more(g.devices, (d) => `${d.name}${d.os ? ` ${d.os}` : ''} of ${d.user}`))}`,
    );
  }
  if (r.groups.length > SHOWN_GROUPS)
    lines.push(`… and ${r.groups.length - SHOWN_GROUPS} more groups (--json for all)`);
  if (r.groups.length === 0) lines.push('Nothing in the window would have been affected.');
  if (r.reportOnly.length > 0) {
    lines.push('', 'Report-only Conditional Access results in the same window:');
    for (const p of r.reportOnly)
      lines.push(`  "${safe(p.policy)}" ${p.result} on ${n(p.signIns)} sign-ins of ${p.users} user(s)`);
  }
  return lines.join('\n');
}
