import { toIsoUtc } from '../core/time.js';
import { type ObjectSource, objectsOfSources } from '../detect/record-objects.js';
import { sqlList } from '../store/sql-list.js';
import type { Param, Workspace } from '../store/workspace.js';
import { MAILBOX_CLIENT_APPS } from './footprint-classify.js';
import { failureOnlyAlerts, sprayEntry } from './spray-entry.js';
import { stageEvidence } from './timeline-evidence.js';
import { MAX_UIDS, type Timeline, type TimelineEntry } from './timeline-model.js';

interface AlertRow {
  id: string;
  rule_id: string;
  title: string;
  severity: string;
  first_seen: Date | null;
  last_seen: Date | null;
  entities: string;
  summary: string;
  event_count: bigint;
}

interface Entities {
  ips?: string[];
}

/** An event table, or the timeline's staged copy of its evidence records (timeline-evidence.ts). */
type ReadFrom = ReadonlyMap<string, string>;
const from = (t: ReadFrom, table: string) => t.get(table) ?? table;

async function alertActors(
  ws: Workspace,
  alertId: string,
  t: ReadFrom,
): Promise<{ users: string[]; servicePrincipals: string[] }> {
  // A table none of the alerts in scope has evidence in was not staged: its branches could only join nothing, so
  // they are left out rather than scanning the whole table for it.
  const branches: string[] = [];
  const signins = t.get('signins');
  if (signins !== undefined) {
    branches.push(`SELECT 'user' AS kind, s.user_principal_name AS name FROM alert_evidence e JOIN ${signins} s ON s.uid = e.uid
       WHERE e.alert_id = $1 AND e.table_name = 'signins' AND s.error_code = 0 AND s.user_principal_name IS NOT NULL`);
  }
  const audits = t.get('audits');
  if (audits !== undefined) {
    branches.push(`SELECT 'user' AS kind, a.initiator_upn AS name FROM alert_evidence e JOIN ${audits} a ON a.uid = e.uid
       WHERE e.alert_id = $1 AND e.table_name = 'audits' AND a.initiator_upn IS NOT NULL
     UNION SELECT 'sp', a.initiator_display_name FROM alert_evidence e JOIN ${audits} a ON a.uid = e.uid
       WHERE e.alert_id = $1 AND e.table_name = 'audits' AND a.initiator_type = 'app' AND a.initiator_display_name IS NOT NULL
     UNION SELECT 'sp', a.target_display_name FROM alert_evidence e JOIN ${audits} a ON a.uid = e.uid
       WHERE e.alert_id = $1 AND e.table_name = 'audits' AND a.target_type = 'ServicePrincipal' AND a.target_display_name IS NOT NULL
     UNION SELECT 'sp', a.target_id FROM alert_evidence e JOIN ${audits} a ON a.uid = e.uid
       WHERE e.alert_id = $1 AND e.table_name = 'audits' AND a.target_type = 'ServicePrincipal' AND a.target_id IS NOT NULL`);
  }
  const rows =
    branches.length === 0
      ? []
      : await ws.all<{ kind: string; name: string }>(branches.join('\n     UNION '), [alertId]);
  return {
    users: rows.filter((r) => r.kind === 'user').map((r) => r.name.toLowerCase()),
    servicePrincipals: rows.filter((r) => r.kind === 'sp').map((r) => r.name),
  };
}

const SOURCE = { signins: 'Sign-in logs', audits: 'Entra audit log', activities: 'Unified audit log' } as const;

/**
 * Builds the incident timeline from what the store holds: every alert, then what the identities they implicate
 * did afterwards (the seed-003 responders' "post-exploitation actions"), and the absence of a PIM activation
 * around a role assignment made outside PIM. Every line carries the record ids it stands on.
 */
export async function buildTimeline(ws: Workspace, options: { alertIds?: readonly string[] } = {}): Promise<Timeline> {
  const stored = await ws.all<AlertRow>(
    // Alerts folded into a campaign are told by the campaign alert (src/detect/campaigns.ts).
    `SELECT id, rule_id, title, severity, first_seen, last_seen, entities, summary, event_count FROM alerts
     WHERE id NOT IN (SELECT alert_id FROM alert_campaigns) ORDER BY first_seen NULLS LAST, id`,
  );
  const scope = options.alertIds;
  const alerts = scope === undefined ? stored : stored.filter((a) => scope.includes(a.id));
  const evidence = await stageEvidence(
    ws,
    alerts.map((a) => a.id),
  );
  try {
    return await timelineOf(ws, alerts, evidence.tables);
  } finally {
    await evidence.drop();
  }
}

