import { sha256Hex } from '../core/hash.js';
import { mergeObjects } from '../core/objects.js';
import { type Severity, severityRank } from '../core/severity.js';
import { type Alert, emptyEntities, mergeEntities } from '../detect/alert.js';
import { listAlerts } from '../detect/list-alerts.js';
import { MICROSOFT_RULE_PREFIX } from '../detect/microsoft-alerts.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import { actorsOfAlerts } from './alert-actors.js';
import type { AlertWithActors, Incident } from './incident-model.js';
import { incidentSummary } from './incident-summary.js';

/** Alerts further apart than this are separate incidents even when they share an entity (an IP reused months later). */
export const INCIDENT_GAP_MS = 7 * 86_400_000;
/** Two sprays whose target lists overlap this much are the same campaign from different addresses. */
const TARGET_OVERLAP = 0.5;
/** An alert naming more users than this names targets of an attempt, not actors: they link only by overlap. */
const TARGET_LIST_MIN = 10;

/**
 * Groups the stored alerts into incidents: two alerts belong together when they are within a week of each other
 * and share an address, a service principal or an acting account, or when both are sprays against largely the same
 * accounts (the seed-003 attacker sprayed the same list from five addresses). Deterministic for a given store.
 */
export async function buildIncidents(ws: Workspace): Promise<Incident[]> {
  const alerts = await listAlerts(ws);
  const actors = await actorsOfAlerts(
    ws,
    alerts.map((a) => a.id),
  );
  const items: AlertWithActors[] = alerts.map((alert) => ({
    alert,
    actors: withMicrosoftActors(alert, actors.get(alert.id) ?? { users: [], service_principals: [] }),
  }));
  const groups = groupAlerts(items, await changeEdges(ws, items));
  const statuses = await storedStatuses(ws);
  return groups
    .map((g) => toIncident(g, statuses))
    .sort((a, b) => a.first_seen.localeCompare(b.first_seen) || a.id.localeCompare(b.id));
}

/**
 * Microsoft's alerts keep their evidence as Microsoft wrote it, not as records premortem's tables hold: the accounts
 * and service principals they name are their actors (the compromised account of a password spray, the OAuth app given
 * credentials). A list as long as a spray's targets names victims of an attempt, not actors, and adds none.
 */
export function withMicrosoftActors(alert: Alert, actors: AlertWithActors['actors']): AlertWithActors['actors'] {
  if (!alert.rule_id.startsWith(MICROSOFT_RULE_PREFIX)) return actors;
  const objects = alert.objects ?? [];
  const users = objects.flatMap((o) => {
    const upn = o.type === 'user' ? (o.upn ?? (o.id.includes('@') ? o.id : undefined)) : undefined;
    return upn ? [upn.toLowerCase()] : [];
  });
  if (users.length >= TARGET_LIST_MIN) return actors;
  const sps = objects.filter((o) => o.type === 'service_principal' && o.name).map((o) => o.name as string);
  return {
    users: [...new Set([...actors.users, ...users])].sort(),
    service_principals: [...new Set([...actors.service_principals, ...sps])].sort(),
  };
}

/** "a changed b": a successful directory change by one alert actor on another (e.g. a secret added to an app). */
export type ChangeEdge = readonly [from: string, to: string];

/**
 * Directory changes between alert actors: the account that added a secret to an application and the application
 * that then assigned a role raise unrelated-looking alerts; the change between them is what ties the story.
 */
async function changeEdges(ws: Workspace, items: readonly AlertWithActors[]): Promise<ChangeEdge[]> {
  const names = [...new Set(items.flatMap((i) => [...i.actors.users, ...i.actors.service_principals]))];
  if (names.length === 0) return [];
  const rows = await ws.all<{ src: string; dst: string }>(
    `SELECT DISTINCT coalesce(initiator_upn, initiator_display_name) AS src, coalesce(target_upn, target_display_name) AS dst
     FROM audits WHERE coalesce(result, 'success') = 'success'
       AND list_contains($1::VARCHAR[], coalesce(initiator_upn, initiator_display_name))
       AND list_contains($1::VARCHAR[], coalesce(target_upn, target_display_name))
       AND coalesce(initiator_upn, initiator_display_name) <> coalesce(target_upn, target_display_name)
     ORDER BY 1, 2`,
    [sqlList(names)],
  );
  return rows.map((r) => [r.src, r.dst] as const);
}

/** Union-find over alerts; exported for tests with hand-made alerts. */
export function groupAlerts(items: readonly AlertWithActors[], edges: readonly ChangeEdge[] = []): AlertWithActors[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    return r;
  };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (a && b && linked(a, b, edges)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, AlertWithActors[]>();
  items.forEach((item, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), item]);
  });
  return [...groups.values()];
}

