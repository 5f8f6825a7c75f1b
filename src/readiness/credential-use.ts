/**
 * When each application credential was last used to sign in, from Graph beta `reports/appCredentialSignInActivities`
 * (snapshot resource `appCredentialSignInActivities`; reference/storm0558_key_hygiene.md item 2). A credential
 * nobody uses is pure risk: removing it breaks nothing, and a stolen one would be the only use. The report needs
 * Entra ID P1; without it last use is unknown and said so, never guessed.
 */
import { type GraphObject, nonEmptyStr } from '../snapshot/graph-object.js';

const DAY_MS = 86_400_000;
/** Not used for this long: a candidate for removal (our heuristic, as the reference's other thresholds are). */
export const UNUSED_DAYS = 90;
/** A credential younger than this may simply not be in use yet: it is not called never used. */
export const NEW_CREDENTIAL_DAYS = 30;
/** What the answer says when the report was not read. */
export const LAST_USE_UNKNOWN = 'last use unknown (needs appCredentialSignInActivities, P1)';

/** One credential's last use: a time, never (the report lists no sign-in), or unknown (no report). */
export interface CredentialUse {
  readonly state: 'used' | 'never' | 'unknown';
  readonly lastUsed: string | null;
  /** Days since the last use (for never: since the credential was added), null when unknown. */
  readonly unusedDays: number | null;
}

/** The activity report indexed for lookups by credential. */
export type UseIndex = ReadonlyMap<string, GraphObject[]>;

/** Indexes the report's entries by key id (lower-cased: Graph's GUID case is not guaranteed across APIs). */
export function indexUse(activities: readonly GraphObject[]): UseIndex {
  const byKey = new Map<string, GraphObject[]>();
  for (const a of activities) {
    const key = nonEmptyStr(a, 'keyId')?.toLowerCase();
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  return byKey;
}

/** The newest sign-in time an entry's signInActivity holds (interactive, non-interactive or successful). */
function lastSignIn(entry: GraphObject): number | null {
  const activity = entry.signInActivity;
  if (activity === null || typeof activity !== 'object') return null;
  const times = ['lastSignInDateTime', 'lastNonInteractiveSignInDateTime', 'lastSuccessfulSignInDateTime']
    .map((k) => nonEmptyStr(activity as GraphObject, k))
    .map((v) => (v === undefined ? Number.NaN : Date.parse(v)))
    .filter((t) => !Number.isNaN(t));
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * A credential's last use. Entries match on key id and, when the entry says so, on where the credential lives
 * (credentialOrigin application | servicePrincipal) and the app id, so a key id reused elsewhere cannot lend its use.
 */
export function credentialUse(
  index: UseIndex | undefined,
  cred: { owner: 'application' | 'servicePrincipal'; appId: string | undefined; keyId: string | undefined },
  start: number | null,
  now: number,
): CredentialUse {
  if (index === undefined) return { state: 'unknown', lastUsed: null, unusedDays: null };
  const entries = (index.get(cred.keyId?.toLowerCase() ?? '') ?? []).filter((e) => {
    const origin = nonEmptyStr(e, 'credentialOrigin');
    const appId = nonEmptyStr(e, 'appId');
    return (
      (origin === undefined || origin.toLowerCase() === cred.owner.toLowerCase()) &&
      (appId === undefined || cred.appId === undefined || appId.toLowerCase() === cred.appId.toLowerCase())
    );
  });
  const times = entries.map(lastSignIn).filter((t): t is number => t !== null);
  const days = (ms: number) => Math.floor(ms / DAY_MS);
  if (times.length === 0) {
    return { state: 'never', lastUsed: null, unusedDays: start === null ? null : days(now - start) };
  }
  const last = Math.max(...times);
  return { state: 'used', lastUsed: new Date(last).toISOString(), unusedDays: days(now - last) };
}

/** Whether a use calls for removal: never used though old enough to have been, or unused for UNUSED_DAYS. */
export function useIssue(use: CredentialUse): 'never-used' | 'unused' | null {
  if (use.state === 'never')
    return (use.unusedDays ?? NEW_CREDENTIAL_DAYS) >= NEW_CREDENTIAL_DAYS ? 'never-used' : null;
  if (use.state === 'used' && (use.unusedDays ?? 0) >= UNUSED_DAYS) return 'unused';
  return null;
}

/** One credential's last use in words, for the terminal and the report. */
export function lastUseText(u: {
  readonly lastUse: CredentialUse['state'];
  readonly lastUsed: string | null;
  readonly unusedDays: number | null;
}): string {
  if (u.lastUse === 'unknown') return 'last use unknown';
  if (u.lastUse === 'never') return 'never used';
  return `last used ${u.lastUsed?.slice(0, 10) ?? '?'} (${u.unusedDays ?? '?'} d ago)`;
}
