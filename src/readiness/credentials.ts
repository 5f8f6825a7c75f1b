/**
 * Key and credential hygiene, the Storm-0558 lesson a tenant owner can act on (reference/storm0558_key_hygiene.md):
 * every secret and certificate of the snapshot's applications and service principals, by age and lifetime, and a
 * ranked list of what to rotate first. Thresholds: ScubaGear MS.AAD.5.6v1 (secret lifetime 180 days or less) and
 * MS.AAD.5.7v1 (certificate lifetime 365 days or less) from reference/posture_checks.md; "older than a year" for
 * never rotated is our heuristic, as the reference says. Last use comes from appCredentialSignInActivities when the
 * snapshot has it (credential-use.ts): a credential never or long not used is removed first, since nothing breaks.
 */

import { type GraphObject, nonEmptyStr, objs } from '../snapshot/graph-object.js';
import { type CredentialUse, credentialUse, indexUse, type UseIndex, useIssue } from './credential-use.js';
import type { PrivilegeMap } from './privileged.js';

const DAY_MS = 86_400_000;
export const SECRET_MAX_LIFETIME_DAYS = 180;
export const CERT_MAX_LIFETIME_DAYS = 365;
export const ROTATION_DAYS = 365;

/** What is wrong with one credential. */
export type CredentialIssue =
  | 'expired-present'
  | 'long-lifetime'
  | 'never-rotated'
  | 'privileged-secret'
  | 'foreign-app-credential'
  | 'never-used'
  | 'unused';

/** One credential of an application or service principal. */
export interface CredentialRow {
  readonly owner: 'application' | 'servicePrincipal';
  readonly objectId: string;
  readonly appId: string | undefined;
  readonly displayName: string;
  readonly kind: 'secret' | 'certificate';
  readonly keyId: string | undefined;
  readonly usage: string | undefined;
  readonly start: string | null;
  readonly end: string | null;
  readonly ageDays: number | null;
  readonly lifetimeDays: number | null;
  readonly daysToExpiry: number | null;
  /** Last sign-in with the credential: used (with its time), never, or unknown (no appCredentialSignInActivities). */
  readonly lastUse: CredentialUse['state'];
  readonly lastUsed: string | null;
  /** Days since the last use, or since it was added when never used; null when unknown. */
  readonly unusedDays: number | null;
  /** Privileged roles and permissions of the app (its service principal). */
  readonly privileges: readonly string[];
  readonly issues: readonly CredentialIssue[];
  /** Higher first in the rotate-first list. */
  readonly priority: number;
  readonly action: string;
}

/** Snapshot inputs. */
export interface CredentialInputs {
  readonly applications: readonly GraphObject[];
  readonly servicePrincipals: readonly GraphObject[];
  readonly privileged: PrivilegeMap;
  /** The tenant's id: service principals owned by another organisation carrying our credentials stand out. */
  readonly tenantId: string | undefined;
  /**
   * Graph beta reports/appCredentialSignInActivities entries; undefined when the snapshot did not read them
   * (licence or permission), which makes every credential's last use unknown rather than never.
   */
  readonly signInActivities?: readonly GraphObject[] | undefined;
}

