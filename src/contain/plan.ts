/**
 * From an incident to the actions that end it. Every action stands on the incident's evidence: the accounts and
 * service principals the records show acting for the attacker (the incident's actors), the accounts whose passwords
 * they reset, the roles and credentials the alerts name on those principals, the addresses the alerts name, and a
 * report-only legacy-authentication block when the attacker got in over a legacy protocol. Ids of role assignments,
 * named locations and policies come from the newest configuration snapshot; what cannot be resolved is a note,
 * never a guess.
 */
import { PremortemError } from '../core/errors.js';
import type { ObjectRef } from '../core/objects.js';
import type { Alert } from '../detect/alert.js';
import { listAlerts } from '../detect/list-alerts.js';
import { actorsOfAlerts } from '../investigate/alert-actors.js';
import { buildIncidents } from '../investigate/incidents.js';
import { rolloutImpact } from '../posture/impact.js';
import type { GraphObject } from '../snapshot/graph-object.js';
import { latestSnapshot, snapshotObjects } from '../snapshot/stored-objects.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import { ACTION_KIND_SPECS } from './action-kinds.js';
import {
  ACTION_KINDS,
  type ActionKind,
  type ActionParams,
  type ContainAction,
  type ContainmentPlan,
  type ManualStep,
} from './model.js';
import { mailboxChanges, psQuote } from './plan-mail.js';

/** An alert naming more objects than this names the targets of an attempt (a spray list), not what acted. */
const FOCUSED_ALERT_MAX_OBJECTS = 20;
const EVIDENCE_PER_ACTION = 8;

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const isId = (o: ObjectRef) => o.id.toLowerCase() !== (o.upn ?? '').toLowerCase();

/** Builds the action with its request and permission from its kind's spec. */
function action(
  kind: ActionKind,
  key: string,
  targets: readonly ObjectRef[],
  reason: string,
  evidence: readonly string[],
  params: ActionParams,
): ContainAction {
  const spec = ACTION_KIND_SPECS[kind];
  return {
    id: `${kind}:${key}`,
    kind,
    targets,
    reason,
    evidence: [...new Set(evidence)].slice(0, EVIDENCE_PER_ACTION),
    request: spec.request(params),
    permission: spec.permission,
    also_accepted: spec.alsoAccepted,
    params,
    undoable: spec.undo !== undefined,
  };
}

interface Snapshot {
  id: string | null;
  of(resource: string): Promise<GraphObject[]>;
}

async function openSnapshot(ws: Workspace): Promise<Snapshot> {
  const ref = await latestSnapshot(ws);
  const cache = new Map<string, GraphObject[]>();
  return {
    id: ref?.snapshotId ?? null,
    async of(resource) {
      if (!ref) return [];
      const have = cache.get(resource);
      if (have) return have;
      const objs = await snapshotObjects(ws, ref.snapshotId, resource);
      cache.set(resource, objs);
      return objs;
    },
  };
}

