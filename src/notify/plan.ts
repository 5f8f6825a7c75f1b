/**
 * Routing with a noise budget: turns the outbox's alert changes into the few messages people act on. One message
 * when an incident (at or above `immediate_severity`) opens; one when it escalates (a new critical alert, a new
 * acting identity, a new attacker address); the rest of its growth is folded. Lower incidents go to a digest sent
 * once per `digest_minutes`. Alerts covered by a valid exception or an active suppression are not told, but the
 * digest counts them. What was told is kept in notify_state, so a restart does not tell it again, and all of it
 * (messages, deliveries, state, outbox rows marked routed) commits in one transaction.
 *
 * notify knows only core and store (DESIGN.md): incidents, alerts and exemptions come through a RoutingContext
 * that the caller (the CLI, serve, fleet) builds from the modules that own them.
 */
import { randomUUID } from 'node:crypto';
import { mergeObjects, type ObjectRef } from '../core/objects.js';
import { atLeast, type Severity, severityRank } from '../core/severity.js';
import type { Workspace } from '../store/workspace.js';
import type { NotifyConfig } from './config.js';
import type { Notification, QuietCounts } from './message.js';
import { dueReminders, type RemindableException } from './reminders.js';
import { channelsFor } from './routing.js';
import { markRouted, readState, recordMessage, unroutedOutbox, writeState } from './store.js';

/** An alert as routing needs it (structurally the CLI contract's alert). */
export interface RoutableAlert {
  id: string;
  rule_id: string;
  title: string;
  severity: Severity;
  first_seen: string;
  entities: { users: string[]; service_principals: string[]; ips: string[]; apps: string[] };
  objects: ObjectRef[];
  tags: string[];
}

/** An incident as routing needs it (structurally `premortem incidents --json`'s). */
export interface RoutableIncident {
  id: string;
  title: string;
  severity: Severity;
  alert_ids: string[];
  entities: { ips: string[]; service_principals: string[] };
  actors: { users: string[]; service_principals: string[] };
  summary: string;
}

/** Why an alert is kept quiet. */
export interface Exemption {
  kind: 'exception' | 'suppression';
  id: string;
}

/** What routing reads from the modules that own incidents, alerts, exceptions and suppressions. */
export interface RoutingContext {
  incidents(): Promise<readonly RoutableIncident[]>;
  alerts(): Promise<readonly RoutableAlert[]>;
  exemption(alert: RoutableAlert): Exemption | undefined;
  /** The exceptions register, for expiry reminders. */
  exceptions?(): readonly RemindableException[];
  /** The tenant the workspace watches, for routes by tenant (fleet). */
  tenant?: string;
}

export interface PlanOptions {
  now: Date;
  /** Send the digest now, whatever its window says (cron jobs, the demo). */
  flushDigest?: boolean;
}

/** What one routing pass decided. */
export interface PlanResult {
  changes: number;
  messages: Notification[];
  quiet: QuietCounts;
  /** Alerts waiting for the next digest. */
  digestPending: number;
}

interface IncidentState {
  severity: Severity;
  critical: string[];
  identities: string[];
  addresses: string[];
}

interface DigestItem {
  id: string;
  severity: Severity;
  title: string;
  incident_id?: string;
  rule_id: string;
  tags: string[];
}

interface DigestState {
  since: string | null;
  items: DigestItem[];
  quiet: QuietCounts;
}

const EMPTY_DIGEST: DigestState = { since: null, items: [], quiet: { excepted: 0, suppressed: 0, folded: 0 } };

const maxSeverity = (list: readonly { severity: Severity }[]): Severity =>
  list.reduce<Severity>((m, a) => (severityRank(a.severity) > severityRank(m) ? a.severity : m), 'informational');

const newOf = (now: readonly string[], before: readonly string[]): string[] => now.filter((x) => !before.includes(x));

function stateOf(inc: RoutableIncident, live: readonly RoutableAlert[]): IncidentState {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    severity: maxSeverity(live),
    critical: uniq(live.filter((a) => a.severity === 'critical').map((a) => a.id)),
    identities: uniq([
      ...inc.actors.users,
      ...inc.actors.service_principals,
      ...live.flatMap((a) => a.entities.service_principals),
    ]),
    addresses: uniq(live.flatMap((a) => a.entities.ips)),
  };
}

