import type { FootprintAction, FootprintCategory, FootprintIdentity, SigninGroup } from './footprint-model.js';
import type { ActivityRow, AuditRow, SigninRow } from './footprint-queries.js';
import { MAX_UIDS } from './timeline-model.js';

/** Groups rows by a key, keeping first-seen order. */
function groupBy<T>(rows: readonly T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return [...m.values()];
}

/** "2 success, 1 failure". */
export function tally(values: readonly (string | null)[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v ?? 'unknown', (m.get(v ?? 'unknown') ?? 0) + 1);
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

const iso = (d: Date) => d.toISOString();

/** Each record once: an address subject and the account it signed in as both report the same sign-in. */
function uniqueByUid<T extends { uid: string }>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.uid)) return false;
    seen.add(r.uid);
    return true;
  });
}
const uniq = (xs: readonly (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null && x !== ''))];

/**
 * Directory changes, one action per act: Entra writes one password reset as two records (Self-service Password
 * Management and Core Directory) under one correlation id, so records sharing initiator, correlation id and target
 * are one action.
 */
export function groupAudits(
  rows: readonly AuditRow[],
  who: FootprintIdentity,
  category: (r: AuditRow) => FootprintCategory,
  attackerIps: ReadonlySet<string>,
): FootprintAction[] {
  return groupBy(
    rows,
    (r) => `${r.initiator}|${r.correlation_id ?? r.uid}|${r.target_upn ?? r.target_name ?? r.target_id}`,
  ).map((g) => {
    const first = g[0] as AuditRow;
    const last = g[g.length - 1] as AuditRow;
    return {
      start: iso(first.at),
      end: iso(last.at),
      category: category(first),
      actor: first.initiator ?? who.name,
      activity: uniq(g.map((r) => r.activity.trim())).join(' + '),
      target: first.target_upn ?? first.target_name ?? first.target_id,
      detail: uniq(g.map((r) => r.role_name))[0] ?? null,
      result: tally(g.map((r) => r.result)),
      count: g.length,
      table: 'audits',
      uids: g.map((r) => r.uid).slice(0, MAX_UIDS),
      ip: first.initiator_ip,
      attacker:
        first.initiator_ip === null
          ? who.reason !== 'subject' || who.kind === 'sp'
          : attackerIps.has(first.initiator_ip),
      objects: [], // filled from the records by buildFootprint
    };
  });
}

/** Unified audit log operations per day, actor, operation, address and mailbox. */
export function groupActivities(
  rows: readonly ActivityRow[],
  who: FootprintIdentity,
  category: (r: ActivityRow) => FootprintCategory,
  attackerIps: ReadonlySet<string>,
): FootprintAction[] {
  return groupBy(
    rows,
    (r) => `${iso(r.at).slice(0, 10)}|${r.actor}|${r.operation_key}|${r.client_ip}|${r.mailbox_owner}|${r.parameters}`,
  ).map((g) => {
    const first = g[0] as ActivityRow;
    const last = g[g.length - 1] as ActivityRow;
    const params = first.parameters ? parametersText(first.parameters) : null;
    return {
      start: iso(first.at),
      end: iso(last.at),
      category: category(first),
      actor: first.actor ?? who.name,
      activity: first.operation,
      target: first.mailbox_owner ?? first.object_id,
      detail: [first.client_ip ? `from ${first.client_ip}` : null, params].filter((x) => x !== null).join('; ') || null,
      result: tally(g.map((r) => r.result)),
      count: g.length,
      table: 'activities',
      uids: g.map((r) => r.uid).slice(0, MAX_UIDS),
      ip: first.client_ip,
      attacker: first.client_ip !== null && attackerIps.has(first.client_ip),
      objects: [], // filled from the records by buildFootprint
    };
  });
}

/** Exchange cmdlet parameters ([{Name, Value}]) as "Name=Value; ...", the way an analyst reads them. */
function parametersText(json: string): string | null {
  try {
    const p = JSON.parse(json) as unknown;
    if (!Array.isArray(p)) return null;
    const parts = p
      .filter((x): x is { Name: unknown; Value: unknown } => typeof x === 'object' && x !== null && 'Name' in x)
      .map((x) => `${String(x.Name)}=${String(x.Value ?? '')}`);
    return parts.length ? parts.join('; ') : null;
  } catch {
    return null;
  }
}

/**
 * Sign-ins that are part of the attack story: those from an attacker address, and any sign-in of a followed service
 * principal (a backdoor app has no business signing in). Per day, identity, address, client app, app and outcome.
 */