async function timelineOf(ws: Workspace, alerts: readonly AlertRow[], t: ReadFrom): Promise<Timeline> {
  const entries: TimelineEntry[] = [];
  // Many spray alerts (one per address) become one line with the totals.
  const sprays = await failureOnlyAlerts(
    ws,
    alerts.map((a) => a.id),
    from(t, 'signins'),
  );
  const campaign = alerts.some((a) => sprays.has(a.id) && a.rule_id.startsWith('campaign:'));
  const folded = sprays.size > 1 || campaign ? sprays : new Set<string>();
  // Which records name each line's objects: an alert line its alert's evidence, the folded spray line every
  // folded alert's; activity lines fill theirs from all their records (not only the few they list).
  const objectSources = new Map<TimelineEntry, ObjectSource[]>();
  if (folded.size > 1 || campaign) {
    const severity = alerts.find((a) => folded.has(a.id))?.severity ?? 'high';
    const spray = await sprayEntry(ws, [...folded].sort(), severity, from(t, 'signins'));
    objectSources.set(
      spray,
      [...folded].map((alertId) => ({ key: '', alertId })),
    );
    entries.push(spray);
  }
  const users = new Set<string>();
  const sps = new Set<string>();
  const ips = new Set<string>();
  let since: Date | null = null;

  for (const a of alerts) {
    if (folded.has(a.id)) {
      for (const ip of (JSON.parse(a.entities) as Entities).ips ?? []) ips.add(ip);
      continue;
    }
    const ev = await alertEvidence(ws, a.id);
    entries.push({
      start: toIsoUtc(a.first_seen) ?? '',
      end: toIsoUtc(a.last_seen) ?? '',
      kind: 'alert',
      action: `${a.title}: ${a.summary}`,
      severity: a.severity,
      alertId: a.id,
      evidence: ev,
      objects: [],
    });
    const ent = JSON.parse(a.entities) as Entities;
    for (const ip of ent.ips ?? []) ips.add(ip);
    // Follow only identities the evidence shows acting for the attacker: accounts that signed in successfully,
    // and the initiators and service-principal targets of directory changes. Everyone an alert merely names
    // (e.g. the hundreds of accounts a spray failed against) is not followed.
    const actors = await alertActors(ws, a.id, t);
    for (const u of actors.users) users.add(u);
    for (const sp of actors.servicePrincipals) sps.add(sp);
    if (
      (actors.users.length > 0 || actors.servicePrincipals.length > 0) &&
      a.first_seen &&
      (since === null || a.first_seen < since)
    ) {
      since = a.first_seen;
    }
    if (ev.table === 'audits') entries.push(...(await pimAbsence(ws, a.id, from(t, 'audits'))));
  }

  if (since !== null) {
    const covered = new Set((await ws.all<{ uid: string }>('SELECT uid FROM alert_evidence')).map((r) => r.uid));
    entries.push(...(await followAudits(ws, since, [...users], [...sps], [...ips], covered)));
    // Accounts whose password a followed identity reset, and accounts it created or gave a role, are the
    // attacker's too from then on.
    for (const u of await resetTargets(ws, since, [...users], [...sps])) users.add(u);
    entries.push(...(await followSignins(ws, since, [...users], [...sps], [...ips], covered)));
  }
  await attachObjects(ws, entries, objectSources, t);
  // Ties are broken on every field so the same store always gives the same timeline (golden tests rely on it).
  entries.sort(
    (x, y) =>
      x.start.localeCompare(y.start) ||
      x.kind.localeCompare(y.kind) ||
      x.action.localeCompare(y.action) ||
      x.end.localeCompare(y.end),
  );
  return {
    entries,
    followed: {
      users: [...users].sort(),
      servicePrincipals: [...sps].sort(),
      ips: [...ips].sort(),
      since: toIsoUtc(since),
    },
  };
}