function linked(x: AlertWithActors, y: AlertWithActors, edges: readonly ChangeEdge[]): boolean {
  const gap = Math.max(
    Date.parse(x.alert.first_seen) - Date.parse(y.alert.last_seen),
    Date.parse(y.alert.first_seen) - Date.parse(x.alert.last_seen),
  );
  if (gap > INCIDENT_GAP_MS) return false;
  const shares = (a: readonly string[], b: readonly string[]) => a.some((v) => b.includes(v));
  if (shares(x.alert.entities.ips, y.alert.entities.ips)) return true;
  if (shares(x.alert.entities.service_principals, y.alert.entities.service_principals)) return true;
  if (shares(x.actors.service_principals, y.actors.service_principals)) return true;
  if (shares(x.actors.users, y.actors.users)) return true;
  // By id: a service principal or application by object id or app id (display names are the attacker's to choose;
  // Microsoft's alerts name an OAuth app by its ids), a user by object id where neither alert is a target list.
  if (shares(appKeys(x.alert), appKeys(y.alert))) return true;
  const few = (a: Alert) => a.entities.users.length < TARGET_LIST_MIN;
  if (few(x.alert) && few(y.alert) && shares(userIds(x.alert), userIds(y.alert))) return true;
  const xa = [...x.actors.users, ...x.actors.service_principals];
  const ya = [...y.actors.users, ...y.actors.service_principals];
  if (edges.some(([f, t]) => (xa.includes(f) && ya.includes(t)) || (ya.includes(f) && xa.includes(t)))) return true;
  const small = (a: Alert) => a.entities.users.length < TARGET_LIST_MIN;
  if (small(x.alert) && small(y.alert) && shares(x.alert.entities.users, y.alert.entities.users)) return true;
  const xu = x.alert.entities.users;
  const yu = y.alert.entities.users;
  if (xu.length >= TARGET_LIST_MIN && yu.length >= TARGET_LIST_MIN) {
    const ys = new Set(yu);
    const common = xu.filter((u) => ys.has(u)).length;
    return common >= TARGET_OVERLAP * Math.min(xu.length, yu.length);
  }
  return false;
}

/**
 * The service principals an alert names, as object-id and app-id keys; and the OAuth applications Microsoft's alerts
 * name by app id alone. The client applications of sign-ins (Azure Portal, Outlook) are not keys: every user's
 * sign-ins name them.
 */
function appKeys(a: Alert): string[] {
  const microsoft = a.rule_id.startsWith(MICROSOFT_RULE_PREFIX);
  return (a.objects ?? []).flatMap((o) => {
    if (o.type !== 'service_principal' && !(microsoft && o.type === 'application')) return [];
    const keys = o.app_id ? [`app:${o.app_id.toLowerCase()}`] : [];
    if (o.type === 'service_principal') keys.push(`sp:${o.id.toLowerCase()}`);
    return keys;
  });
}

/** The users an alert names by object id (a UPN standing in for a missing id is left out). */
function userIds(a: Alert): string[] {
  return (a.objects ?? []).filter((o) => o.type === 'user' && !o.id.includes('@')).map((o) => o.id.toLowerCase());
}

function toIncident(group: AlertWithActors[], statuses: Map<string, Incident['status']>): Incident {
  const sorted = [...group].sort(
    (a, b) => a.alert.first_seen.localeCompare(b.alert.first_seen) || a.alert.id.localeCompare(b.alert.id),
  );
  const first = sorted[0]?.alert;
  const id = `inc-${sha256Hex(first?.id ?? '').slice(0, 10)}`;
  let entities = emptyEntities();
  const users = new Set<string>();
  const sps = new Set<string>();
  const tags = new Set<string>();
  let severity: Severity = 'informational';
  let top: Alert | undefined;
  for (const { alert, actors } of sorted) {
    entities = mergeEntities(entities, alert.entities);
    for (const u of actors.users) users.add(u);
    for (const s of actors.service_principals) sps.add(s);
    for (const t of alert.tags) tags.add(t);
    if (top === undefined || outranks(alert, top)) top = alert;
    if (severityRank(alert.severity) > severityRank(severity)) severity = alert.severity;
  }
  const actors = { users: [...users].sort(), service_principals: [...sps].sort() };
  const who = [...actors.users, ...actors.service_principals];
  const incident: Incident = {
    id,
    title: `${top?.title ?? 'Incident'}${who.length ? ` (${who.slice(0, 3).join(', ')}${who.length > 3 ? ', …' : ''})` : ''}`,
    status: statuses.get(id) ?? 'open',
    severity,
    first_seen: first?.first_seen ?? '',
    last_seen:
      sorted
        .map((g) => g.alert.last_seen)
        .sort()
        .at(-1) ?? '',
    alert_ids: sorted.map((g) => g.alert.id),
    entities,
    actors,
    objects: mergeObjects(...sorted.map((g) => g.alert.objects)),
    tags: [...tags].sort(),
    summary: '',
  };
  incident.summary = incidentSummary(
    incident,
    sorted.map((g) => g.alert),
  );
  return incident;
}

/**
 * Which alert names the incident: the most severe; among equals, one on a directory change, then a persistence or
 * privilege-escalation finding (the backdoor is what the responder must act on), then the earliest.
 */
function outranks(a: Alert, b: Alert): boolean {
  const d = severityRank(a.severity) - severityRank(b.severity);
  if (d !== 0) return d > 0;
  const change = (x: Alert) => x.evidence.some((e) => e.table === 'audits');
  if (change(a) !== change(b)) return change(a);
  const persists = (x: Alert) => x.tags.some((t) => t === 'attack.persistence' || t === 'attack.privilege-escalation');
  return persists(a) && !persists(b);
}

/** Statuses a responder recorded (`premortem incidents --set-status`); the table exists from migration 7. */
async function storedStatuses(ws: Workspace): Promise<Map<string, Incident['status']>> {
  const rows = await ws.all<{ id: string; status: Incident['status'] }>('SELECT id, status FROM incidents');
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Records a status for an incident (kept across re-detection: the id is derived from the earliest alert). */
export async function setIncidentStatus(ws: Workspace, id: string, status: Incident['status']): Promise<void> {
  await ws.run(
    `INSERT INTO incidents (id, status, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    [id, status],
  );
}
