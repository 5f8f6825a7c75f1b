/**
 * Application and key checks: app permissions that lead to Global Administrator and owners of privileged apps
 * (PM-022), the default app credential policy (PM-024), secret lifetime and expiry (PM-025), the app instance
 * property lock (PM-031), federation key hygiene (PM-032). Field names are the v1.0 ones listed in
 * reference/storm0558_key_hygiene.md; the thresholds are the catalogue's (reference/posture_checks.md, 22–32).
 */

import { X509Certificate } from 'node:crypto';
import { objectRef } from '../../core/objects.js';
import { type GraphObject, obj, objs, str } from '../../snapshot/graph-object.js';
import type { CheckOutcome, Finding } from '../model.js';
import { type CheckContext, PRIVILEGED_ROLES } from './context.js';

/** Graph application permissions that let an app make itself (or anyone) Global Administrator (Maester MT.1050). */
const DANGEROUS_APP_ROLES = new Set([
  'RoleManagement.ReadWrite.Directory',
  'AppRoleAssignment.ReadWrite.All',
  'Application.ReadWrite.All',
  'Directory.ReadWrite.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'Policy.ReadWrite.ConditionalAccess',
]);

const DAY_MS = 86_400_000;

/** PM-022: no service principal holds a GA-path app permission; privileged service principals have no owners. */
export function dangerousAppPermissions(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('servicePrincipals', 'appRoleAssignments');
  if (missing) return missing;
  const sps = ctx.list('servicePrincipals') ?? [];
  // appRoleId → permission name, from the resource's own appRoles (Microsoft Graph's service principal).
  const roleNames = new Map<string, string>();
  for (const sp of sps)
    for (const r of objs(sp, 'appRoles')) roleNames.set(`${str(sp, 'id')}:${str(r, 'id')}`, str(r, 'value') ?? '');
  const findings: Finding[] = [];
  for (const a of ctx.list('appRoleAssignments') ?? []) {
    if (str(a, 'principalType') !== 'ServicePrincipal') continue;
    const permission = roleNames.get(`${str(a, 'resourceId')}:${str(a, 'appRoleId')}`);
    if (!permission || !DANGEROUS_APP_ROLES.has(permission)) continue;
    const s = ctx.subject(str(a, 'principalId') ?? '', 'servicePrincipal');
    findings.push({
      message: `${str(a, 'principalDisplayName') ?? s.name ?? s.id} has ${permission} on ${str(a, 'resourceDisplayName') ?? 'a resource'}: a path to Global Administrator`,
      subject: s,
    });
  }
  const privileged = new Set(
    (ctx.list('roleAssignments') ?? [])
      .filter((a) => String(a.roleDefinitionId) in PRIVILEGED_ROLES)
      .map((a) => String(a.principalId)),
  );
  for (const sp of sps) {
    const id = str(sp, 'id') ?? '';
    const owners = objs(sp, 'owners');
    if (!privileged.has(id) || owners.length === 0) continue;
    findings.push({
      message: `${str(sp, 'displayName') ?? id} holds a privileged role and has owner(s) ${owners.map((o) => str(o, 'userPrincipalName') ?? str(o, 'displayName') ?? str(o, 'id')).join(', ')} who can add credentials to it`,
      subject: ctx.subject(id, 'servicePrincipal'),
    });
  }
  return { kind: 'evaluated', findings, passed: 'no app permission or owner leads to Global Administrator' };
}

/** ISO 8601 durations as Graph writes maxLifetime ("P180D", "P1Y"): days, roughly. */
function durationDays(text: string | undefined): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?/.exec(text ?? '');
  if (!m || text === 'P') return undefined;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0);
}

/** PM-024: the default app management policy is on, blocks or limits secrets (≤180 d) and certificates (≤365 d). */
export function appCredentialPolicy(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('defaultAppManagementPolicy');
  if (missing) return missing;
  const policy = ctx.single('defaultAppManagementPolicy');
  if (policy?.isEnabled !== true)
    return { kind: 'evaluated', findings: [{ message: 'the default app management policy is off' }], passed: '' };
  const restrictions = obj(policy, 'applicationRestrictions');
  const passwords = objs(restrictions, 'passwordCredentials');
  const keys = objs(restrictions, 'keyCredentials');
  const findings: Finding[] = [];
  const blocked = passwords.some(
    (r) => str(r, 'restrictionType') === 'passwordAddition' && str(r, 'state') !== 'disabled',
  );
  const lifetime = passwords.find((r) => str(r, 'restrictionType') === 'passwordLifetime');
  if (!blocked && !((durationDays(str(lifetime, 'maxLifetime')) ?? Infinity) <= 180))
    findings.push({ message: 'app secrets are neither blocked nor limited to 180 days' });
  const certs = keys.find((r) => str(r, 'restrictionType') === 'asymmetricKeyLifetime');
  if (!((durationDays(str(certs, 'maxLifetime')) ?? Infinity) <= 365))
    findings.push({ message: 'app certificates are not limited to 365 days' });
  return { kind: 'evaluated', findings, passed: 'app credentials are restricted' };
}