const TYPE_ORDER = [
  'service_principal',
  'application',
  'role',
  'credential',
  'user',
  'ip',
  'policy',
  'group',
  'domain',
];
/** The objects a message names, the acting identities first, at most 25 (a spray names hundreds of targets). */
function messageObjects(inc: RoutableIncident, live: readonly RoutableAlert[]): ObjectRef[] {
  const actors = new Set([...inc.actors.users, ...inc.actors.service_principals].map((x) => x.toLowerCase()));
  const isActor = (o: ObjectRef) =>
    [o.name, o.upn, o.id].some((k) => k !== null && k !== undefined && actors.has(k.toLowerCase()));
  return mergeObjects(...live.map((a) => a.objects))
    .sort((a, b) => Number(isActor(b)) - Number(isActor(a)) || TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type))
    .slice(0, 25);
}

/** The one next action: about the most dangerous kind of actor the incident shows. */
function nextAction(inc: RoutableIncident): string {
  const sp = inc.actors.service_principals[0] ?? inc.entities.service_principals[0];
  if (sp)
    return `Check service principal ${sp} for roles and credentials added, remove what is not yours, then run premortem contain --incident ${inc.id}.`;
  const user = inc.actors.users[0];
  if (user)
    return `Ask ${user} whether the activity was theirs; if not, revoke their sessions and reset the password (premortem contain --incident ${inc.id}).`;
  const ip = inc.entities.ips[0];
  if (ip)
    return `Block ${ip} in a Conditional Access named location and review the accounts it reached: premortem investigate --ip ${ip}.`;
  return `Open the incident and read its timeline: premortem timeline --incident ${inc.id}.`;
}

function whyItMatters(severity: Severity, live: readonly RoutableAlert[]): string {
  const top = [...live].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
  const lead =
    severity === 'critical'
      ? 'An identity an attacker controls may already hold rights in the tenant'
      : 'An account or workload shows signs of takeover';
  return `${lead}: ${top ? `"${top.title}"` : 'see the alerts'} (${live.length} alert${live.length === 1 ? '' : 's'}, highest ${severity}).`;
}

function incidentMessage(
  kind: 'incident-opened' | 'incident-escalated',
  inc: RoutableIncident,
  live: readonly RoutableAlert[],
  severity: Severity,
  what: string,
  config: NotifyConfig,
  now: Date,
): Notification {
  const verb = kind === 'incident-opened' ? 'opened' : 'escalated';
  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    kind,
    severity,
    title: `[${severity}] Incident ${inc.id} ${verb}: ${inc.title}`,
    what,
    why: whyItMatters(severity, live),
    next_action: nextAction(inc),
    objects: messageObjects(inc, live),
    incident_id: inc.id,
    alert_ids: live.map((a) => a.id),
    rule_ids: [...new Set(live.map((a) => a.rule_id))],
    tags: [...new Set(live.flatMap((a) => a.tags))],
    ...(config.serveUrl
      ? { link: `${config.serveUrl.replace(/\/$/, '')}/incidents/${encodeURIComponent(inc.id)}` }
      : {}),
    created_at: now.toISOString(),
  };
}

