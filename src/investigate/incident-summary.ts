import { severityRank } from '../core/severity.js';
import type { Alert } from '../detect/alert.js';
import type { Incident } from './incident-model.js';

/** "2025-09-02 00:07 UTC": the minute is what responders quote. */
export function minuteUtc(iso: string): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '(time unknown)';
}

/** "a, b, c and 4 more". */
export function listOf(items: readonly string[], max = 5): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max);
  if (items.length > max) return `${shown.join(', ')} and ${items.length - max} more`;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * The incident's paragraph: counts, times, the rules that fired, who acted and from where, and the most severe
 * alert's own summary. Each clause is read from the alerts; nothing is inferred beyond what they state.
 */
export function incidentSummary(incident: Incident, alerts: readonly Alert[]): string {
  const bySeverity = new Map<string, number>();
  for (const a of alerts) bySeverity.set(a.severity, (bySeverity.get(a.severity) ?? 0) + 1);
  const sev = [...bySeverity.entries()]
    .sort(([a], [b]) => severityRank(b as Alert['severity']) - severityRank(a as Alert['severity']))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const byTitle = new Map<string, { n: number; first: string }>();
  for (const a of alerts) {
    const t = byTitle.get(a.title);
    byTitle.set(a.title, { n: (t?.n ?? 0) + 1, first: t?.first ?? a.first_seen });
  }
  const rules = [...byTitle.entries()].map(
    ([title, t]) => `"${title}"${t.n > 1 ? ` ×${t.n}` : ''} from ${minuteUtc(t.first)}`,
  );
  const top = [...alerts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
  const parts = [
    `${alerts.length} alert${alerts.length === 1 ? '' : 's'} (${sev}) between ${minuteUtc(incident.first_seen)} and ${minuteUtc(incident.last_seen)}: ${rules.join('; ')}.`,
  ];
  if (incident.actors.users.length > 0 || incident.actors.service_principals.length > 0) {
    const who: string[] = [];
    if (incident.actors.users.length)
      who.push(`account${incident.actors.users.length > 1 ? 's' : ''} ${listOf(incident.actors.users)}`);
    if (incident.actors.service_principals.length)
      who.push(
        `service principal${incident.actors.service_principals.length > 1 ? 's' : ''} ${listOf(incident.actors.service_principals)}`,
      );
    parts.push(`The evidence shows ${who.join(' and ')} acting for the attacker.`);
  }
  if (incident.entities.ips.length > 0) parts.push(`Addresses involved: ${listOf(incident.entities.ips)}.`);
  if (top && alerts.length > 1) parts.push(`Most severe (${top.severity}): ${top.title}: ${top.summary}`);
  else if (top) parts.push(top.summary);
  return parts.join(' ');
}