/** Activity lines' objects, from every record of each line. */
async function withObjects(ws: Workspace, lines: TimelineEntry[], uids: string[][]): Promise<TimelineEntry[]> {
  const sources = lines.flatMap((l, i) =>
    (uids[i] ?? []).map((uid): ObjectSource => ({ key: String(i), table: l.evidence.table, uid })),
  );
  const objects = await objectsOfSources(ws, sources);
  lines.forEach((l, i) => {
    l.objects = objects.get(String(i)) ?? [];
  });
  return lines;
}

/**
 * Fills the alert lines' objects from their evidence (one query for the whole timeline, over the staged evidence
 * records). Activity and absence lines already have theirs, from every record behind them (withObjects,
 * pimAbsence): their records are not evidence, so they are not staged.
 */
async function attachObjects(
  ws: Workspace,
  entries: TimelineEntry[],
  given: Map<TimelineEntry, ObjectSource[]>,
  t: ReadFrom,
): Promise<void> {
  const sources: ObjectSource[] = [];
  entries.forEach((e, i) => {
    const key = String(i);
    const own = given.get(e);
    if (own) sources.push(...own.map((s) => ({ ...s, key })));
    else if (e.alertId !== undefined) sources.push({ key, alertId: e.alertId });
  });
  const objects = await objectsOfSources(ws, sources, t);
  entries.forEach((e, i) => {
    const found = objects.get(String(i));
    if (found && e.objects.length === 0) e.objects = found;
  });
}

async function alertEvidence(ws: Workspace, alertId: string): Promise<TimelineEntry['evidence']> {
  const rows = await ws.all<{ uid: string; table_name: string; n: bigint }>(
    `SELECT uid, table_name, count(*) OVER () AS n FROM alert_evidence WHERE alert_id = $1
     ORDER BY event_time NULLS LAST, uid LIMIT ${MAX_UIDS}`,
    [alertId],
  );
  const first = rows[0]?.table_name;
  // The table of the records listed (the alert's earliest ones); an alert over UAL records cites the UAL.
  const table = first === 'audits' || first === 'activities' ? first : 'signins';
  const tables = (
    await ws.all<{ table_name: string }>('SELECT DISTINCT table_name FROM alert_evidence WHERE alert_id = $1', [
      alertId,
    ])
  ).map((t) => t.table_name);
  const microsoft = tables.some((t) => t === 'ms_alerts' || t === 'ms_alert_evidence');
  const order = Object.keys(SOURCE) as (keyof typeof SOURCE)[];
  const source = microsoft
    ? "Microsoft's alerts"
    : tables.length > 1
      ? order
          .filter((t) => tables.includes(t))
          .map((t) => SOURCE[t])
          .join(' and ')
      : SOURCE[table];
  return { source, table, count: Number(rows[0]?.n ?? 0), uids: rows.map((r) => r.uid) };
}

/** The seed's "PIM bypass confirmed": no PIM activation for the assigned principal on the day of the assignment. */
async function pimAbsence(ws: Workspace, alertId: string, audits: string): Promise<TimelineEntry[]> {
  const roles = await ws.all<{
    uid: string;
    target_id: string;
    target_display_name: string;
    role_name: string;
    at: Date;
  }>(
    `SELECT a.uid, a.target_id, a.target_display_name, a.role_name, a.activity_at AS at
     FROM alert_evidence e JOIN ${audits} a ON a.uid = e.uid AND e.table_name = 'audits'
     WHERE e.alert_id = $1 AND a.activity_key LIKE 'add member to role%' AND a.activity_at IS NOT NULL`,
    [alertId],
  );
  const out: TimelineEntry[] = [];
  for (const r of roles) {
    const pim = Number(
      await ws.scalar(
        `SELECT count(*) FROM audits WHERE logged_by_service = 'PIM' AND activity_key LIKE '%(pim activation)%'
         AND target_id = $1 AND activity_at BETWEEN $2::TIMESTAMPTZ - INTERVAL 1 DAY AND $2::TIMESTAMPTZ + INTERVAL 1 DAY`,
        [r.target_id, r.at.toISOString()],
      ),
    );
    if (pim > 0) continue;
    const day = r.at.toISOString().slice(0, 10);
    out.push({
      start: r.at.toISOString(),
      end: r.at.toISOString(),
      kind: 'absence',
      action: `PIM bypass confirmed: the PIM audit log shows no role activation for ${r.target_display_name ?? r.target_id} within a day of the ${r.role_name ?? 'role'} assignment on ${day}`,
      evidence: { source: 'PIM audit log', table: 'audits', count: 0, uids: [] },
      // The assignment whose activation is missing names the objects: the service principal and the role.
      objects:
        (await objectsOfSources(ws, [{ key: 'a', table: 'audits', uid: r.uid }], new Map([['audits', audits]]))).get(
          'a',
        ) ?? [],
    });
  }
  return out;
}

