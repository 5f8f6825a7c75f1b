import { mergeObjects, type ObjectRef } from '../core/objects.js';
import { toIsoUtc } from '../core/time.js';
import { objectsOfSources } from '../detect/record-objects.js';
import type { Workspace } from '../store/workspace.js';
import { activityCategory, auditCategory, elevates, MAILBOX_CLIENT_APPS } from './footprint-classify.js';
import { groupActivities, groupAudits, groupSignins, signinActions } from './footprint-group.js';
import type { Footprint, FootprintAction, FootprintIdentity, FootprintSubject } from './footprint-model.js';
import { activitiesOf, auditsBy, auditsOn, signinsOf } from './footprint-queries.js';
import { alertIps, firstSuspicious, resolveServicePrincipal } from './footprint-start.js';

/** More than this many followed identities means the subject is an ordinary admin, not an attacker: stop there. */
const MAX_IDENTITIES = 40;

/** Options of `premortem investigate`. */
export interface FootprintOptions {
  /** Start here instead of at the first alert naming the subject (ISO 8601). */
  since?: string;
}

/**
 * The attacker footprint of an account, service principal or address: from the first suspicious event (or
 * `since`), everything it did, and everything done by what it created, elevated or took over (a service principal
 * it made Global Administrator, accounts whose passwords that principal reset), each followed from the moment it
 * came under the attacker's control. Read from the store only: it works without any particular rule.
 */
export async function buildFootprint(
  ws: Workspace,
  subject: FootprintSubject,
  options: FootprintOptions = {},
): Promise<Footprint> {
  const start = await subjectIdentity(ws, subject);
  const names = [start.name, ...(start.id ? [start.id] : [])];
  const since = options.since ? toIsoUtc(options.since) : await firstSuspicious(ws, subject, names);
  start.since = since;
  const identities: FootprintIdentity[] = [start];
  const attackerIps = new Set(await alertIps(ws));
  if (subject.kind === 'ip') attackerIps.add(subject.value);
  const actions: FootprintAction[] = [];
  const signinRows: Awaited<ReturnType<typeof signinsOf>> = [];

  for (let n = 0; n < identities.length && identities.length <= MAX_IDENTITIES; n++) {
    const who = identities[n] as FootprintIdentity;
    const follow = (next: FootprintIdentity) => {
      const known = identities.find(
        (i) => i.kind === next.kind && (i.name === next.name || (next.id && i.id === next.id)),
      );
      if (!known) identities.push(next);
    };
    const audits = await auditsBy(ws, who);
    for (const a of audits) {
      const category = auditCategory(a.activity_key);
      const succeeded = (a.result ?? 'success') === 'success';
      if (!succeeded) continue;
      // Follow only what was changed from an attacker address, or by an application the attacker holds (no
      // address): a compromised admin's own work from the office (PIM activations, app consents) is listed, not
      // followed.
      if (a.initiator_ip !== null && !attackerIps.has(a.initiator_ip)) continue;
      const at = a.at.toISOString();
      const by = who.kind === 'ip' ? (a.initiator ?? who.name) : who.name;
      if (a.target_type === 'ServicePrincipal' && elevates(category, a.activity_key) && a.target_name) {
        follow({
          kind: 'sp',
          name: a.target_name,
          id: a.target_id,
          since: at,
          reason: reasonOf(a.activity, a.role_name, by),
          via: a.uid,
        });
      } else if (a.target_type === 'Application' && elevates(category, a.activity_key) && a.target_name) {
        // An application signs in as its service principal, which carries the same display name.
        follow({
          kind: 'sp',
          name: a.target_name,
          id: null,
          since: at,
          reason: reasonOf(a.activity, null, by),
          via: a.uid,
        });
      } else if (a.target_upn && (category === 'password reset' || elevates(category, a.activity_key))) {
        follow({
          kind: 'user',
          name: a.target_upn,
          id: a.target_id,
          since: at,
          reason: reasonOf(a.activity, a.role_name, by),
          via: a.uid,
        });
      }
    }
    actions.push(...groupAudits(audits, who, (a) => auditCategory(a.activity_key), attackerIps));
    if (who === start) {
      const done = await auditsOn(ws, who, since);
      actions.push(...groupAudits(done, who, () => 'changed by others', attackerIps));
    }
    const signins = await signinsOf(ws, who);
    signinRows.push(...signins);
    if (who.kind === 'ip') {
      for (const s of signins) {
        if (!s.ok || !s.who) continue;
        const at = s.at.toISOString();
        const reason = `signed in successfully from ${who.name}`;
        if (s.sp_id) follow({ kind: 'sp', name: s.who, id: s.sp_id, since: at, reason, via: s.uid });
        else follow({ kind: 'user', name: s.who.toLowerCase(), id: null, since: at, reason, via: s.uid });
      }
    }
    const acts = await activitiesOf(ws, who);
    actions.push(...groupActivities(acts, who, (x) => activityCategory(x.operation_key, x.parameters), attackerIps));
  }

  const ips = [...attackerIps].sort();
  actions.push(...signinActions(signinRows, ips, MAILBOX_CLIENT_APPS));
  actions.sort(
    (x, y) =>
      x.start.localeCompare(y.start) ||
      x.category.localeCompare(y.category) ||
      x.activity.localeCompare(y.activity) ||
      (x.target ?? '').localeCompare(y.target ?? '') ||
      x.actor.localeCompare(y.actor),
  );
  const kept = dedupe(actions);
  return {
    subject,
    since,
    attacker_ips: ips,
    identities,
    actions: kept,
    signins: groupSignins(signinRows, ips),
    touched: touched(identities, actions),
    objects: await footprintObjects(ws, identities, kept),
  };
}

