import type { ObjectRef } from '../core/objects.js';

/** One line of an incident timeline: Date (UTC) | Action / Finding | Evidence, as responders write them. */
export interface TimelineEntry {
  start: string;
  end: string;
  kind: 'alert' | 'activity' | 'absence';
  action: string;
  severity?: string;
  alertId?: string;
  evidence: TimelineEvidence;
  /** The objects the line's records name, by id (the alert's evidence for alert lines). */
  objects: ObjectRef[];
}

export interface TimelineEvidence {
  /** "Sign-in logs", "Entra audit log", "Unified audit log", "PIM audit log". */
  source: string;
  table: 'signins' | 'audits' | 'activities';
  count: number;
  /** Record uids (all of them for small groups, the first ones otherwise); `premortem show UID` prints each. */
  uids: string[];
}

export interface Timeline {
  entries: TimelineEntry[];
  /** The identities and addresses the timeline followed, and from when. */
  followed: { users: string[]; servicePrincipals: string[]; ips: string[]; since: string | null };
}

export const MAX_UIDS = 5;
