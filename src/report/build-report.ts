import { toIsoUtc } from '../core/time.js';
import { listAlerts } from '../detect/list-alerts.js';
import { buildFootprint } from '../investigate/footprint.js';
import type { Footprint, FootprintAction } from '../investigate/footprint-model.js';
import type { Incident } from '../investigate/incident-model.js';
import { listOf, minuteUtc } from '../investigate/incident-summary.js';
import { buildTimeline } from '../investigate/timeline.js';
import type { CheckResult } from '../posture/model.js';
import type { ReadinessReport } from '../readiness/report.js';
import { listEvidence } from '../store/evidence.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import { TACTICS, TECHNIQUES, tacticOf, techniqueOf } from './attack.js';
import { executiveSummary, firstAttackerSuccess } from './executive-summary.js';
import { chartHours, coverage, iocs, tenantOf } from './report-facts.js';
import type { ChartData, IncidentReport, ResponseTaken, Sentence, TechniqueFact } from './report-model.js';
import { phaseEntries } from './report-phases.js';
import { readinessFacts } from './report-readiness.js';
import { lessons, responseActions } from './report-response.js';
import { allActions, behaviours, impactAssessment } from './report-sentences.js';
import { about, sentence } from './sentence.js';

/** What a report may add beyond the store. */
export interface ReportOptions {
  /** Posture results from `premortem assess` (src/posture); without them the lessons section says so. */
  posture?: readonly CheckResult[];
  /** The workspace's readiness (src/readiness), for the readiness section; without it the section is left out. */
  readiness?: ReadinessReport;
  /** What premortem contain did, by incident id (its trail): the Response section's "Actions taken". */
  responseTaken?: Readonly<Record<string, readonly ResponseTaken[]>>;
  /** The generation time to print (tests pin it so golden files stay stable). */
  now?: Date;
}

/**
 * Gathers every fact a report states about one incident: its alerts, timeline by phase, the footprint of each
 * identity acting for the attacker (those an earlier footprint already followed are not repeated), indicators,
 * the chart series, log coverage and the evidence manifest; then the sentences built from them.
 */
export async function buildIncidentReport(
  ws: Workspace,
  incident: Incident,
  options: ReportOptions = {},
): Promise<IncidentReport> {
  const alerts = await listAlerts(ws, incident.alert_ids);
  const timeline = await buildTimeline(ws, { alertIds: incident.alert_ids });
  const phased = phaseEntries(timeline.entries, alerts);
  const footprints: Footprint[] = [];
  const subjects = [
    ...incident.actors.users.map((value) => ({ kind: 'user' as const, value })),
    ...incident.actors.service_principals.map((value) => ({ kind: 'sp' as const, value })),
  ];
  for (const s of subjects) {
    const covered = footprints.some((f) => f.identities.some((i) => i.name.toLowerCase() === s.value.toLowerCase()));
    if (!covered) footprints.push(await buildFootprint(ws, s, { since: incident.first_seen }));
  }
  const actions = allActions(footprints);
  const ips = incident.entities.ips;
  const ioc = await iocs(ws, ips, footprints);
  ioc.behaviours = behaviours(actions, phased, ioc);
  const cov = await coverage(ws);
  const window = {
    first: incident.first_seen,
    last: [incident.last_seen, ...actions.map((a) => a.end)].sort().at(-1) ?? incident.last_seen,
  };
  const compromised = [
    ...new Set(
      footprints.flatMap((f) =>
        f.identities
          .filter((i) => i.kind === 'user' && (i.reason === 'subject' || /password/i.test(i.reason)))
          .map((i) => i.name),
      ),
    ),
  ];
  const base = { incident, timeline: phased, iocs: ioc };
  const detected = await detection(ws, incident, actions);
  const response = {
    ...responseActions(actions, ioc, compromised, cov, window),
    taken: [...(options.responseTaken?.[incident.id] ?? [])],
  };
  return {
    generated_at: (options.now ?? new Date()).toISOString(),
    discovered_at: toIsoUtc(
      (await ws.scalar('SELECT min(created_at) FROM alerts WHERE list_contains($1::VARCHAR[], id)', [
        sqlList(incident.alert_ids),
      ])) as Date | null,
    ),
    tenant: await tenantOf(ws),
    incident,
    alerts,
    timeline: phased,
    followed: timeline.followed,
    footprints,
    techniques: techniques(alerts),
    iocs: ioc,
    chart: { hours: await chartHours(ws, ips), markers: markers(actions, ips) },
    coverage: cov,
    executive_summary: executiveSummary(
      base,
      actions,
      detected.map((d) => d.text),
      response.containment,
    ),
    impact: impactAssessment(actions, cov, footprints),
    detection: detected,
    response,
    lessons: lessons(
      actions,
      ioc,
      await singleFactor(ws, actions),
      options.posture,
      footprints.flatMap((f) => f.identities.map((i) => i.name.toLowerCase())),
    ),
    evidence: await listEvidence(ws),
    ...(options.readiness ? { readiness: readinessFacts(options.readiness) } : {}),
  };
}

