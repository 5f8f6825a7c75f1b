import type { Footprint, FootprintAction, FootprintCategory } from '../investigate/footprint-model.js';
import { listOf, minuteUtc } from '../investigate/incident-summary.js';
import type { Coverage, Iocs, PhasedEntry, Sentence } from './report-model.js';
import { about, sentence } from './sentence.js';

/**
 * Every attacker action of every footprint (and the changes others made to the followed identities, which the
 * detection-and-response section reads), each record once.
 */
export function allActions(footprints: readonly Footprint[]): FootprintAction[] {
  const seen = new Set<string>();
  const out: FootprintAction[] = [];
  for (const f of footprints)
    for (const a of f.actions) {
      if (!a.attacker && a.category !== 'changed by others') continue;
      const key = `${a.table}|${a.uids.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
    }
  return out.sort((x, y) => x.start.localeCompare(y.start));
}

const ok = (a: FootprintAction) => /\bsuccess\b/.test(a.result) && !/failure/.test(a.result);

const CHECKED: readonly [FootprintCategory, string][] = [
  ['user created', 'user or guest created'],
  ['group change', 'group membership change'],
  ['owner added', 'owner added to an application or service principal'],
  ['consent', 'application consent or permission grant'],
  ['conditional access', 'Conditional Access or named-location change'],
  ['authentication method', 'authentication method change'],
  ['mailbox rule', 'inbox rule'],
  ['forwarding', 'mail forwarding change'],
];

/**
 * Impact assessment: what the attacker gained and used, then each footprint question answered yes or "none
 * recorded". Each sentence cites the records it rests on and claims what it says of them (who, when).
 */
export function impactAssessment(
  actions: readonly FootprintAction[],
  cov: readonly Coverage[],
  footprints: readonly Footprint[],
): Sentence[] {
  const out: Sentence[] = [];
  for (const a of actions.filter((x) => x.category === 'role change' && ok(x)))
    out.push(
      sentence(
        `Privileged access: ${a.target ?? '?'} holds ${a.detail ?? 'a directory role'} since ${minuteUtc(a.start)} (${a.activity} by ${a.actor}, record ${a.uids[0] ?? '?'}).`,
        [a],
        about(a, a.target, a.actor),
      ),
    );
  for (const a of actions.filter((x) => x.category === 'credential added' && ok(x)))
    out.push(
      sentence(
        `Persistence: a credential was added to ${a.target ?? '?'} at ${minuteUtc(a.start)} by ${a.actor} (record ${a.uids[0] ?? '?'}).`,
        [a],
        about(a, a.target, a.actor),
      ),
    );
  const resets = actions.filter((x) => x.category === 'password reset' && ok(x));
  const taken = uniq(resets.map((a) => a.target ?? ''));
  if (taken.length)
    out.push(
      sentence(
        `Accounts taken over by password reset: ${listOf(taken, 10)}.`,
        resets,
        resets.flatMap((a) => about(a, a.target).filter((c) => c.kind === 'names')),
      ),
    );
  const mail = actions.filter((x) => x.category === 'mailbox access');
  for (const who of uniq(mail.map((a) => a.actor))) {
    const mine = mail.filter((a) => a.actor === who);
    out.push(
      sentence(
        `Mailbox of ${who}: ${sum(mine)} accesses from attacker addresses (${listOf(uniq(mine.map((a) => a.activity.replace(/^Sign-in via /, ''))))}), ${minuteUtc(mine[0]?.start ?? '')} to ${minuteUtc(mine.at(-1)?.end ?? '')}.`,
        mine,
        mine.flatMap((a) => about(a, who).filter((c) => c.kind === 'names')),
      ),
    );
  }
  const ual = cov.find((c) => c.table === 'activities');
  const audits = cov.find((c) => c.table === 'audits');
  const followed = uniq(footprints.flatMap((f) => f.identities.map((i) => i.name)));
  for (const [cat, label] of CHECKED) {
    const hits = actions.filter((a) => a.category === cat);
    const fromUal = cat === 'mailbox rule' || cat === 'forwarding';
    if (hits.length > 0) {
      const shown = hits.slice(0, 4);
      out.push(
        sentence(
          `${cap(label)}: ${hits.length} (${listOf(
            hits.map((a) => `${a.activity} → ${a.target ?? '?'} at ${minuteUtc(a.start)}`),
            4,
          )}).`,
          hits,
          shown.flatMap((a) => about(a, a.target)),
        ),
      );
    } else if (fromUal && (ual?.rows ?? 0) === 0) {
      out.push(
        sentence(
          `${cap(label)}: cannot be assessed, the workspace holds no unified audit log (import it to answer).`,
          [],
          [],
        ),
      );
    } else {
      const c = fromUal ? ual : audits;
      out.push(
        sentence(
          `${cap(label)}: none recorded for the ${followed.length} followed identities in the imported ${c?.label ?? 'logs'} (${minuteUtc(c?.first ?? '')} to ${minuteUtc(c?.last ?? '')}).`,
          [],
          [],
        ),
      );
    }
  }
  return out;
}

/** Behaviours worth hunting for elsewhere, one per kind of action observed. */
export function behaviours(
  actions: readonly FootprintAction[],
  timeline: readonly PhasedEntry[],
  iocs: Iocs,
): string[] {
  const out: string[] = [];
  const spray = timeline.find((e) => e.action.startsWith('Password spray'));
  if (spray)
    out.push(
      `Password spray: failed sign-ins against many accounts from ${iocs.ips.length} addresses (see Initial Access).`,
    );
  const byCat = new Map<string, FootprintAction[]>();
  for (const a of actions) byCat.set(a.category, [...(byCat.get(a.category) ?? []), a]);
  for (const [cat, list] of [...byCat.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (cat === 'sign-in' || cat === 'changed by others') continue;
    out.push(`${cap(cat)} by ${listOf(uniq(list.map((a) => a.actor)))}: ${listOf(uniq(list.map((a) => a.activity)))}.`);
  }
  if (actions.some((a) => a.activity === 'Service principal sign-in'))
    out.push('Service principal sign-ins with a client secret from an attacker address.');
  return out;
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs.filter((x) => x !== ''))];
}
function sum(xs: readonly FootprintAction[]): number {
  return xs.reduce((n, a) => n + a.count, 0);
}
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