/** PM-025: no secret lives longer than 180 days, none has expired or expires in 30, none sits on a privileged app. */
export function secretHygiene(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('applications', 'servicePrincipals');
  if (missing) return missing;
  const privileged = new Set(
    (ctx.list('roleAssignments') ?? [])
      .filter((a) => String(a.roleDefinitionId) in PRIVILEGED_ROLES)
      .map((a) => String(a.principalId)),
  );
  const now = ctx.now.getTime();
  const findings: Finding[] = [];
  const scan = (o: GraphObject, type: 'application' | 'servicePrincipal') => {
    const id = str(o, 'id') ?? '';
    const s = ctx.subject(id, type);
    for (const p of objs(o, 'passwordCredentials')) {
      const start = Date.parse(str(p, 'startDateTime') ?? '');
      const end = Date.parse(str(p, 'endDateTime') ?? '');
      const label = `secret "${str(p, 'displayName') ?? str(p, 'keyId') ?? '?'}" of ${s.name ?? id}`;
      // Removed by its keyId (Remove-MgServicePrincipalPasswordCredential -KeyId): the display name is not unique.
      const credential = objectRef('credential', str(p, 'keyId'), str(p, 'displayName'), { key_id: str(p, 'keyId') });
      const objects = credential ? [credential] : [];
      const at = { subject: s, objects };
      if (end - start > 180 * DAY_MS)
        findings.push({ message: `${label} lives ${Math.round((end - start) / DAY_MS)} days (over 180)`, ...at });
      if (end < now) findings.push({ message: `${label} expired on ${str(p, 'endDateTime')}`, ...at });
      else if (end - now < 30 * DAY_MS)
        findings.push({ message: `${label} expires on ${str(p, 'endDateTime')}`, ...at });
      if (privileged.has(id))
        findings.push({ message: `${label}: a privileged identity authenticated by a shared secret`, ...at });
    }
  };
  for (const a of ctx.list('applications') ?? []) scan(a, 'application');
  for (const sp of ctx.list('servicePrincipals') ?? []) scan(sp, 'servicePrincipal');
  return { kind: 'evaluated', findings, passed: 'no long-lived, expiring or privileged secret' };
}

/** PM-031: multi-tenant apps lock all service principal properties. */
export function appInstanceLock(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('applications');
  if (missing) return missing;
  const multi = (ctx.list('applications') ?? []).filter((a) =>
    ['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount'].includes(str(a, 'signInAudience') ?? ''),
  );
  if (multi.length === 0) return { kind: 'not-applicable', reason: 'the tenant registers no multi-tenant application' };
  const findings: Finding[] = multi
    .filter((a) => {
      const lock = obj(a, 'servicePrincipalLockConfiguration');
      return !(lock?.isEnabled === true && lock.allProperties === true);
    })
    .map((a) => ({
      message: `multi-tenant app ${str(a, 'displayName') ?? str(a, 'id')} does not lock its service principals' properties`,
      subject: ctx.subject(str(a, 'id') ?? '', 'application'),
    }));
  return { kind: 'evaluated', findings, passed: `${multi.length} multi-tenant app(s), all locked` };
}

/** PM-032: every federated domain is expected (an exception) and its signing certificate is under a year old. */
export function federationKeyHygiene(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('domains');
  if (missing) return missing;
  const federated = (ctx.list('domains') ?? []).filter(
    (d) => str(d, 'authenticationType')?.toLowerCase() === 'federated',
  );
  if (federated.length === 0)
    return { kind: 'evaluated', findings: [], passed: 'no federated domain: Entra ID alone issues tokens' };
  const configs = ctx.list('federationConfigurations') ?? [];
  const findings: Finding[] = [];
  for (const d of federated) {
    const id = str(d, 'id') ?? '';
    const s = { type: 'domain' as const, id, name: id };
    // A federated domain trusts whoever holds its signing key (golden SAML); each one must be an approved exception.
    findings.push({ message: `${id} is federated: tokens signed by its identity provider are trusted`, subject: s });
    const config = configs.find((c) => str(c, '@premortem.domainId') === id);
    const cert = str(config, 'signingCertificate');
    if (!cert) continue;
    try {
      const x = new X509Certificate(Buffer.from(cert, 'base64'));
      const age = (ctx.now.getTime() - Date.parse(x.validFrom)) / DAY_MS;
      if (age > 365)
        findings.push({
          message: `${id}'s signing certificate dates from ${new Date(x.validFrom).toISOString().slice(0, 10)} (${Math.round(age)} days, not rotated within a year)`,
          subject: s,
          controls: ['PM-032-rotation'],
        });
    } catch {
      findings.push({
        message: `${id}'s signing certificate cannot be parsed as X.509`,
        subject: s,
        controls: ['PM-032-rotation'],
      });
    }
  }
  return { kind: 'evaluated', findings, passed: '' };
}
