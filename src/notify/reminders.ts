/**
 * Reminders for governed exceptions: one message when an exception has 7 days left, one when it has 1 day left,
 * and one when it has expired, each once per expiry date (a renewed exception is reminded again). Each names the
 * owner and approver, who receive it by email when they are addresses. An exception that expired keeps its
 * compensating detections (posture/compensating.ts generates them for every exception in the register), and the
 * message says so. A stage passed while nobody ran premortem is not sent late: only the latest stage is.
 */
import { randomUUID } from 'node:crypto';
import type { Notification } from './message.js';

/** An exception as reminders need it (structurally the register's entry, with its end as an instant). */
export interface RemindableException {
  id: string;
  control: string;
  owner: string;
  approver?: string | undefined;
  /** When it stops covering anything (ISO 8601). */
  ends: string;
  subjects: string[];
  compensating_controls: string[];
}

export type ReminderStage = '7d' | '1d' | 'expired';

const DAY_MS = 86_400_000;

/** The stage an exception is in at `now`, or undefined when it has more than 7 days left. */
export function reminderStage(ends: string, now: Date): ReminderStage | undefined {
  const left = Date.parse(ends) - now.getTime();
  if (left <= 0) return 'expired';
  if (left <= DAY_MS) return '1d';
  if (left <= 7 * DAY_MS) return '7d';
  return undefined;
}

const STAGES: readonly ReminderStage[] = ['7d', '1d', 'expired'];

export function reminderMessage(e: RemindableException, stage: ReminderStage, now: Date): Notification {
  const who = [e.owner, e.approver].filter((x): x is string => !!x);
  const subjects = e.subjects.join(', ');
  const expired = stage === 'expired';
  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    kind: 'exception-reminder',
    severity: expired ? 'high' : 'medium',
    title: expired
      ? `Exception ${e.id} (${e.control}) expired ${e.ends}`
      : `Exception ${e.id} (${e.control}) expires in ${stage === '1d' ? 'less than a day' : '7 days or less'} (${e.ends})`,
    what: `${e.id} excuses ${subjects} from ${e.control}; owner ${e.owner}, approver ${e.approver ?? 'none'}.`,
    why: expired
      ? `It no longer covers anything: posture reports ${e.control} as failing for ${subjects}. Its compensating detections stay on (${e.compensating_controls.join('; ')}).`
      : `When it ends, posture reports ${e.control} as failing for ${subjects} unless the control is met or the exception renewed.`,
    next_action: expired
      ? `Enforce ${e.control} for ${subjects}, or renew with a new approval: premortem exceptions add (the expired entry stays as history).`
      : `Decide before ${e.ends}: enforce ${e.control} for ${subjects}, or ask ${e.approver ?? 'an approver'} to renew it.`,
    objects: [],
    alert_ids: [],
    rule_ids: [],
    tags: ['premortem.exception', `premortem.${e.id.toLowerCase()}`],
    recipients: who.filter((w) => w.includes('@')),
    created_at: now.toISOString(),
  };
}

/** The reminders due at `now` that were not sent yet, with the state keys to record once they are. */
export async function dueReminders(
  exceptions: readonly RemindableException[],
  now: Date,
  sent: (key: string) => Promise<boolean>,
): Promise<{ messages: Notification[]; keys: string[] }> {
  const messages: Notification[] = [];
  const keys: string[] = [];
  for (const e of exceptions) {
    const stage = reminderStage(e.ends, now);
    if (!stage) continue;
    const key = (s: ReminderStage) => `reminder:${e.id}:${e.ends}:${s}`;
    if (await sent(key(stage))) continue;
    messages.push(reminderMessage(e, stage, now));
    // The earlier stages are now moot: mark them so a later run does not send them late.
    for (const s of STAGES.slice(0, STAGES.indexOf(stage) + 1)) keys.push(key(s));
  }
  return { messages, keys };
}
