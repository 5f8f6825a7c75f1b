/**
 * The top actions: what to do first to answer the premortem questions better, each tied to a measurement. Weighted
 * so that evidence about to be lost and tampering come before coverage work, and coverage before hygiene of
 * unprivileged apps.
 */
import { type ObjectRef, objectRef } from '../core/objects.js';
import { LAST_USE_UNKNOWN } from './credential-use.js';
import type { CredentialRow } from './credentials.js';
import type { ReadinessMeasures } from './report.js';
import { type SourceId, sourceDef } from './sources.js';

/** One action. */
export interface Action {
  readonly weight: number;
  readonly kind:
    | 'restart-collection'
    | 'backfill-gap'
    | 'investigate'
    | 'send-source'
    | 'rotate'
    | 'add-rules'
    | 'snapshot';
  readonly text: string;
  /** The objects the action is taken on, by id (a credential by keyId with its application or service principal). */
  readonly objects?: readonly ObjectRef[];
}

/** "secret 3f2a… of Octiga Cloud Security (service principal id …, app id …)": a credential as it is removed. */
function credentialText(c: CredentialRow): string {
  const owner = c.owner === 'servicePrincipal' ? 'service principal' : 'application';
  const app = c.appId !== undefined && c.appId !== c.objectId ? `, app id ${c.appId}` : '';
  return `${c.kind} ${c.keyId ?? '(no keyId)'} of ${c.displayName} (${owner} id ${c.objectId}${app})`;
}

function credentialObjects(c: CredentialRow): ObjectRef[] {
  return [
    objectRef(c.owner === 'servicePrincipal' ? 'service_principal' : 'application', c.objectId, c.displayName, {
      app_id: c.appId,
    }),
    objectRef('credential', c.keyId, null, { key_id: c.keyId }),
  ].filter((o): o is ObjectRef => o !== undefined);
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

/** Every action, highest weight first. */
export function topActions(m: ReadinessMeasures, now: number): Action[] {
  const out: Action[] = [];
  for (const t of m.blindSpots.tampering) {
    out.push({
      weight: t.severity === 'critical' ? 100 : 90,
      kind: 'investigate',
      text: `Investigate: ${t.title} at ${t.at ?? '?'} by ${t.actor ?? 'unknown'}; turn it back on`,
    });
  }
  for (const s of m.blindSpots.stopped) {
    const lb = m.howFarBack.sources.find((x) => x.source === s.source);
    const loss = lb?.lossDate ? `; Microsoft drops the first uncollected event on ${day(lb.lossDate)}` : '';
    out.push({
      weight: 95,
      kind: 'restart-collection',
      text: `Restart collection of ${sourceDef(s.source as SourceId).label}: nothing since ${s.lastEvent} (the baseline expected ~${s.expected} distinct actors since)${loss}`,
    });
  }
  for (const c of m.howFarBack.checkpoints.filter((x) => x.behind)) {
    const state = c.interrupted
      ? 'a pass was interrupted'
      : c.lagHours === null
        ? 'never read to its end'
        : `${c.lagHours} h behind`;
    out.push({
      weight: 85,
      kind: 'restart-collection',
      text: `Live collection of ${c.endpoint}: ${state}; run premortem watch (or premortem collect) to catch up`,
    });
  }
  for (const g of m.howFarBack.gaps) {
    const lb = m.howFarBack.sources.find((x) => x.source === g.source);
    if (!lb?.retentionDays) continue;
    const until = Date.parse(g.start) + lb.retentionDays * DAY_MS;
    if (until <= now) continue;
    out.push({
      weight: 80,
      kind: 'backfill-gap',
      text: `Backfill ${sourceDef(g.source as SourceId).label} ${g.start} to ${g.end} (${g.hours} h, ~${g.expected} actors missing) before ${day(new Date(until).toISOString())}: premortem collect --since`,
    });
  }
  // Sources whose absence blinds rules, ranked by how many techniques they blind.
  const blinding = new Map<SourceId, string[]>();
  for (const t of m.howDoWeKnow.techniques) {
    if (t.state !== 'covered-but-blind') continue;
    for (const b of t.blind)
      for (const s of b.missing) blinding.set(s, [...new Set([...(blinding.get(s) ?? []), t.technique])]);
  }
  for (const [s, ts] of blinding) {
    out.push({
      weight: 70 + Math.min(9, ts.length),
      kind: 'send-source',
      text: `Send ${sourceDef(s).label}: ${ts.length} technique(s) have rules but are blind without it (${ts.slice(0, 4).join(', ')})`,
    });
  }
  for (const c of m.credentials.rotateFirst.filter((x) => x.priority >= 100).slice(0, 3)) {
    out.push({
      weight: 60,
      kind: 'rotate',
      text: `${c.action}: ${credentialText(c)}; ${c.privileges.join(', ')}; ${c.ageDays ?? '?'} days old`,
      objects: credentialObjects(c),
    });
  }
  // Idle credentials of unprivileged apps (privileged ones are in the list above): nothing breaks when they go.
  const idle = m.credentials.rotateFirst.filter(
    (x) => x.priority < 100 && (x.issues.includes('never-used') || x.issues.includes('unused')),
  );
  for (const c of idle.slice(0, 3)) {
    out.push({
      weight: 62,
      kind: 'rotate',
      text: `${c.action}: ${credentialText(c)}`,
      objects: credentialObjects(c),
    });
  }
  if (m.credentials.lastUse === null && (m.credentials.counts?.total ?? 0) > 0) {
    out.push({
      weight: 35,
      kind: 'snapshot',
      text: `Credentials: ${LAST_USE_UNKNOWN}; collect it with the next snapshot so unused credentials can be removed safely`,
    });
  }
  for (const f of m.credentials.federation.filter((x) => x.issues.length > 0)) {
    out.push({ weight: 65, kind: 'rotate', text: `Federated domain ${f.domain}: ${f.issues.join('; ')}` });
  }
  const uncovered = m.howDoWeKnow.techniques.filter((t) => t.state === 'uncovered');
  if (uncovered.length > 0) {
    out.push({
      weight: 50,
      kind: 'add-rules',
      text: `Add rules for ${uncovered.length} uncovered technique(s), e.g. ${uncovered
        .slice(0, 4)
        .map((t) => t.technique)
        .join(', ')}`,
    });
  }
  if (m.licences.snapshotId === undefined) {
    out.push({
      weight: 40,
      kind: 'snapshot',
      text: 'Take a configuration snapshot (premortem collect --config): licences decide retention, and keys can be checked',
    });
  }
  return out.sort((a, b) => b.weight - a.weight);
}
