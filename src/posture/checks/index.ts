/**
 * The logic of every baseline check, by our id. content/baselines holds each check's metadata; a test keeps the
 * two in step, so a check with metadata but no logic (or the reverse) breaks the build, not a customer's report.
 */
import type { CheckOutcome } from '../model.js';
import {
  appCredentialPolicy,
  appInstanceLock,
  dangerousAppPermissions,
  federationKeyHygiene,
  secretHygiene,
} from './apps.js';
import { lockoutAndBannedPasswords, perUserMfaRetired, usersMfaCapable, weakMethodsOff } from './auth-methods.js';
import {
  deviceCodeBlocked,
  highRiskBlocked,
  legacyAuthBlocked,
  legacyAuthBlockedPerUser,
  tokenProtectionAndAdminSessions,
} from './ca-access.js';
import { breakGlassExcluded, exclusionsApproved, noDanglingReferences } from './ca-exclusions.js';
import { baselineExists, mfaAllUsers, phishingResistantAdmins, protectivePolicyOff } from './ca-mfa.js';
import type { CheckContext } from './context.js';
import {
  auditRetention,
  logsToSiem,
  mailboxAuditing,
  smtpAuthOffTenant,
  smtpAuthPerMailbox,
  smtpAuthUsed,
  unifiedAuditLogOn,
} from './exchange-audit.js';
import { assignedOutsidePim, globalAdminCount, noPermanentPrivileged, servicePrincipalTier0 } from './roles.js';

/** A check's logic: a snapshot in, an outcome out. Pure: no I/O, `ctx.now` for time. */
export type CheckLogic = (ctx: CheckContext) => CheckOutcome;

/** Check id → logic. The ids are the catalogue's numbers (reference/posture_checks.md §3) as PM-0NN. */
export const CHECK_LOGIC: Readonly<Record<string, CheckLogic>> = {
  'PM-001': mfaAllUsers,
  'PM-002': phishingResistantAdmins,
  'PM-003': exclusionsApproved,
  'PM-004': breakGlassExcluded,
  'PM-005': protectivePolicyOff,
  'PM-006': noDanglingReferences,
  'PM-007': baselineExists,
  'PM-008': usersMfaCapable,
  'PM-009': weakMethodsOff,
  'PM-010': perUserMfaRetired,
  'PM-011': legacyAuthBlocked,
  'PM-012': legacyAuthBlockedPerUser,
  'PM-013': deviceCodeBlocked,
  'PM-014': smtpAuthOffTenant,
  'PM-015': smtpAuthPerMailbox,
  'PM-016': smtpAuthUsed,
  'PM-017': lockoutAndBannedPasswords,
  'PM-018': highRiskBlocked,
  'PM-019': noPermanentPrivileged,
  'PM-020': assignedOutsidePim,
  'PM-021': servicePrincipalTier0,
  'PM-022': dangerousAppPermissions,
  'PM-023': globalAdminCount,
  'PM-024': appCredentialPolicy,
  'PM-025': secretHygiene,
  'PM-026': unifiedAuditLogOn,
  'PM-027': auditRetention,
  'PM-028': mailboxAuditing,
  'PM-029': logsToSiem,
  'PM-030': tokenProtectionAndAdminSessions,
  'PM-031': appInstanceLock,
  'PM-032': federationKeyHygiene,
};
