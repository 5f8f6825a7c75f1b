import type { FootprintAction } from '../investigate/footprint-model.js';
import { listOf, minuteUtc } from '../investigate/incident-summary.js';
import type { CheckResult } from '../posture/model.js';
import type { Coverage, IncidentReport, Iocs } from './report-model.js';

const ok = (a: FootprintAction) => /\bsuccess\b/.test(a.result) && !/failure/.test(a.result);
const uniq = (xs: readonly (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/** Containment, eradication and recovery steps, each naming the finding it answers. */
export function responseActions(
  actions: readonly FootprintAction[],
  iocs: Iocs,
  compromised: readonly string[],
  cov: readonly Coverage[],
  window: { first: string; last: string },
): Omit<IncidentReport['response'], 'taken'> {
  const containment: string[] = [];
  const eradication: string[] = [];
  const recovery: string[] = [];
  for (const a of actions.filter((x) => x.category === 'role change' && ok(x) && /^add/i.test(x.activity)))
    containment.push(
      `Remove the ${a.detail ?? 'role'} assignment of ${a.target ?? '?'} (made by ${a.actor} at ${minuteUtc(a.start)}, record ${a.uids[0] ?? '?'}).`,
    );
  for (const sp of iocs.service_principals) {
    const creds = actions.filter((a) => a.category === 'credential added' && a.target === sp.name);
    const signins = actions.filter((a) => a.actor === sp.name && a.table === 'signins');
    if (creds.length || signins.length)
      containment.push(
        `Disable the service principal ${sp.name}${sp.id ? ` (${sp.id})` : ''} and remove the credentials added to it${iocs.credential_ids.length ? ` (key ids ${listOf(iocs.credential_ids)})` : ''}; it signed in ${signins.reduce((n, a) => n + a.count, 0)} times from attacker addresses.`,
      );
  }
  for (const who of compromised)
    containment.push(
      `Revoke the sessions of ${who}, reset its password and review its registered authentication methods.`,
    );
  if (iocs.ips.length)
    containment.push(
      `Block the attacker addresses ${listOf(
        iocs.ips.map((i) => i.ip),
        8,
      )} with a Conditional Access named location.`,
    );
  for (const a of actions.filter(
    (x) => x.category === 'credential added' && ok(x) && !iocs.service_principals.some((s) => s.name === x.target),
  ))
    eradication.push(
      `Remove the credential added to ${a.target ?? '?'} at ${minuteUtc(a.start)} by ${a.actor} and rotate the application's other secrets.`,
    );
  for (const a of actions.filter((x) => x.category === 'owner added' && ok(x)))
    eradication.push(`Remove the owner added to ${a.target ?? '?'} by ${a.actor} at ${minuteUtc(a.start)}.`);
  for (const a of actions.filter((x) => x.category === 'user created' && ok(x)))
    eradication.push(`Delete or disable ${a.target ?? 'the account'}, created by ${a.actor} at ${minuteUtc(a.start)}.`);
  for (const a of actions.filter((x) => x.category === 'consent' && ok(x)))
    eradication.push(
      `Revoke the consent "${a.activity}" for ${a.target ?? '?'} granted by ${a.actor} at ${minuteUtc(a.start)}.`,
    );
  for (const a of actions.filter((x) => x.category === 'mailbox rule' || x.category === 'forwarding'))
    eradication.push(
      `Remove the ${a.category} set by ${a.actor} on ${a.target ?? 'the mailbox'} at ${minuteUtc(a.start)} (${a.activity}).`,
    );
  const legacy = iocs.client_apps.filter((c) => !/^(browser|mobile apps and desktop clients)$/i.test(c));
  if (legacy.length)
    eradication.push(`Block legacy authentication with Conditional Access: the attacker used ${listOf(legacy)}.`);
  const resetOk = uniq(actions.filter((x) => x.category === 'password reset' && ok(x)).map((a) => a.target));
  for (const u of resetOk)
    recovery.push(
      `Give ${u} a new password through a verified channel and revoke its sessions: the attacker reset it.`,
    );
  const mailboxes = uniq(actions.filter((x) => x.category === 'mailbox access').map((a) => a.actor));
  if (mailboxes.length)
    recovery.push(
      `Review the mailboxes of ${listOf(mailboxes)} for data taken or sent, and notify as your obligations require.`,
    );
  const signins = cov.find((c) => c.table === 'signins');
  recovery.push(
    `Preserve the logs of ${minuteUtc(window.first)} to ${minuteUtc(window.last)} (Entra keeps sign-in and audit logs 30 days): this workspace holds sign-ins from ${minuteUtc(signins?.first ?? '')} to ${minuteUtc(signins?.last ?? '')}; keep its evidence files, whose hashes are listed below.`,
  );
  recovery.push(
    'Re-import fresh logs and run premortem detect after containment to confirm no further activity from the addresses or identities above.',
  );
  return { containment, eradication, recovery };
}

/**
 * Lessons learned and recommendations: posture findings and exceptions where an assessment is given (they come from
 * `premortem assess`, src/posture), then recommendations each tied to what this incident shows.
 */
export function lessons(
  actions: readonly FootprintAction[],
  iocs: Iocs,
  singleFactor: readonly { who: string; at: string; ip: string }[],
  posture: readonly CheckResult[] | undefined,
  identities: readonly string[],
): IncidentReport['lessons'] {
  const findings: string[] = [];
  const recommendations: string[] = [];
  if (posture) {
    const failing = posture.filter((p) => p.status === 'fail' || p.status === 'accepted-risk');
    for (const p of failing) {
      const related = p.evidence.filter((e) => {
        const s = e.subject;
        return s && [s.upn, s.name, s.id].some((v) => v && identities.includes(v.toLowerCase()));
      });
      findings.push(
        `${p.status === 'fail' ? 'Failing' : 'Accepted risk'} (${p.severity}): ${p.title}: ${p.summary}${related.length ? `; it concerns ${listOf(related.map((e) => e.subject?.upn ?? e.subject?.name ?? e.subject?.id ?? ''))} from this incident` : ''}.`,
      );
      for (const e of p.evidence.filter((x) => x.exception))
        findings.push(
          `Exception ${e.exception?.id} (${e.exception?.state}, expires ${e.exception?.expires}): ${e.message}.`,
        );
    }
  }
  for (const a of actions.filter((x) => x.category === 'role change' && ok(x) && /^add/i.test(x.activity)))
    recommendations.push(
      `Make privileged roles eligible-only in PIM and alert on direct assignments: ${a.detail ?? 'a role'} was assigned directly to ${a.target ?? '?'}.`,
    );
  const legacy = iocs.client_apps.filter((c) => !/^(browser|mobile apps and desktop clients)$/i.test(c));
  if (legacy.length)
    recommendations.push(
      `Block legacy authentication tenant-wide: the attack used ${listOf(legacy)}, which cannot do MFA.`,
    );
  for (const s of singleFactor)
    recommendations.push(
      `Require MFA for ${s.who} with no exclusion: its sign-in at ${minuteUtc(s.at)} from ${s.ip} was single-factor.`,
    );
  if (
    actions.some(
      (a) =>
        a.category === 'password reset' && a.actor !== '' && iocs.service_principals.some((s) => s.name === a.actor),
    )
  )
    recommendations.push(
      'Alert on password resets initiated by applications, and grant applications no role that can reset passwords.',
    );
  if (iocs.service_principals.length)
    recommendations.push(
      `Review the credentials and owners of every service principal holding a directory role (${listOf(iocs.service_principals.map((s) => s.name))} did here).`,
    );
  return {
    findings,
    recommendations,
    source_note: posture
      ? `Posture findings and exceptions from premortem assess: ${posture.length} checks given, ${findings.length} findings listed.`
      : "No posture assessment was given to this report: run premortem assess (src/posture) to add the tenant's baseline findings and exceptions here. The recommendations below come from the incident alone.",
  };
}
