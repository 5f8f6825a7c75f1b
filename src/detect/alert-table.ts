import { objectsWithIds } from '../core/objects.js';
import type { Alert, AlertException } from './alert.js';

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function entityText(a: Alert): string {
  const parts: string[] = [];
  const add = (label: string, values: readonly string[]): void => {
    if (values.length === 0) return;
    const shown = values.slice(0, 2).join(', ');
    parts.push(`${label} ${values.length > 2 ? `${shown} +${values.length - 2}` : shown}`);
  };
  add('ip', a.entities.ips);
  add('user', a.entities.users);
  add('sp', a.entities.service_principals);
  add('app', a.entities.apps);
  return parts.join('; ');
}

/** What an alert on excepted identities says: which exception, until when, and what watches them instead. */
export function exceptionText(e: AlertException): string {
  const rules = e.compensating_rules.map((r) => `${r.title} (${r.id})`).join('; ');
  return (
    `covered by exception ${e.id} (${e.control}, until ${e.expires}): ` +
    (rules ? `compensating detections ${rules}` : `compensating controls ${e.compensating_controls.join('; ')}`)
  );
}

/**
 * Alerts as a terminal table (time, severity, title, entities), each followed by its summary. Titles, entities
 * and summaries carry names chosen by whoever created the object (an attacker can name a service principal with
 * escape sequences): every one goes through `safe`, the CLI's terminal sanitiser, and line breaks become spaces
 * so a value cannot forge table rows. Each alert's objects follow by id (a name alone may be the attacker's choice).
 */
export function renderAlertTable(alerts: readonly Alert[], safe: (text: string) => string): string {
  const sanitizeForTerminal = (text: string): string => safe(text.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
  const rows = alerts.map((a) => ({
    time: a.first_seen.replace(/\.\d+Z$/, 'Z'),
    severity: a.severity,
    title: sanitizeForTerminal(a.title),
    entities: clip(sanitizeForTerminal(entityText(a)), 90),
    summary: clip(sanitizeForTerminal(a.summary), 300),
    exception: a.exception ? sanitizeForTerminal(exceptionText(a.exception)) : undefined,
    objects: sanitizeForTerminal(objectsWithIds(a.objects)),
  }));
  const header = { time: 'FIRST SEEN (UTC)', severity: 'SEVERITY', title: 'TITLE', entities: 'ENTITIES' };
  const w = {
    time: Math.max(header.time.length, ...rows.map((r) => r.time.length)),
    severity: Math.max(header.severity.length, ...rows.map((r) => r.severity.length)),
    title: Math.max(header.title.length, ...rows.map((r) => r.title.length)),
  };
  const line = (r: { time: string; severity: string; title: string; entities: string }): string =>
    `${r.time.padEnd(w.time)}  ${r.severity.padEnd(w.severity)}  ${r.title.padEnd(w.title)}  ${r.entities}`.trimEnd();
  return [
    line(header),
    ...rows.flatMap((r) => [
      line(r),
      `  ${r.summary}`,
      ...(r.objects ? [`  objects: ${r.objects}`] : []),
      ...(r.exception ? [`  ${r.exception}`] : []),
    ]),
  ].join('\n');
}