export function signinActions(
  rows: readonly SigninRow[],
  attackerIps: readonly string[],
  mailbox: readonly string[],
): FootprintAction[] {
  const ips = new Set(attackerIps);
  const relevant = rows.filter((r) => (r.ip !== null && ips.has(r.ip)) || r.sp_id !== null);
  const unique = uniqueByUid(relevant);
  // Failures are the spray reaching the account: one line per account with counts, addresses and protocols.
  // Successes are what the attacker did with it: per day, address, protocol and application.
  const failures = groupBy(
    unique.filter((r) => !r.ok),
    (r) => `${r.who}`,
  ).map((g): FootprintAction => {
    const first = g[0] as SigninRow;
    const last = g[g.length - 1] as SigninRow;
    const addresses = uniq(g.map((r) => r.ip)).sort();
    const protocols = uniq(g.map((r) => r.client_app)).sort();
    return {
      start: iso(first.at),
      end: iso(last.at),
      category: 'sign-in',
      actor: first.who ?? '(unknown)',
      activity: `Failed sign-ins${protocols.length ? ` via ${protocols.join(', ')}` : ''}`,
      target:
        uniq(g.map((r) => r.app))
          .sort()
          .join(', ') || null,
      detail: `from ${addresses.length} address${addresses.length === 1 ? '' : 'es'}: ${addresses.join(', ')}`,
      result: `${g.length} failure`,
      count: g.length,
      table: 'signins',
      uids: g.map((r) => r.uid).slice(0, MAX_UIDS),
      ip: addresses.length === 1 ? (addresses[0] ?? null) : null,
      attacker: g.some((r) => r.ip !== null && ips.has(r.ip)),
      objects: [], // filled from the records by buildFootprint
    };
  });
  const successes = groupBy(
    unique.filter((r) => r.ok),
    (r) => `${iso(r.at).slice(0, 10)}|${r.who}|${r.ip}|${r.client_app}|${r.app}`,
  ).map((g) => {
    const first = g[0] as SigninRow;
    const last = g[g.length - 1] as SigninRow;
    const isMail = first.client_app !== null && mailbox.includes(first.client_app.toLowerCase());
    const users = uniq(g.map((r) => r.who));
    return {
      start: iso(first.at),
      end: iso(last.at),
      category: isMail && first.ok ? 'mailbox access' : 'sign-in',
      actor: users.length === 1 ? (users[0] ?? '') : `${users.length} accounts`,
      activity: first.sp_id
        ? 'Service principal sign-in'
        : `Sign-in${first.client_app ? ` via ${first.client_app}` : ''}`,
      target: first.app,
      detail: `from ${first.ip ?? 'unknown address'}${first.country ? ` (${first.country})` : ''}`,
      result: `${g.length} ${first.ok ? 'success' : 'failure'}`,
      count: g.length,
      table: 'signins',
      uids: g.map((r) => r.uid).slice(0, MAX_UIDS),
      ip: first.ip,
      attacker: first.ip !== null && ips.has(first.ip),
      objects: [], // filled from the records by buildFootprint
    } satisfies FootprintAction;
  });
  return [...failures, ...successes];
}

/** Every sign-in of the followed identities, per identity, address, client app, application and outcome. */
export function groupSignins(rows: readonly SigninRow[], attackerIps: readonly string[]): SigninGroup[] {
  const ips = new Set(attackerIps);
  const unique = uniqueByUid(rows);
  return groupBy(unique, (r) => `${r.who}|${r.ip}|${r.client_app}|${r.app}|${r.ok}`)
    .map((g) => {
      const first = g[0] as SigninRow;
      return {
        identity: first.who ?? '(unknown)',
        ip: first.ip ?? '',
        country: first.country,
        client_app: first.client_app,
        app: first.app,
        ok: first.ok,
        count: g.length,
        first: iso(first.at),
        last: iso((g[g.length - 1] as SigninRow).at),
        attacker_ip: first.ip !== null && ips.has(first.ip),
        uids: g.map((r) => r.uid).slice(0, MAX_UIDS),
      };
    })
    .sort(
      (a, b) =>
        Number(b.attacker_ip) - Number(a.attacker_ip) ||
        a.identity.localeCompare(b.identity) ||
        a.first.localeCompare(b.first) ||
        a.ip.localeCompare(b.ip) ||
        (a.client_app ?? '').localeCompare(b.client_app ?? ''),
    );
}