/** The plan for one incident; a usage error when the store has no such incident. */
export async function buildContainmentPlan(ws: Workspace, incidentId: string): Promise<ContainmentPlan> {
  const incident = (await buildIncidents(ws)).find((i) => i.id === incidentId);
  if (!incident) {
    throw new PremortemError('usage', `no incident ${incidentId} in this workspace`, {
      hint: 'premortem incidents lists them',
    });
  }
  const alerts = await listAlerts(ws, incident.alert_ids);
  const actorsByAlert = await actorsOfAlerts(
    ws,
    alerts.map((a) => a.id),
  );
  const snap = await openSnapshot(ws);
  const notes: string[] = [];
  const actions: ContainAction[] = [];
  const focused = alerts.filter((a) => a.objects.length <= FOCUSED_ALERT_MAX_OBJECTS);
  const uidsOf = (as: readonly Alert[], per = 3) => as.flatMap((a) => a.evidence.slice(0, per).map((e) => e.uid));

  // The principals acting for the attacker, by id.
  const userObjects = new Map<string, ObjectRef>();
  const spObjects = new Map<string, ObjectRef>();
  for (const a of alerts)
    for (const o of a.objects) {
      if (o.type === 'user' && o.upn && isId(o) && !userObjects.has(o.upn)) userObjects.set(o.upn, o);
      if (o.type === 'service_principal' && o.name && !spObjects.has(`${o.name}\u0000${o.id}`))
        spObjects.set(`${o.name}\u0000${o.id}`, o);
    }
  const actorAlerts = (kind: 'users' | 'service_principals', name: string) =>
    focused.filter((a) => actorsByAlert.get(a.id)?.[kind].includes(kind === 'users' ? name.toLowerCase() : name));

  const users: { ref: ObjectRef; alerts: Alert[] }[] = [];
  for (const upn of incident.actors.users) {
    const ref = userObjects.get(upn.toLowerCase());
    if (ref) users.push({ ref, alerts: actorAlerts('users', upn) });
    else notes.push(`${upn} acted for the attacker but no record names its object id: find it before acting on it`);
  }
  const sps: { ref: ObjectRef; alerts: Alert[] }[] = [];
  for (const name of incident.actors.service_principals) {
    const refs = [...spObjects.values()].filter((o) => o.name === name);
    if (refs.length === 0) notes.push(`service principal ${name} acted for the attacker but no record names its id`);
    for (const ref of refs) sps.push({ ref, alerts: actorAlerts('service_principals', name) });
  }

  // Service principals first: one holding Global Administrator could undo everything else.
  const spList = await snap.of('servicePrincipals');
  const appList = await snap.of('applications');
  for (const { ref, alerts: spAlerts } of sps) {
    const spObj = spList.find((o) => lower(o.id) === ref.id.toLowerCase());
    const appObj = appList.find((o) => ref.app_id !== undefined && lower(o.appId) === ref.app_id.toLowerCase());
    for (const a of focused.filter((x) => x.objects.some((o) => o.type === ref.type && o.id === ref.id)))
      for (const cred of a.objects.filter((o) => o.type === 'credential')) {
        const keyId = cred.key_id ?? cred.id;
        const holds = (o: GraphObject | undefined, field: string) =>
          Array.isArray(o?.[field]) && (o[field] as GraphObject[]).some((c) => lower(c.keyId) === keyId.toLowerCase());
        if (holds(spObj, 'keyCredentials') || holds(appObj, 'keyCredentials')) {
          notes.push(
            `certificate ${keyId} on ${ref.name ?? ref.id}: Graph removes a certificate only with a proof of possession or by rewriting keyCredentials; remove it in the portal`,
          );
          continue;
        }
        const onApp = !holds(spObj, 'passwordCredentials') && holds(appObj, 'passwordCredentials');
        const owner = onApp ? 'applications' : 'servicePrincipals';
        const ownerId = onApp ? String(appObj?.id) : ref.id;
        actions.push(
          action(
            'remove-credential',
            keyId,
            [ref, cred],
            `a secret (keyId ${keyId}) was added to ${ref.name ?? ref.id} during the incident ("${a.title}"); whoever holds it signs in as the service principal`,
            uidsOf([a]),
            { owner, owner_id: ownerId, key_id: keyId },
          ),
        );
      }
    actions.push(
      action(
        'disable-service-principal',
        ref.id,
        [ref],
        `${ref.name ?? ref.id} acted for the attacker (${spAlerts.map((a) => a.title).join('; ') || 'named by the incident'})`,
        uidsOf(spAlerts),
        { sp_id: ref.id },
      ),
    );
  }

  // Roles the alerts name on an acting principal, removed by the assignment's own id.
  const assignments = await snap.of('roleAssignments');
  const eligibilities = await snap.of('roleEligibilitySchedules');
  const principals = [...sps.map((s) => s.ref), ...users.map((u) => u.ref)];
  for (const a of focused)
    for (const role of a.objects.filter((o) => o.type === 'role'))
      for (const p of principals.filter((x) => a.objects.some((o) => o.type === x.type && o.id === x.id))) {
        const match = (o: GraphObject) =>
          lower(o.principalId) === p.id.toLowerCase() && lower(o.roleDefinitionId) === role.id.toLowerCase();
        for (const asg of assignments.filter(match)) {
          const id = String(asg.id);
          if (actions.some((x) => x.id === `remove-role-assignment:${id}`)) continue;
          actions.push(
            action(
              'remove-role-assignment',
              id,
              [p, role],
              `${p.name ?? p.id} holds ${role.name ?? role.id} through assignment ${id}, made during the incident ("${a.title}")`,
              uidsOf([a]),
              { assignment_id: id, principal_id: p.id, role_id: role.id, scope: String(asg.directoryScopeId ?? '/') },
            ),
          );
        }
        for (const el of eligibilities.filter(match)) {
          const key = `${p.id}:${role.id}`;
          if (actions.some((x) => x.id === `remove-role-eligibility:${key}`)) continue;
          actions.push(
            action(
              'remove-role-eligibility',
              key,
              [p, role],
              `${p.name ?? p.id} is eligible for ${role.name ?? role.id} in PIM (schedule ${String(el.id)}); the alert "${a.title}" names both`,
              uidsOf([a]),
              {
                principal_id: p.id,
                role_id: role.id,
                scope: String(el.directoryScopeId ?? '/'),
                justification: `premortem containment of ${incident.id}`,
              },
            ),
          );
        }
        if (snap.id === null)
          notes.push(
            `${p.name ?? p.id} was given ${role.name ?? role.id}: import or collect a configuration snapshot to find the assignment id`,
          );
      }

  // Delegated grants held by an acting service principal.
  for (const g of await snap.of('oauth2PermissionGrants'))
    for (const { ref, alerts: spAlerts } of sps.filter((s) => lower(g.clientId) === s.ref.id.toLowerCase()))
      actions.push(
        action(
          'remove-oauth-grant',
          String(g.id),
          [ref],
          `${ref.name ?? ref.id} holds delegated permissions "${String(g.scope ?? '')}" (grant ${String(g.id)}) and acted for the attacker`,
          uidsOf(spAlerts),
          { grant_id: String(g.id) },
        ),
      );

  // Accounts: the ones acting for the attacker are disabled; theirs and the reset ones' sessions revoked and
  // passwords changed at the next sign-in.
  for (const { ref, alerts: ua } of users) {
    const why = ua.map((a) => a.title).join('; ') || 'named by the incident';
    const ev = uidsOf(ua);
    const label = ref.upn ?? ref.id;
    actions.push(
      action('disable-user', ref.id, [ref], `${label} acted for the attacker (${why})`, ev, { user_id: ref.id }),
    );
    actions.push(
      action(
        'revoke-sessions',
        ref.id,
        [ref],
        `${label} acted for the attacker: its refresh tokens outlive a disable`,
        ev,
        {
          user_id: ref.id,
        },
      ),
    );
    actions.push(
      action('force-password-change', ref.id, [ref], `${label}'s password is known to the attacker`, ev, {
        user_id: ref.id,
      }),
    );
  }
  for (const r of await resetTargets(ws, incident.alert_ids, principals)) {
    if (users.some((u) => u.ref.id.toLowerCase() === r.ref.id.toLowerCase())) continue;
    const label = r.ref.upn ?? r.ref.id;
    const why = `${r.by} reset the password of ${label} during the incident`;
    actions.push(
      action('revoke-sessions', r.ref.id, [r.ref], `${why}: sessions it opened since must end`, r.uids, {
        user_id: r.ref.id,
      }),
    );
    actions.push(
      action('force-password-change', r.ref.id, [r.ref], `${why}: the attacker knows the new password`, r.uids, {
        user_id: r.ref.id,
      }),
    );
  }

  const manual = await mailboxActions(ws, incident.alert_ids, userObjects, snap, actions, notes);

  actions.push(...(await addressActions(incident.id, incident.entities.ips, alerts, snap, notes)));
  const legacy = await legacyBlockAction(ws, alerts, snap);
  if (legacy) actions.push(legacy);

  const order = (k: ActionKind) => ACTION_KINDS.indexOf(k);
  const sorted = actions.sort((a, b) => order(a.kind) - order(b.kind) || a.id.localeCompare(b.id));
  return { incident: incident.id, title: incident.title, snapshot: snap.id, actions: sorted, notes, manual };
}