async function resetTargets(ws: Workspace, since: Date, users: string[], sps: string[]): Promise<string[]> {
  const params: string[] = [since.toISOString()];
  const rows = await ws.all<{ upn: string }>(
    `SELECT DISTINCT target_upn AS upn FROM (${initiatedBy(params, users, sps, 'uid, target_upn, result, activity_key', 'activity_at >= $1::TIMESTAMPTZ')})
     WHERE result = 'success' AND target_upn IS NOT NULL
       AND (activity_key LIKE '%password%' OR activity_key IN ('add user', 'invite external user', 'add member to role'))`,
    params,
  );
  return rows.map((r) => r.upn);
}

/** Appends each name to `params` and returns their placeholders, for an IN list. */
function inList(params: Param[], names: readonly string[]): string {
  return names
    .map((n) => {
      params.push(n);
      return `$${params.length}`;
    })
    .join(', ');
}

/**
 * The audits initiated by the followed users (by UPN) or service principals (by display name or object id), as a
 * UNION of one branch per initiator column with the names as an IN list: the scan filters on each column and skips
 * row groups whose min/max cannot hold the names (an OR across columns, or list_contains, reads every row).
 */
function initiatedBy(params: Param[], users: string[], sps: string[], columns: string, where: string): string {
  const branches: string[] = [];
  const branch = (column: string, names: string[]) =>
    branches.push(`SELECT ${columns} FROM audits WHERE ${where} AND ${column} IN (${inList(params, names)})`);
  if (users.length > 0) branch('initiator_upn', users);
  if (sps.length > 0) {
    branch('initiator_display_name', sps);
    branch('initiator_sp_id', sps);
  }
  // UNION keeps an audit that two branches find once (the uid is among the columns).
  return branches.length === 0 ? `SELECT ${columns} FROM audits WHERE false` : branches.join(' UNION ');
}

async function followAudits(
  ws: Workspace,
  since: Date,
  users: string[],
  sps: string[],
  ips: string[],
  covered: Set<string>,
): Promise<TimelineEntry[]> {
  if (users.length === 0 && sps.length === 0) return [];
  const params: Param[] = [since.toISOString(), sqlList(ips)];
  const rows = await ws.all<{
    day: string;
    activity: string;
    initiator: string;
    initiator_type: string;
    first: Date;
    last: Date;
    uids: string[];
    targets: string[];
    results: string[];
  }>(
    `SELECT strftime(activity_at, '%Y-%m-%d') AS day, any_value(activity) AS activity,
            coalesce(initiator_upn, initiator_display_name) AS initiator, any_value(initiator_type) AS initiator_type,
            min(activity_at) AS first, max(activity_at) AS last, list(uid ORDER BY activity_at, uid) AS uids,
            list(DISTINCT coalesce(target_upn, target_display_name, target_id) ORDER BY coalesce(target_upn, target_display_name, target_id)) AS targets, list(result ORDER BY result) AS results
     FROM (${initiatedBy(
       params,
       users,
       sps,
       `uid, activity_at, activity, activity_key, initiator_upn, initiator_display_name, initiator_type,
        target_upn, target_display_name, target_id, result`,
       // A compromised admin keeps working from the office: only changes from an attacker address, or with no
       // address (an application acting with its own credential), are the attacker's.
       'activity_at >= $1::TIMESTAMPTZ AND (initiator_ip IS NULL OR list_contains($2::VARCHAR[], initiator_ip))',
     )})
     GROUP BY day, activity_key, initiator
     ORDER BY first`,
    params,
  );
  const out: TimelineEntry[] = [];
  const lineUids: string[][] = [];
  for (const r of rows) {
    const uids = r.uids.filter((u) => !covered.has(u));
    if (uids.length === 0) continue;
    const tally = countBy(r.results.map((x) => x ?? 'unknown'));
    const by = `${r.initiator}${r.initiator_type === 'app' ? ' (application)' : ''}`;
    out.push({
      start: r.first.toISOString(),
      end: r.last.toISOString(),
      kind: 'activity',
      action: `${r.activity.trim()} ×${uids.length} by ${by}${r.targets.length ? ` on ${list(r.targets)}` : ''} (${tally})`,
      evidence: { source: SOURCE.audits, table: 'audits', count: uids.length, uids: uids.slice(0, MAX_UIDS) },
      objects: [],
    });
    lineUids.push(uids);
  }
  return withObjects(ws, out, lineUids);
}

