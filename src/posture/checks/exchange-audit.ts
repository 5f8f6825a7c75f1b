/**
 * Checks whose data is not in Microsoft Graph: Exchange Online (Get-TransportConfig, Get-CASMailbox,
 * Get-AdminAuditLogConfig, Get-OrganizationConfig, Get-MailboxAuditBypassAssociation), Purview retention and the
 * ARM diagnostic settings. They read the cmdlets' output when a snapshot folder carries it as extra files
 * (`exchangeTransportConfig.json`, ...; property names as the cmdlets print them) and report no-data otherwise.
 * SMTP AUTH use (PM-016) reads the workspace's sign-ins. Rules: reference/posture_checks.md, 14–16 and 26–29.
 */
import { objs, str } from '../../snapshot/graph-object.js';
import type { CheckOutcome, Finding } from '../model.js';
import type { CheckContext } from './context.js';

/** PM-014: SMTP AUTH is off for the organisation. */
export function smtpAuthOffTenant(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('exchangeTransportConfig');
  if (missing) return missing;
  if (ctx.single('exchangeTransportConfig')?.SmtpClientAuthenticationDisabled === true)
    return { kind: 'evaluated', findings: [], passed: 'SmtpClientAuthenticationDisabled is true' };
  return {
    kind: 'evaluated',
    findings: [{ message: 'SMTP AUTH is enabled for the organisation (SmtpClientAuthenticationDisabled is not true)' }],
    passed: '',
  };
}

/** PM-015: no mailbox turns SMTP AUTH back on for itself without an exception. No anchor checks this. */
export function smtpAuthPerMailbox(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('exchangeCasMailboxes');
  if (missing) return missing;
  const findings: Finding[] = (ctx.list('exchangeCasMailboxes') ?? [])
    .filter((m) => m.SmtpClientAuthenticationDisabled === false)
    .map((m) => {
      const upn = (str(m, 'PrimarySmtpAddress') ?? str(m, 'Identity') ?? '?').toLowerCase();
      return {
        message: `mailbox ${upn} has SMTP AUTH switched on`,
        subject: { type: 'user', id: upn, name: upn, upn },
      };
    });
  return { kind: 'evaluated', findings, passed: 'no mailbox overrides SMTP AUTH' };
}

/** PM-016: no successful SMTP AUTH sign-in from an identity without an exception. */
export function smtpAuthUsed(ctx: CheckContext): CheckOutcome {
  if (!ctx.signins) return { kind: 'no-data', missing: ['signins (import sign-in logs into the workspace)'] };
  const findings: Finding[] = ctx.signins.smtpAuthSuccesses.map((s) => ({
    message: `${s.upn} signed in with Authenticated SMTP from ${s.ip} ${s.count} time(s), last ${s.last}`,
    subject: { type: 'user', id: s.upn, name: s.upn, upn: s.upn },
  }));
  return { kind: 'evaluated', findings, passed: 'no successful SMTP AUTH sign-in in the workspace' };
}

/** PM-026: unified audit log ingestion is on. */
export function unifiedAuditLogOn(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('exchangeAdminAuditLogConfig');
  if (missing) return missing;
  if (ctx.single('exchangeAdminAuditLogConfig')?.UnifiedAuditLogIngestionEnabled === true)
    return { kind: 'evaluated', findings: [], passed: 'UnifiedAuditLogIngestionEnabled is true' };
  return {
    kind: 'evaluated',
    findings: [{ message: 'unified audit log ingestion is off: nothing of Exchange, SharePoint or Teams is logged' }],
    passed: '',
  };
}

/** PM-027: audit retention of at least twelve months, which needs the Advanced Auditing service plan. */
export function auditRetention(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('subscribedSkus');
  if (missing) return missing;
  const advanced = (ctx.list('subscribedSkus') ?? []).some((sku) =>
    objs(sku, 'servicePlans').some((p) => str(p, 'servicePlanName') === 'M365_ADVANCED_AUDITING'),
  );
  if (!advanced)
    return {
      kind: 'evaluated',
      findings: [
        { message: 'no subscription carries M365_ADVANCED_AUDITING: audit records are kept 180 days at most' },
      ],
      passed: '',
    };
  const policies = ctx.list('unifiedAuditLogRetentionPolicies');
  if (!policies) return { kind: 'no-data', missing: ['unifiedAuditLogRetentionPolicies'] };
  const long = policies.some(
    (p) => p.Enabled !== false && /^(TwelveMonths|TenYears)$/.test(str(p, 'RetentionDuration') ?? ''),
  );
  if (long)
    return {
      kind: 'evaluated',
      findings: [],
      passed: 'an enabled retention policy keeps audit records 12 months or more',
    };
  return {
    kind: 'evaluated',
    findings: [{ message: 'no enabled audit retention policy of twelve months or more' }],
    passed: '',
  };
}

/** PM-028: mailbox auditing on for the organisation, and no mailbox bypasses it. */
export function mailboxAuditing(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('exchangeOrganizationConfig');
  if (missing) return missing;
  const findings: Finding[] = [];
  if (ctx.single('exchangeOrganizationConfig')?.AuditDisabled === true)
    findings.push({ message: 'mailbox auditing is disabled for the organisation (AuditDisabled is true)' });
  for (const b of ctx.list('exchangeMailboxAuditBypass') ?? []) {
    if (b.AuditBypassEnabled !== true) continue;
    const who = str(b, 'Name') ?? str(b, 'Identity') ?? '?';
    findings.push({
      message: `${who} bypasses mailbox auditing`,
      subject: { type: 'user', id: who.toLowerCase(), name: who },
    });
  }
  return { kind: 'evaluated', findings, passed: 'mailbox auditing is on and nobody bypasses it' };
}

/** The Entra log categories a SIEM needs (reference/posture_checks.md, check 29). */
const REQUIRED_CATEGORIES = [
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'AuditLogs',
  'MicrosoftGraphActivityLogs',
  'RiskyUsers',
  'UserRiskEvents',
];

/** PM-029: every Entra log category is exported by a diagnostic setting. */
export function logsToSiem(ctx: CheckContext): CheckOutcome {
  const missing = ctx.missing('diagnosticSettings');
  if (missing) return missing;
  const enabled = new Set<string>();
  for (const s of ctx.list('diagnosticSettings') ?? []) {
    const props = (s.properties ?? s) as Record<string, unknown>;
    for (const l of objs(props, 'logs')) if (l.enabled === true) enabled.add(str(l, 'category') ?? '');
  }
  const findings: Finding[] = REQUIRED_CATEGORIES.filter((c) => !enabled.has(c)).map((c) => ({
    message: `${c} is not exported by any diagnostic setting`,
  }));
  return { kind: 'evaluated', findings, passed: 'every Entra log category is exported' };
}