/**
 * Inbox rules that forward, redirect or delete mail are removed through Graph (matched at execution by what the log
 * recorded); forwarding set on the mailbox (Set-Mailbox) is a manual step: Graph's mailboxSettings has no forwarding
 * property, so it is cleared in Exchange Online PowerShell with the exact command.
 */
async function mailboxActions(
  ws: Workspace,
  alertIds: readonly string[],
  userObjects: ReadonlyMap<string, ObjectRef>,
  snap: Snapshot,
  actions: ContainAction[],
  notes: string[],
): Promise<ManualStep[]> {
  const directory = await snap.of('users');
  const userOf = (identity: string): ObjectRef | undefined => {
    const k = identity.toLowerCase().replace(/^smtp:/, '');
    const o = directory.find((u) => lower(u.userPrincipalName) === k || lower(u.mail) === k);
    if (o && typeof o.id === 'string') {
      const upn = lower(o.userPrincipalName);
      return {
        type: 'user',
        id: o.id,
        name: typeof o.displayName === 'string' ? o.displayName : null,
        ...(upn ? { upn } : {}),
      };
    }
    return userObjects.get(k);
  };
  const mail = await mailboxChanges(ws, alertIds, userOf);
  notes.push(...mail.unresolved);
  for (const r of mail.rules) {
    const label = r.user.upn ?? r.user.id;
    const does = [
      ...(r.forwardTo.length ? [`forwards to ${r.forwardTo.join(', ')}`] : []),
      ...(r.redirectTo.length ? [`redirects to ${r.redirectTo.join(', ')}`] : []),
      ...(r.forwardAsAttachmentTo.length ? [`forwards as attachment to ${r.forwardAsAttachmentTo.join(', ')}`] : []),
      ...(r.deletes ? ['deletes mail'] : []),
    ].join(' and ');
    actions.push(
      action(
        'remove-inbox-rule',
        `${r.user.id}:${r.key}`,
        [r.user],
        `the inbox rule ${r.name ? `"${r.name}"` : '(unnamed)'} on ${label}'s mailbox ${does} (${r.operation}); the audit log does not carry its Graph id, so the mailbox's rules are listed when this runs and the one with that name and those addresses is deleted by its id`,
        r.uids,
        {
          user_id: r.user.id,
          rule_name: r.name,
          forward_to: r.forwardTo,
          redirect_to: r.redirectTo,
          forward_as_attachment_to: r.forwardAsAttachmentTo,
          delete: r.deletes,
        },
      ),
    );
  }
  return mail.forwardings.map((f) => {
    const identity = psQuote(f.user.upn ?? f.user.id);
    return {
      id: `clear-forwarding:${f.user.id}`,
      targets: [f.user],
      reason: `forwarding of every message of ${f.user.upn ?? f.user.id}'s mailbox to ${f.to} was set with Set-Mailbox; Microsoft Graph cannot change a mailbox's forwarding (mailboxSettings has no such property), so --execute does not send it`,
      evidence: [...f.uids],
      where: 'Exchange Online PowerShell (Connect-ExchangeOnline as an Exchange Administrator)',
      command: `Set-Mailbox -Identity ${identity} -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false`,
      verify: `Get-Mailbox -Identity ${identity} | Format-List ForwardingSmtpAddress,ForwardingAddress,DeliverToMailboxAndForward`,
    };
  });
}

