/**
 * A notification as routing decides it, before any channel renders it: what happened, to whom (objects by id),
 * why it matters, the one next action, and a link to the incident in `serve` when one is configured. Channels
 * (webhook JSON, Teams, Slack, email, syslog) render this one shape, so they cannot disagree on content.
 */
import type { ObjectRef } from '../core/objects.js';
import type { Severity } from '../core/severity.js';

export type NotificationKind = 'incident-opened' | 'incident-escalated' | 'digest' | 'exception-reminder' | 'test';

/** Alerts that routing left out of messages but that the digest counts. */
export interface QuietCounts {
  /** Covered by a valid exception in exceptions.yaml. */
  excepted: number;
  /** Covered by an active suppression made in serve. */
  suppressed: number;
  /** Changes to incidents already told that did not escalate them. */
  folded: number;
}

export interface Notification {
  /** `msg_…`, stable: every channel and every retry carries it. */
  id: string;
  kind: NotificationKind;
  severity: Severity;
  /** One line. */
  title: string;
  /** What happened. */
  what: string;
  /** Why it matters. */
  why: string;
  /** The one next action. */
  next_action: string;
  /** Who and what it is about, by id. */
  objects: ObjectRef[];
  incident_id?: string;
  alert_ids: string[];
  rule_ids: string[];
  tags: string[];
  /** The incident (or the page) in premortem serve. */
  link?: string;
  /** Digest only: the alerts listed, and what was kept quiet. */
  items?: { id: string; severity: Severity; title: string; incident_id?: string }[];
  quiet?: QuietCounts;
  /** Exception reminders: the owner's and approver's addresses, added to an email channel's recipients. */
  recipients?: string[];
  created_at: string;
}

/** The event type a webhook receiver switches on (Standard Webhooks payload structure: type, timestamp, data). */
export function eventType(kind: NotificationKind): string {
  return `premortem.${kind.replace('-', '.')}`;
}

/** Plain text of a message, for email, syslog and terminals; the caller escapes for its medium. */
export function plainText(n: Notification): string {
  const lines = [n.title, '', `What happened: ${n.what}`, `Why it matters: ${n.why}`, `Next action: ${n.next_action}`];
  if (n.objects.length > 0) {
    lines.push('', 'Who and what (by id):');
    for (const o of n.objects.slice(0, 20)) lines.push(`  - ${objectLine(o)}`);
    if (n.objects.length > 20) lines.push(`  - and ${n.objects.length - 20} more`);
  }
  if (n.items && n.items.length > 0) {
    lines.push('', 'Alerts:');
    for (const i of n.items)
      lines.push(`  - [${i.severity}] ${i.title} (alert ${i.id}${i.incident_id ? `, ${i.incident_id}` : ''})`);
  }
  if (n.quiet) lines.push('', quietLine(n.quiet));
  if (n.link) lines.push('', `Open: ${n.link}`);
  lines.push('', `premortem message ${n.id}${n.incident_id ? `, incident ${n.incident_id}` : ''}`);
  return lines.join('\n');
}

/** "user a.b@contoso.com (id 1234…)", the line every channel shows for an object. */
export function objectLine(o: ObjectRef): string {
  const ids = [
    o.id !== o.name ? `id ${o.id}` : undefined,
    o.app_id ? `app id ${o.app_id}` : undefined,
    o.key_id ? `key id ${o.key_id}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
  return `${o.type.replace('_', ' ')} ${o.name ?? o.upn ?? o.id}${ids ? ` (${ids})` : ''}`;
}

export function quietLine(q: QuietCounts): string {
  return `Kept quiet: ${q.excepted} alert change(s) covered by an exception, ${q.suppressed} suppressed, ${q.folded} that did not escalate an incident already told.`;
}