/** Techniques from the alerts' ATT&CK tags, with the tactics the same rules name. */
function techniques(alerts: IncidentReport['alerts']): TechniqueFact[] {
  const out = new Map<string, TechniqueFact>();
  for (const a of alerts) {
    const tactics = a.tags.map(tacticOf).filter((t): t is string => t !== null);
    for (const tag of a.tags) {
      const id = techniqueOf(tag);
      if (!id) continue;
      const t = out.get(id) ?? { id, name: TECHNIQUES[id] ?? id, tactics: [], alerts: [] };
      t.tactics = [...new Set([...t.tactics, ...tactics])].sort(
        (x, y) => TACTICS.findIndex(([, n]) => n === x) - TACTICS.findIndex(([, n]) => n === y),
      );
      if (!t.alerts.includes(a.title)) t.alerts.push(a.title);
      out.set(id, t);
    }
  }
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The moments the chart marks: first attacker success, role and credential changes, first reset, first mail read. */
function markers(actions: readonly FootprintAction[], attackerIps: readonly string[]): ChartData['markers'] {
  const out: ChartData['markers'] = [];
  const firstOf = (f: (a: FootprintAction) => boolean, label: (a: FootprintAction) => string) => {
    const a = actions.find(f);
    if (a) out.push({ at: a.start, label: label(a) });
  };
  // The attacker's first success is from an attacker address; a followed account's office sign-in is not it.
  const first = firstAttackerSuccess(actions, attackerIps);
  if (first) out.push({ at: first.start, label: `first attacker success: ${first.actor} from ${first.ip}` });
  for (const a of actions.filter((x) => x.category === 'role change' && /success/.test(x.result)))
    out.push({ at: a.start, label: `${a.detail ?? 'role'} → ${a.target ?? '?'}` });
  firstOf(
    (a) => a.category === 'credential added',
    (a) => `credential → ${a.target ?? '?'}`,
  );
  firstOf(
    (a) => a.category === 'password reset',
    () => 'first password reset',
  );
  firstOf(
    (a) => a.category === 'mailbox access',
    () => 'first mailbox access',
  );
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Detection and response as the store records them: when the alerts were raised, and what others changed since.
 * The first sentence speaks of premortem's own alerts, not of records; the others cite the records they name.
 */
async function detection(ws: Workspace, incident: Incident, actions: readonly FootprintAction[]): Promise<Sentence[]> {
  const r = await ws.one<{ created: Date | null; n: bigint }>(
    'SELECT min(created_at) AS created, count(*) AS n FROM alerts WHERE list_contains($1::VARCHAR[], id)',
    [sqlList(incident.alert_ids)],
  );
  const out = [
    sentence(
      `premortem raised the ${Number(r?.n ?? 0)} alerts of this incident when it analysed the imported logs (${minuteUtc(r?.created?.toISOString() ?? '')}); the earliest covers activity from ${minuteUtc(incident.first_seen)}.`,
      [],
      [],
    ),
  ];
  const last = actions.filter((a) => a.category !== 'changed by others').at(-1);
  if (last)
    out.push(
      sentence(
        `The last attacker action in the logs is at ${minuteUtc(last.end)}: ${last.actor}, ${last.activity}.`,
        [last],
        about(last, last.actor).filter((c) => c.kind === 'names' || last.start === last.end),
      ),
    );
  const others = actions.filter((a) => a.category === 'changed by others' && a.start > incident.last_seen);
  out.push(
    others.length
      ? sentence(
          `Changes to the followed identities by others since: ${listOf(others.map((a) => `${a.activity} by ${a.actor} at ${minuteUtc(a.start)}`))}.`,
          others,
          others.flatMap((a) => about(a, a.actor)),
        )
      : sentence(
          'No response action (role removal, account disable, credential removal) on the followed identities is recorded in the imported logs.',
          [],
          [],
        ),
  );
  return out;
}

/** Successful attacker sign-ins that were single-factor, first per account: the MFA gap the attacker went through. */
async function singleFactor(
  ws: Workspace,
  actions: readonly FootprintAction[],
): Promise<{ who: string; at: string; ip: string }[]> {
  const uids = actions.filter((a) => a.table === 'signins' && /success/.test(a.result)).flatMap((a) => a.uids);
  const rows = await ws.all<{ who: string; first_at: Date; ip: string }>(
    `SELECT user_principal_name AS who, min(created_at) AS first_at, arg_min(ip_address, created_at) AS ip FROM signins
     WHERE list_contains($1::VARCHAR[], uid) AND authentication_requirement = 'singleFactorAuthentication'
       AND user_principal_name IS NOT NULL GROUP BY ALL ORDER BY first_at`,
    [sqlList(uids)],
  );
  return rows.map((r) => ({ who: r.who, at: r.first_at.toISOString(), ip: r.ip }));
}