/** Accounts whose passwords an acting principal reset, from the incident's audit evidence. */
async function resetTargets(
  ws: Workspace,
  alertIds: readonly string[],
  principals: readonly ObjectRef[],
): Promise<{ ref: ObjectRef; by: string; uids: string[] }[]> {
  const ids = principals.map((p) => p.id.toLowerCase());
  if (ids.length === 0) return [];
  const rows = await ws.all<{ target_id: string; target_upn: string | null; by: string; uids: string[] }>(
    `SELECT a.target_id, any_value(a.target_upn) AS target_upn,
            any_value(coalesce(a.initiator_display_name, a.initiator_upn, a.initiator_sp_id, a.initiator_user_id)) AS by,
            list(DISTINCT a.uid ORDER BY a.uid) AS uids
     FROM audits a JOIN alert_evidence ev ON ev.uid = a.uid AND ev.table_name = 'audits'
     WHERE list_contains($1::VARCHAR[], ev.alert_id) AND a.target_type = 'User' AND a.target_id IS NOT NULL
       AND lower(a.activity) LIKE '%reset%password%'
       AND (list_contains($2::VARCHAR[], lower(a.initiator_sp_id)) OR list_contains($2::VARCHAR[], lower(a.initiator_user_id)))
     GROUP BY a.target_id ORDER BY a.target_id`,
    [sqlList(alertIds), sqlList(ids)],
  );
  return rows.map((r) => ({
    ref: { type: 'user', id: r.target_id, name: r.target_upn, ...(r.target_upn ? { upn: r.target_upn } : {}) },
    by: r.by,
    uids: [...r.uids],
  }));
}

const cidrOf = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);