const days = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;
const time = (o: GraphObject, k: string) => {
  const v = nonEmptyStr(o, k);
  const t = v === undefined ? Number.NaN : Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

function rowsOf(
  owner: CredentialRow['owner'],
  obj: GraphObject,
  privileges: readonly string[],
  foreign: boolean,
  now: number,
  uses: UseIndex | undefined,
): CredentialRow[] {
  const creds = [
    ...objs(obj, 'passwordCredentials').map((c) => ({ c, kind: 'secret' as const })),
    ...objs(obj, 'keyCredentials').map((c) => ({ c, kind: 'certificate' as const })),
  ];
  // Rotation is judged per object: an app whose newest credential is over a year old has never been rotated in
  // that year, whichever of its credentials is used.
  const starts = creds.map(({ c }) => time(c, 'startDateTime')).filter((t): t is number => t !== null);
  const newest = starts.length === 0 ? null : Math.max(...starts);
  const staleObject = newest !== null && now - newest > ROTATION_DAYS * DAY_MS;
  return creds.map(({ c, kind }) => {
    const start = time(c, 'startDateTime');
    const end = time(c, 'endDateTime');
    const keyId = nonEmptyStr(c, 'keyId');
    const use = credentialUse(uses, { owner, appId: nonEmptyStr(obj, 'appId'), keyId }, start, now);
    const issues: CredentialIssue[] = [];
    const expired = end !== null && end < now;
    const lifetime = start !== null && end !== null ? end - start : null;
    const limit = kind === 'secret' ? SECRET_MAX_LIFETIME_DAYS : CERT_MAX_LIFETIME_DAYS;
    if (expired) issues.push('expired-present');
    if (!expired && lifetime !== null && lifetime > limit * DAY_MS) issues.push('long-lifetime');
    if (!expired && staleObject) issues.push('never-rotated');
    // A secret on a privileged app is an issue of its own (a tenant-admin password with no MFA in front of it); a
    // well-kept certificate on one is not, but any issue it has weighs as much as the app's power.
    if (privileges.length > 0 && kind === 'secret' && !expired) issues.push('privileged-secret');
    if (foreign) issues.push('foreign-app-credential');
    const idle = expired ? null : useIssue(use);
    if (idle !== null) issues.push(idle);
    const age = start === null ? null : now - start;
    let priority = kind === 'secret' ? 20 : 10;
    if (privileges.length > 0 && !expired && issues.length > 0) priority += 100;
    if (foreign && !expired) priority += 50;
    if (issues.includes('long-lifetime')) priority += 20;
    if (issues.includes('never-rotated')) priority += 20;
    // Nothing depends on an idle credential: removing it is the cheapest risk cut, so it comes early.
    if (idle !== null) priority += 25;
    if (expired) priority += 5;
    priority += Math.min(10, (age ?? 0) / (36.5 * DAY_MS));
    const action = expired
      ? 'remove the expired credential'
      : foreign
        ? "remove it unless its owner can say why: a credential on another organisation's app is a classic backdoor"
        : idle === 'never-used'
          ? `remove it: never used to sign in${use.unusedDays === null ? '' : ` in the ${use.unusedDays} days since it was added`}`
          : idle === 'unused'
            ? `remove it: not used to sign in for ${use.unusedDays} days`
            : privileges.length > 0 && kind === 'secret'
              ? 'rotate now; replace the secret with a certificate, managed identity or federated credential'
              : issues.length > 0
                ? `rotate; keep lifetime under ${limit} days`
                : 'none';
    return {
      owner,
      objectId: nonEmptyStr(obj, 'id') ?? '',
      appId: nonEmptyStr(obj, 'appId'),
      displayName: nonEmptyStr(obj, 'displayName') ?? nonEmptyStr(obj, 'id') ?? '',
      kind,
      keyId,
      usage: nonEmptyStr(c, 'usage'),
      start: start === null ? null : new Date(start).toISOString(),
      end: end === null ? null : new Date(end).toISOString(),
      ageDays: age === null ? null : days(age),
      lifetimeDays: lifetime === null ? null : days(lifetime),
      daysToExpiry: end === null ? null : days(end - now),
      lastUse: use.state,
      lastUsed: use.lastUsed,
      unusedDays: use.unusedDays,
      privileges,
      issues,
      priority: Math.round(priority * 10) / 10,
      action,
    };
  });
}

/** Every credential of the snapshot, ranked: what to rotate first comes first. */
export function credentialHygiene(input: CredentialInputs, now: number): CredentialRow[] {
  const spByAppId = new Map<string, GraphObject>();
  for (const sp of input.servicePrincipals) {
    const appId = nonEmptyStr(sp, 'appId');
    if (appId !== undefined) spByAppId.set(appId, sp);
  }
  const privOf = (sp: GraphObject | undefined) =>
    sp === undefined ? [] : (input.privileged.get(nonEmptyStr(sp, 'id') ?? '') ?? []);
  const uses = input.signInActivities === undefined ? undefined : indexUse(input.signInActivities);
  const rows: CredentialRow[] = [];
  for (const app of input.applications) {
    rows.push(...rowsOf('application', app, privOf(spByAppId.get(nonEmptyStr(app, 'appId') ?? '')), false, now, uses));
  }
  for (const sp of input.servicePrincipals) {
    const ownerOrg = nonEmptyStr(sp, 'appOwnerOrganizationId');
    // Credentials added to the service principal of an app another organisation owns: the Solorigate persistence
    // (reference/storm0558_key_hygiene.md, heuristics).
    const foreign =
      input.tenantId !== undefined && ownerOrg !== undefined && ownerOrg.toLowerCase() !== input.tenantId.toLowerCase();
    rows.push(...rowsOf('servicePrincipal', sp, privOf(sp), foreign, now, uses));
  }
  return rows.sort(
    (a, b) =>
      b.priority - a.priority || (b.ageDays ?? 0) - (a.ageDays ?? 0) || a.displayName.localeCompare(b.displayName),
  );
}

/** Counts for the summary. */
export function credentialCounts(rows: readonly CredentialRow[]): Record<CredentialIssue | 'total', number> {
  const out = {
    total: rows.length,
    'expired-present': 0,
    'long-lifetime': 0,
    'never-rotated': 0,
    'privileged-secret': 0,
    'foreign-app-credential': 0,
    'never-used': 0,
    unused: 0,
  };
  for (const r of rows) for (const i of r.issues) out[i]++;
  return out;
}