/**
 * Each action's objects from its records, an account's id from the records naming it, and the footprint's objects:
 * every one by id, as a responder removes them (a display name may be the attacker's choice).
 */
async function footprintObjects(
  ws: Workspace,
  identities: FootprintIdentity[],
  actions: FootprintAction[],
): Promise<ObjectRef[]> {
  const byAction = await objectsOfSources(
    ws,
    actions.flatMap((a, i) => a.uids.map((uid) => ({ key: String(i), table: a.table, uid }))),
  );
  actions.forEach((a, i) => {
    a.objects = byAction.get(String(i)) ?? [];
  });
  const all = mergeObjects(...actions.map((a) => a.objects));
  for (const i of identities) {
    if (i.id === null && i.kind === 'user') {
      const user = all.find((o) => o.type === 'user' && o.upn === i.name && o.id.toLowerCase() !== i.name);
      if (user) i.id = user.id;
    }
    if (i.kind === 'sp') servicePrincipalIds(i, all);
  }
  return mergeObjects(
    all,
    identities.map((i): ObjectRef | undefined =>
      i.kind === 'sp' && i.id !== null
        ? { type: 'service_principal', id: i.id, name: i.name, ...(i.app_id ? { app_id: i.app_id } : {}) }
        : undefined,
    ),
  );
}

/**
 * A followed service principal's object id and app id from the objects its own actions name: by its id where it
 * has one, else by its display name when exactly one service principal in those records carries that name (an
 * application's credential change names the application, whose service principal signs in under the same name).
 */
function servicePrincipalIds(i: FootprintIdentity, all: readonly ObjectRef[]): void {
  const sps = all.filter((o) => o.type === 'service_principal');
  const byId = i.id === null ? [] : sps.filter((o) => o.id === i.id);
  const found = byId.length > 0 ? byId : i.id === null ? sps.filter((o) => o.name === i.name) : [];
  const only = found.length === 1 ? found[0] : undefined;
  if (!only) return;
  i.id ??= only.id;
  if (only.app_id) i.app_id = only.app_id;
}

async function subjectIdentity(ws: Workspace, subject: FootprintSubject): Promise<FootprintIdentity> {
  if (subject.kind === 'sp') {
    const sp = await resolveServicePrincipal(ws, subject.value);
    return {
      kind: 'sp',
      name: sp?.name ?? subject.value,
      id: sp?.id ?? null,
      since: null,
      reason: 'subject',
      via: null,
    };
  }
  const name = subject.kind === 'user' ? subject.value.toLowerCase() : subject.value;
  return { kind: subject.kind, name, id: null, since: null, reason: 'subject', via: null };
}

function reasonOf(activity: string, role: string | null, by: string): string {
  return `"${activity.trim()}"${role ? ` (${role})` : ''} by ${by}`;
}

/** An IP subject and the account it signed in as can both report one record: keep each record once per category. */
function dedupe(actions: FootprintAction[]): FootprintAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = `${a.table}|${a.category}|${a.uids.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function touched(identities: FootprintIdentity[], actions: FootprintAction[]): Footprint['touched'] {
  const set = () => new Set<string>();
  const t = { users: set(), service_principals: set(), applications: set(), roles: set(), groups: set() };
  for (const i of identities) {
    if (i.kind === 'user') t.users.add(i.name);
    if (i.kind === 'sp') t.service_principals.add(i.name);
  }
  for (const a of actions) {
    if (a.table !== 'audits' || !a.target) continue;
    if (a.category === 'group change') t.groups.add(a.target);
    else if (a.target.includes('@')) t.users.add(a.target);
    if (a.category === 'role change' && a.detail) t.roles.add(a.detail);
    if (a.category === 'credential added' || a.category === 'owner added') t.applications.add(a.target);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    users: sorted(t.users),
    service_principals: sorted(t.service_principals),
    applications: sorted(t.applications),
    roles: sorted(t.roles),
    groups: sorted(t.groups),
  };
}
