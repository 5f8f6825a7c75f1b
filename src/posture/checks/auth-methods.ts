/**
 * Authentication-method checks: users can do MFA (PM-008), weak methods off and Authenticator shows context
 * (PM-009), per-user MFA migrated (PM-010), smart lockout and banned passwords (PM-017). Field names from the
 * v1.0 userRegistrationDetails and authenticationMethodsPolicy resources and the beta "Password Rule Settings"
 * directory setting (reference/posture_checks.md, checks 8, 9, 10 and 17).
 */
import { obj, objs, str } from '../../snapshot/graph-object.js';
import type { CheckOutcome, Finding } from '../model.js';
import type { CheckContext } from './context.js';

/** PM-008: every enabled member is MFA capable. */
export function usersMfaCapable(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('userRegistrationDetails');
  if (missing) return missing;
  const members = ctx.list('users') ? new Set(ctx.enabledMembers().map((u) => str(u, 'id'))) : undefined;
  const emergency = ctx.emergencyAccounts();
  const findings: Finding[] = [];
  for (const r of ctx.list('userRegistrationDetails') ?? []) {
    const id = str(r, 'id') ?? '';
    if (r.isMfaCapable !== false || emergency.has(id)) continue;
    if (String(r.userType ?? 'member').toLowerCase() !== 'member') continue;
    if (members && !members.has(id)) continue;
    const s = ctx.subject(id, 'user');
    findings.push({
      message: `${s.name ?? str(r, 'userPrincipalName') ?? id} has no MFA method registered`,
      subject: { ...s, ...(str(r, 'userPrincipalName') ? { upn: str(r, 'userPrincipalName') } : {}) },
    });
  }
  return { kind: 'evaluated', findings, passed: 'every enabled member can do MFA' };
}

function methodState(policy: ReturnType<CheckContext['single']>, id: string): GraphMethod | undefined {
  return objs(policy, 'authenticationMethodConfigurations').find(
    (m) => str(m, 'id')?.toLowerCase() === id.toLowerCase(),
  );
}
type GraphMethod = Record<string, unknown>;

/** PM-009: SMS, voice and email OTP disabled; Authenticator (when on) shows app name and location. */
export function weakMethodsOff(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('authenticationMethodsPolicy');
  if (missing) return missing;
  const policy = ctx.single('authenticationMethodsPolicy');
  const findings: Finding[] = [];
  for (const weak of ['Sms', 'Voice', 'Email']) {
    if (str(methodState(policy, weak), 'state') === 'enabled')
      findings.push({
        message: `${weak} is enabled as an authentication method (SCuBA MS.AAD.3.5v2: SHALL be disabled)`,
      });
  }
  const authenticator = methodState(policy, 'MicrosoftAuthenticator');
  if (str(authenticator, 'state') === 'enabled') {
    const features = obj(authenticator, 'featureSettings');
    for (const [key, label] of [
      ['displayAppInformationRequiredState', 'the application name'],
      ['displayLocationInformationRequiredState', 'the sign-in location'],
    ] as const) {
      if (str(obj(features, key), 'state') !== 'enabled')
        findings.push({ message: `Microsoft Authenticator does not show ${label} in push notifications (${key})` });
    }
  }
  return { kind: 'evaluated', findings, passed: 'weak methods are off and Authenticator shows sign-in context' };
}

/** PM-010: the authentication-methods migration is complete (legacy per-user MFA and SSPR settings retired). */
export function perUserMfaRetired(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('authenticationMethodsPolicy');
  if (missing) return missing;
  const state = str(ctx.single('authenticationMethodsPolicy'), 'policyMigrationState') ?? '(not set)';
  if (state === 'migrationComplete')
    return { kind: 'evaluated', findings: [], passed: 'policyMigrationState is migrationComplete' };
  return {
    kind: 'evaluated',
    findings: [{ message: `policyMigrationState is ${state}, not migrationComplete` }],
    passed: '',
  };
}

/** PM-017: lockout threshold ≤ 10, lockout ≥ 60 s, banned-password check on (beta directory setting). */
export function lockoutAndBannedPasswords(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('directorySettings');
  if (missing) return missing;
  const rules = (ctx.list('directorySettings') ?? []).find((s) => str(s, 'displayName') === 'Password Rule Settings');
  if (!rules) {
    // Without the setting object the tenant runs Microsoft's defaults (threshold 10, 60 s), which pass; the
    // banned-password check is off by default.
    return {
      kind: 'evaluated',
      findings: [{ message: 'no "Password Rule Settings": the banned-password check is off' }],
      passed: '',
    };
  }
  const values = new Map(objs(rules, 'values').map((v) => [str(v, 'name'), str(v, 'value')]));
  const findings: Finding[] = [];
  const threshold = Number(values.get('LockoutThreshold') ?? '10');
  const duration = Number(values.get('LockoutDurationInSeconds') ?? '60');
  if (threshold > 10) findings.push({ message: `lockout threshold is ${threshold} (more than 10)` });
  if (duration < 60) findings.push({ message: `lockout duration is ${duration} s (less than 60)` });
  if (values.get('EnableBannedPasswordCheck')?.toLowerCase() !== 'true')
    findings.push({ message: 'the custom banned-password check is off' });
  return {
    kind: 'evaluated',
    findings,
    passed: `lockout after ${threshold} for ${duration} s; banned passwords checked`,
  };
}
