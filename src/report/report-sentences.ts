import type { Footprint, FootprintAction, FootprintCategory } from '../investigate/footprint-model.js';
import { listOf, minuteUtc } from '../investigate/incident-summary.js';
import type { Coverage, IncidentReport, Iocs, PhasedEntry } from './report-model.js';

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

/** The executive summary: what happened, in order, with times and names; one sentence per established fact. */
export function executiveSummary(
  r: Pick<IncidentReport, 'incident' | 'timeline' | 'iocs'>,
  actions: readonly FootprintAction[],
): string[] {
  const out: string[] = [];
  const inc = r.incident;
  out.push(
    `premortem grouped ${inc.alert_ids.length} alert${inc.alert_ids.length === 1 ? '' : 's'} into incident ${inc.id} (severity ${inc.severity}, status ${inc.status}), spanning ${minuteUtc(inc.first_seen)} to ${minuteUtc(inc.last_seen)}.`,
  );
  const spray = r.timeline.find((e) => e.kind === 'alert' && e.action.startsWith('Password spray'));
  if (spray)
    out.push(
      `${spray.action.replace(/ \(\d+ alerts\)$/, '')}, between ${minuteUtc(spray.start)} and ${minuteUtc(spray.end)}.`,
    );
  const firstIn = actions.find((a) => a.table === 'signins' && ok(a) && a.category !== 'changed by others');
  if (firstIn)
    out.push(
      `The first successful sign-in from an attacker address was ${firstIn.actor} at ${minuteUtc(firstIn.start)} (${firstIn.activity}, ${firstIn.detail ?? ''}).`,
    );
  for (const a of actions.filter((x) => x.category === 'role change' && ok(x)))
    out.push(
      `At ${minuteUtc(a.start)}, ${a.actor} ran "${a.activity}"${a.detail ? ` (${a.detail})` : ''} on ${a.target ?? 'an unnamed target'}.`,
    );
  if (r.timeline.some((e) => e.kind === 'absence'))
    out.push('The PIM audit log shows no activation for that assignment: it was made outside PIM.');
  for (const a of actions.filter((x) => x.category === 'credential added' && ok(x)))
    out.push(
      `At ${minuteUtc(a.start)}, ${a.actor} added a credential to ${a.target ?? 'an application'} ("${a.activity}").`,
    );
  const resets = actions.filter((x) => x.category === 'password reset');
  if (resets.length > 0) {
    const done = uniq(resets.filter(ok).map((a) => a.target ?? ''));
    const failed = uniq(resets.filter((a) => !ok(a)).map((a) => a.target ?? ''));
    out.push(
      `${listOf(uniq(resets.map((a) => a.actor)))} then attempted ${resets.length} password reset${resets.length === 1 ? '' : 's'} between ${minuteUtc(resets[0]?.start ?? '')} and ${minuteUtc(resets.at(-1)?.end ?? '')}: succeeded for ${listOf(done)}${failed.length ? `, failed for ${listOf(failed)}` : ''}.`,
    );
  }
  const mail = actions.filter((x) => x.category === 'mailbox access');
  if (mail.length > 0)
    out.push(
      `Mailboxes accessed from attacker addresses: ${listOf(uniq(mail.map((a) => a.actor)))} (${sum(mail)} sign-ins or operations, ${listOf(uniq(mail.map((a) => a.activity.replace(/^Sign-in via /, ''))))}), ${minuteUtc(mail[0]?.start ?? '')} to ${minuteUtc(mail.at(-1)?.end ?? '')}.`,
    );
  if (r.iocs.ips.length > 0)
    out.push(
      `Attacker addresses: ${listOf(
        r.iocs.ips.map((i) => i.ip),
        8,
      )}.`,
    );
  return out;
}

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

/** Impact assessment: what the attacker gained and used, then each footprint question answered yes or "none recorded". */
export function impactAssessment(
  actions: readonly FootprintAction[],
  cov: readonly Coverage[],
  footprints: readonly Footprint[],
): string[] {
  const out: string[] = [];
  for (const a of actions.filter((x) => x.category === 'role change' && ok(x)))
    out.push(
      `Privileged access: ${a.target ?? '?'} holds ${a.detail ?? 'a directory role'} since ${minuteUtc(a.start)} (${a.activity} by ${a.actor}, record ${a.uids[0] ?? '?'}).`,
    );
  for (const a of actions.filter((x) => x.category === 'credential added' && ok(x)))
    out.push(
      `Persistence: a credential was added to ${a.target ?? '?'} at ${minuteUtc(a.start)} by ${a.actor} (record ${a.uids[0] ?? '?'}).`,
    );
  const resets = actions.filter((x) => x.category === 'password reset');
  const taken = uniq(resets.filter(ok).map((a) => a.target ?? ''));
  if (taken.length) out.push(`Accounts taken over by password reset: ${listOf(taken, 10)}.`);
  const mail = actions.filter((x) => x.category === 'mailbox access');
  for (const who of uniq(mail.map((a) => a.actor))) {
    const mine = mail.filter((a) => a.actor === who);
    out.push(
      `Mailbox of ${who}: ${sum(mine)} accesses from attacker addresses (${listOf(uniq(mine.map((a) => a.activity.replace(/^Sign-in via /, ''))))}), ${minuteUtc(mine[0]?.start ?? '')} to ${minuteUtc(mine.at(-1)?.end ?? '')}.`,
    );
  }
  const ual = cov.find((c) => c.table === 'activities');
  const audits = cov.find((c) => c.table === 'audits');
  const followed = uniq(footprints.flatMap((f) => f.identities.map((i) => i.name)));
  for (const [cat, label] of CHECKED) {
    const hits = actions.filter((a) => a.category === cat);
    const fromUal = cat === 'mailbox rule' || cat === 'forwarding';
    if (hits.length > 0) {
      out.push(
        `${cap(label)}: ${hits.length} (${listOf(
          hits.map((a) => `${a.activity} → ${a.target ?? '?'} at ${minuteUtc(a.start)}`),
          4,
        )}).`,
      );
    } else if (fromUal && (ual?.rows ?? 0) === 0) {
      out.push(`${cap(label)}: cannot be assessed, the workspace holds no unified audit log (import it to answer).`);
    } else {
      const c = fromUal ? ual : audits;
      out.push(
        `${cap(label)}: none recorded for the ${followed.length} followed identities in the imported ${c?.label ?? 'logs'} (${minuteUtc(c?.first ?? '')} to ${minuteUtc(c?.last ?? '')}).`,
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
