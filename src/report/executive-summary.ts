/**
 * The executive summary: three to five plain sentences an executive can read (what happened and to whom, what the
 * attacker gained, what they read, whether it is contained, what to do now). Each sentence names the records it
 * rests on and the claims it makes about them, which claim-check.ts re-checks against the store.
 */
import type { FootprintAction } from '../investigate/footprint-model.js';
import { listOf, minuteUtc } from '../investigate/incident-summary.js';
import type { IncidentReport, Sentence } from './report-model.js';
import { about, sentence } from './sentence.js';

export { citedRecords } from './sentence.js';

const ok = (a: FootprintAction) => /\bsuccess\b/.test(a.result) && !/failure/.test(a.result);
const uniq = (xs: readonly (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * The attacker's first successful sign-in: the earliest successful sign-in from one of the incident's attacker
 * addresses. A followed account's own sign-ins from its office are not it, however early they are.
 */
export function firstAttackerSuccess(
  actions: readonly FootprintAction[],
  attackerIps: readonly string[],
): FootprintAction | undefined {
  return actions.find(
    (a) =>
      a.table === 'signins' &&
      ok(a) &&
      a.category !== 'changed by others' &&
      a.ip !== null &&
      attackerIps.includes(a.ip),
  );
}

function whatHappened(r: Pick<IncidentReport, 'incident' | 'timeline' | 'iocs'>, first: FootprintAction | undefined) {
  const ips = r.iocs.ips.map((i) => i.ip);
  const spray = r.timeline.find((e) => e.kind === 'alert' && e.action.startsWith('Password spray'));
  const sprayPart = spray
    ? `A password spray (${spray.action.replace(/^Password spray: /, '').replace(/ \(\d+ alerts\)$/, '')}, ${minuteUtc(spray.start)} to ${minuteUtc(spray.end)}) `
    : '';
  if (!first) {
    return sentence(
      `${sprayPart ? `${sprayPart}was seen; ` : ''}no successful sign-in from the attacker addresses (${listOf(ips, 5)}) is recorded.`,
      [],
      [],
    );
  }
  const uid = first.uids[0] ?? '';
  const text = `${sprayPart ? `${sprayPart}found a password: ` : ''}the attacker first signed in successfully as ${first.actor} from ${first.ip} at ${minuteUtc(first.start)} (${first.activity}).`;
  return sentence(
    text.charAt(0).toUpperCase() + text.slice(1),
    [first],
    [...about(first, first.actor), { kind: 'from-address', uid, ips }, { kind: 'first-success', uid, ips }],
  );
}

function whatGained(actions: readonly FootprintAction[]): Sentence | undefined {
  const roles = actions.filter((x) => x.category === 'role change' && ok(x));
  const creds = actions.filter((x) => x.category === 'credential added' && ok(x));
  const resets = actions.filter((x) => x.category === 'password reset' && ok(x));
  const parts: string[] = [];
  for (const a of roles)
    parts.push(
      `${a.actor} gave ${a.target ?? 'an unnamed object'} ${a.detail ?? 'a directory role'} at ${minuteUtc(a.start)}`,
    );
  for (const a of creds) parts.push(`${a.actor} added a credential to ${a.target ?? 'an application'}`);
  if (resets.length)
    parts.push(
      `${listOf(uniq(resets.map((a) => a.actor)))} reset the passwords of ${listOf(uniq(resets.map((a) => a.target)))}`,
    );
  if (parts.length === 0) return undefined;
  const used = [...roles, ...creds, ...resets];
  return sentence(
    `With that access, ${listOf(parts, 6)}.`,
    used,
    used.flatMap((a) => about(a, a.target ?? a.actor)),
  );
}

function whatRead(actions: readonly FootprintAction[]): Sentence | undefined {
  const mail = actions.filter((x) => x.category === 'mailbox access');
  if (mail.length === 0) return undefined;
  const count = mail.reduce((n, a) => n + a.count, 0);
  return sentence(
    `They read the mailboxes of ${listOf(uniq(mail.map((a) => a.actor)))} from attacker addresses (${count} sign-ins or operations, ${minuteUtc(mail[0]?.start ?? '')} to ${minuteUtc(mail.at(-1)?.end ?? '')}).`,
    mail,
    mail.flatMap((a) => about(a, a.actor)),
  );
}

/** Contained or not, and the first steps to take now (the report's containment list, shortened). */
function containedAndNext(detection: readonly string[], containment: readonly string[]): Sentence[] {
  const last = detection.at(-1) ?? '';
  const contained = /^Changes to the followed identities by others since/.test(last);
  const out: Sentence[] = [
    sentence(
      contained
        ? `Some response is recorded since: ${last.replace(/^Changes to the followed identities by others since: /, '')}`
        : 'Nothing in the imported logs shows it contained: no role removal, account disable or credential removal on the identities the attacker used.',
      [],
      [],
    ),
  ];
  const steps = containment.slice(0, 2).map((s) => s.replace(/\.$/, ''));
  if (steps.length) out.push(sentence(`Do now: ${steps.join('; ')}.`, [], []));
  return out;
}

/** The executive summary: three to five sentences, each with its records and claims. */
export function executiveSummary(
  r: Pick<IncidentReport, 'incident' | 'timeline' | 'iocs'>,
  actions: readonly FootprintAction[],
  detection: readonly string[],
  containment: readonly string[],
): Sentence[] {
  const first = firstAttackerSuccess(
    actions,
    r.iocs.ips.map((i) => i.ip),
  );
  const out = [whatHappened(r, first)];
  const gained = whatGained(actions);
  if (gained) out.push(gained);
  const read = whatRead(actions);
  if (read) out.push(read);
  out.push(...containedAndNext(detection, containment));
  return out.slice(0, 5);
}