/** The attacker's addresses into a named location a Conditional Access policy blocks (made when none exists). */
async function addressActions(
  incidentId: string,
  ips: readonly string[],
  alerts: readonly Alert[],
  snap: Snapshot,
  notes: string[],
): Promise<ContainAction[]> {
  if (ips.length === 0) return [];
  const locations = await snap.of('namedLocations');
  const policies = await snap.of('conditionalAccessPolicies');
  const trustedRanges = locations
    .filter((l) => l.isTrusted === true)
    .flatMap((l) => (Array.isArray(l.ipRanges) ? (l.ipRanges as GraphObject[]).map((r) => lower(r.cidrAddress)) : []));
  const wanted = ips.filter((ip) => {
    if (trustedRanges.includes(cidrOf(ip).toLowerCase())) {
      notes.push(`${ip} is in a trusted named location: not blocked (review the location)`);
      return false;
    }
    return true;
  });
  if (wanted.length === 0) return [];
  const ipRefs: ObjectRef[] = wanted.map((ip) => ({ type: 'ip', id: ip, name: ip }));
  const evidence = wanted.flatMap((ip) =>
    alerts
      .filter((a) => a.objects.some((o) => o.type === 'ip' && o.id === ip))
      .flatMap((a) => a.evidence.slice(0, 1).map((e) => e.uid)),
  );
  const blocking = locations.find(
    (l) =>
      l.isTrusted !== true &&
      Array.isArray(l.ipRanges) &&
      policies.some(
        (p) =>
          p.state === 'enabled' &&
          ((p.grantControls as GraphObject | null)?.builtInControls as unknown[] | undefined)?.includes('block') &&
          (
            ((p.conditions as GraphObject | null)?.locations as GraphObject | null)?.includeLocations as
              | unknown[]
              | undefined
          )?.includes(l.id),
      ),
  );
  const ranges = wanted.map(cidrOf);
  const list = `${wanted.length} address${wanted.length === 1 ? '' : 'es'} (${wanted.join(', ')})`;
  if (blocking) {
    const previous = (blocking.ipRanges as GraphObject[]).map((r) => String(r.cidrAddress));
    const missing = ranges.filter((r) => !previous.map((x) => x.toLowerCase()).includes(r.toLowerCase()));
    if (missing.length === 0) return [];
    return [
      action(
        'block-addresses',
        String(blocking.id),
        [{ type: 'policy', id: String(blocking.id), name: String(blocking.displayName ?? '') || null }, ...ipRefs],
        `the attacker used ${list}; "${String(blocking.displayName ?? blocking.id)}" is blocked by an enabled policy`,
        evidence,
        { location_id: String(blocking.id), previous, ranges: missing },
      ),
    ];
  }
  const create = action(
    'create-blocked-location',
    incidentId,
    ipRefs,
    `the attacker used ${list} and no named location is blocked by an enabled policy`,
    evidence,
    { display_name: `premortem ${incidentId}: attacker addresses`, ranges },
  );
  return [
    create,
    action(
      'create-block-policy',
      incidentId,
      ipRefs,
      `blocks every sign-in from the location "${String(create.params.display_name)}"`,
      evidence,
      { display_name: `premortem ${incidentId}: block attacker addresses`, location_action: create.id },
    ),
  ];
}

/** A legacy-authentication block left in report-only, switched on when the attacker came in over legacy auth. */
async function legacyBlockAction(
  ws: Workspace,
  alerts: readonly Alert[],
  snap: Snapshot,
): Promise<ContainAction | undefined> {
  const uids = alerts.flatMap((a) => a.evidence.filter((e) => e.table === 'signins').map((e) => e.uid));
  if (uids.length === 0) return undefined;
  const legacy = await ws.all<{ uid: string }>(
    `SELECT uid FROM signins WHERE list_contains($1::VARCHAR[], uid) AND is_legacy_auth AND error_code = 0
     ORDER BY created_at, uid LIMIT ${EVIDENCE_PER_ACTION}`,
    [sqlList([...new Set(uids)])],
  );
  if (legacy.length === 0) return undefined;
  const policy = (await snap.of('conditionalAccessPolicies')).find((p) => {
    const c = p.conditions as GraphObject | null;
    const types = (c?.clientAppTypes as unknown[] | undefined) ?? [];
    const block = ((p.grantControls as GraphObject | null)?.builtInControls as unknown[] | undefined)?.includes(
      'block',
    );
    return block && p.state !== 'enabled' && (types.includes('exchangeActiveSync') || types.includes('other'));
  });
  if (!policy) return undefined;
  const impact = await rolloutImpact(ws, 'block-legacy-auth', 30);
  const id = String(policy.id);
  const name = String(policy.displayName ?? id);
  return action(
    'enable-policy',
    id,
    [{ type: 'policy', id, name }],
    `the attacker signed in over a legacy protocol while "${name}" was ${String(policy.state)}; switched on it would have blocked ${impact.totals.signIns} sign-ins by ${impact.totals.users} users on ${impact.totals.devices} devices in the last ${impact.window.days} days (premortem impact --policy block-legacy-auth names them)`,
    legacy.map((r) => r.uid),
    { policy_id: id, previous_state: String(policy.state) },
  );
}
