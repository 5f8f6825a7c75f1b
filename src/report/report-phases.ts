import type { Alert } from '../detect/alert.js';
import type { TimelineEntry } from '../investigate/timeline-model.js';
import type { Phase, PhasedEntry } from './report-model.js';

const ESCALATION = ['attack.persistence', 'attack.privilege-escalation', 'attack.defense-evasion'];
const IMPACT = ['attack.impact', 'attack.collection', 'attack.exfiltration'];

/**
 * Puts each timeline line in a phase. Directory changes (alerts on audit records and followed changes) are
 * escalation and persistence, except password resets, which act on other accounts (impact), and alerts whose rules
 * are tagged impact, collection or exfiltration. Sign-in lines, alerts included, fall by time: before the first
 * escalation they are initial access, after it impact (the attacker using what it gained).
 */
export function phaseEntries(entries: readonly TimelineEntry[], alerts: readonly Alert[]): PhasedEntry[] {
  const tags = new Map(alerts.map((a) => [a.id, a.tags]));
  const base = entries.map((e) => ({ e, phase: fixedPhase(e, e.alertId ? (tags.get(e.alertId) ?? []) : []) }));
  const firstEscalation = base
    .filter((b) => b.phase === 'escalation-persistence')
    .map((b) => b.e.start)
    .sort()[0];
  return base.map(({ e, phase }) => ({
    ...e,
    phase: phase ?? (firstEscalation !== undefined && e.start >= firstEscalation ? 'impact' : 'initial-access'),
  }));
}

function fixedPhase(e: TimelineEntry, tags: readonly string[]): Phase | null {
  if (e.kind === 'absence') return 'escalation-persistence';
  if (tags.some((t) => IMPACT.includes(t))) return 'impact';
  if (e.evidence.table !== 'audits') return null;
  if (/password/i.test(e.action)) return 'impact';
  return e.kind === 'alert' && !tags.some((t) => ESCALATION.includes(t)) && tags.length > 0
    ? null
    : 'escalation-persistence';
}