async function followSignins(
  ws: Workspace,
  since: Date,
  users: string[],
  sps: string[],
  ips: string[],
  covered: Set<string>,
): Promise<TimelineEntry[]> {
  if (users.length === 0 && sps.length === 0) return [];
  // The followed identities' sign-ins from the attacker's addresses, and any sign-in of a followed service
  // principal (it should not be signing in at all if it is a backdoor). Each kind is its own branch with the names
  // as an IN list, so the scan takes them as filters and reads only the row groups of the lake's month files that
  // can hold them (sign-ins are clustered by account: store/lake.ts); UNION keeps a row both branches find once.
  const params: string[] = [since.toISOString()];
  const branches: string[] = [];
  const columns = `uid, created_at, user_principal_name, service_principal_name, client_app, resource_display_name,
    app_display_name, ip_address, error_code, device_os, device_name`;
  if (users.length > 0 && ips.length > 0) {
    branches.push(`SELECT ${columns} FROM signins WHERE created_at >= $1::TIMESTAMPTZ
      AND user_principal_name IN (${inList(params, users)}) AND ip_address IN (${inList(params, ips)})`);
  }
  if (sps.length > 0) {
    const names = inList(params, sps);
    branches.push(`SELECT ${columns} FROM signins WHERE created_at >= $1::TIMESTAMPTZ
      AND (service_principal_name IN (${names}) OR service_principal_id IN (${names}))`);
  }
  if (branches.length === 0) return [];
  const rows = await ws.all<{
    day: string;
    who: string;
    client_app: string | null;
    app: string | null;
    ip: string;
    ok: boolean;
    first: Date;
    last: Date;
    uids: string[];
    devices: string[];
  }>(
    `SELECT strftime(created_at, '%Y-%m-%d') AS day, coalesce(user_principal_name, service_principal_name) AS who,
            client_app, any_value(coalesce(resource_display_name, app_display_name)) AS app, ip_address AS ip, error_code = 0 AS ok,
            min(created_at) AS first, max(created_at) AS last, list(uid ORDER BY created_at, uid) AS uids,
            list(DISTINCT coalesce(device_os, '') || CASE WHEN device_name IS NOT NULL THEN ' ' || device_name ELSE '' END
              ORDER BY coalesce(device_os, '') || CASE WHEN device_name IS NOT NULL THEN ' ' || device_name ELSE '' END) AS devices
     FROM (${branches.join(' UNION ')})
     GROUP BY day, who, client_app, ip_address, ok
     ORDER BY first`,
    params,
  );
  const out: TimelineEntry[] = [];
  const lineUids: string[][] = [];
  for (const r of rows) {
    const uids = r.uids.filter((u) => !covered.has(u));
    if (uids.length === 0) continue;
    const mailbox = r.client_app !== null && MAILBOX_CLIENT_APPS.includes(r.client_app.toLowerCase());
    const what = mailbox
      ? `Mailbox access over ${r.client_app}`
      : r.client_app === null
        ? `Service principal sign-in${r.app ? ` to ${r.app}` : ''}`
        : `Sign-in via ${r.client_app}${r.app ? ` to ${r.app}` : ''}`;
    const devices = r.devices.map((d) => d.trim()).filter((d) => d !== '');
    out.push({
      start: r.first.toISOString(),
      end: r.last.toISOString(),
      kind: 'activity',
      action: `${what} by ${r.who} from ${r.ip}: ${uids.length} ${r.ok ? 'successful' : 'failed'}${devices.length ? `, device ${list(devices)}` : ''}`,
      evidence: { source: SOURCE.signins, table: 'signins', count: uids.length, uids: uids.slice(0, MAX_UIDS) },
      objects: [],
    });
    lineUids.push(uids);
  }
  return withObjects(ws, out, lineUids);
}

function countBy(values: string[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

function list(items: string[], max = 4): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