function escalationText(before: IncidentState, now: IncidentState, live: readonly RoutableAlert[]): string | undefined {
  const parts: string[] = [];
  const crit = newOf(now.critical, before.critical);
  if (crit.length > 0)
    parts.push(
      `new critical alert${crit.length > 1 ? 's' : ''}: ${crit.map((id) => `"${live.find((a) => a.id === id)?.title ?? id}" (alert ${id})`).join('; ')}`,
    );
  const ids = newOf(now.identities, before.identities);
  if (ids.length > 0) parts.push(`new acting identit${ids.length > 1 ? 'ies' : 'y'}: ${ids.join(', ')}`);
  const ips = newOf(now.addresses, before.addresses);
  if (ips.length > 0) parts.push(`new attacker address${ips.length > 1 ? 'es' : ''}: ${ips.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function digestMessage(d: DigestState, config: NotifyConfig, now: Date): Notification {
  const severity = maxSeverity(d.items);
  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    kind: 'digest',
    severity,
    title: `[${severity}] premortem digest: ${d.items.length} lower-severity alert${d.items.length === 1 ? '' : 's'} since ${d.since ?? now.toISOString()}`,
    what: `${d.items.length} low or medium alert(s) in incidents below the immediate threshold (${config.immediateSeverity}).`,
    why: 'Each is weak alone; together they show where an attacker is probing. None needs an answer tonight.',
    next_action: 'Triage them in one sitting: close the false positives (with a reason) so the next digest is shorter.',
    objects: [],
    alert_ids: d.items.map((i) => i.id),
    rule_ids: [...new Set(d.items.map((i) => i.rule_id))],
    tags: [...new Set(d.items.flatMap((i) => i.tags))],
    items: d.items.map(({ id, severity, title, incident_id }) => ({
      id,
      severity,
      title,
      ...(incident_id ? { incident_id } : {}),
    })),
    quiet: d.quiet,
    ...(config.serveUrl ? { link: `${config.serveUrl.replace(/\/$/, '')}/alerts` } : {}),
    created_at: now.toISOString(),
  };
}

/**
 * One routing pass: reads the unrouted outbox, decides the messages, records them with their deliveries and the
 * new state, and marks the outbox routed, all in one transaction. Sends nothing (sender.ts does).
 */
export async function planNotifications(
  ws: Workspace,
  ctx: RoutingContext,
  config: NotifyConfig,
  options: PlanOptions,
): Promise<PlanResult> {
  const { now } = options;
  const outbox = await unroutedOutbox(ws);
  const digest = (await readState<DigestState>(ws, 'digest')) ?? structuredClone(EMPTY_DIGEST);
  const quiet: QuietCounts = { excepted: 0, suppressed: 0, folded: 0 };
  const messages: Notification[] = [];
  const states = new Map<string, IncidentState>();
  if (outbox.length > 0) {
    const changed = new Set(outbox.map((o) => o.alertId));
    const alerts = new Map((await ctx.alerts()).map((a) => [a.id, a]));
    for (const inc of await ctx.incidents()) {
      const touched = inc.alert_ids.filter((id) => changed.has(id));
      if (touched.length === 0) continue;
      const all = inc.alert_ids.map((id) => alerts.get(id)).filter((a): a is RoutableAlert => a !== undefined);
      const live = all.filter((a) => ctx.exemption(a) === undefined);
      for (const id of touched) {
        const a = alerts.get(id);
        const why = a ? ctx.exemption(a) : undefined;
        if (why?.kind === 'exception') quiet.excepted++;
        else if (why?.kind === 'suppression') quiet.suppressed++;
      }
      if (live.length === 0) continue;
      const current = stateOf(inc, live);
      if (atLeast(current.severity, config.immediateSeverity)) {
        const before = await readState<IncidentState>(ws, `incident:${inc.id}`);
        if (!before)
          messages.push(incidentMessage('incident-opened', inc, live, current.severity, inc.summary, config, now));
        else {
          const what = escalationText(before, current, live);
          if (what)
            messages.push(
              incidentMessage('incident-escalated', inc, live, current.severity, `${inc.title}: ${what}.`, config, now),
            );
          else quiet.folded += touched.length;
        }
        const merge = (a: string[], b: string[] = []) => [...new Set([...a, ...b])].sort();
        states.set(inc.id, {
          severity: current.severity,
          critical: merge(current.critical, before?.critical),
          identities: merge(current.identities, before?.identities),
          addresses: merge(current.addresses, before?.addresses),
        });
      } else {
        for (const id of touched) {
          const a = alerts.get(id);
          if (!a || ctx.exemption(a) || digest.items.some((i) => i.id === id)) continue;
          digest.items.push({
            id,
            severity: a.severity,
            title: a.title,
            incident_id: inc.id,
            rule_id: a.rule_id,
            tags: a.tags,
          });
        }
        if (digest.items.length > 0) digest.since ??= now.toISOString();
      }
    }
  }
  digest.quiet = {
    excepted: digest.quiet.excepted + quiet.excepted,
    suppressed: digest.quiet.suppressed + quiet.suppressed,
    folded: digest.quiet.folded + quiet.folded,
  };
  const due =
    digest.items.length > 0 &&
    (options.flushDigest === true ||
      (digest.since !== null && now.getTime() - Date.parse(digest.since) >= config.digestMinutes * 60_000));
  let nextDigest = digest;
  if (due) {
    messages.push(digestMessage(digest, config, now));
    nextDigest = structuredClone(EMPTY_DIGEST);
  }
  const reminders = await dueReminders(
    ctx.exceptions?.() ?? [],
    now,
    async (k) => (await readState(ws, k)) !== undefined,
  );
  messages.push(...reminders.messages);
  if (outbox.length === 0 && messages.length === 0)
    return { changes: 0, messages, quiet, digestPending: digest.items.length };
  await ws.transaction(async () => {
    for (const m of messages) await recordMessage(ws, m, channelsFor(m, config, ctx.tenant), now);
    for (const [id, s] of states) await writeState(ws, `incident:${id}`, s, now);
    await writeState(ws, 'digest', nextDigest, now);
    for (const k of reminders.keys) await writeState(ws, k, { sent: now.toISOString() }, now);
    const last = outbox.at(-1);
    if (last) await markRouted(ws, last.seq, now);
  });
  return { changes: outbox.length, messages, quiet, digestPending: nextDigest.items.length };
}
