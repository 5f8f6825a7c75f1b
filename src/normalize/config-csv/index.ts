import type { ConfigCsvKind } from '../../core/mapper.js';
import { mailboxRules, transportRules } from './mail-rules.js';
import { mfaMethods, mfaRegistration } from './mfa.js';
import { oauthPermissions } from './oauth.js';
import { pimAssignments, roleMembers } from './roles.js';
import type { ConfigRowMapper } from './row.js';

export { ConfigRow, DateReader, type MappedConfigRow } from './row.js';

/** The row mapper of each Extractor-Suite configuration export. */
export const CONFIG_ROW_MAPPERS: Record<ConfigCsvKind, ConfigRowMapper> = {
  'mfa-registration': mfaRegistration,
  'mfa-methods': mfaMethods,
  'role-members': roleMembers,
  'pim-assignments': pimAssignments,
  'oauth-permissions': oauthPermissions,
  'mailbox-rules': mailboxRules,
  'transport-rules': transportRules,
};

/**
 * The snapshot resources each export stands for: reading the file is reading them, even when it holds no rows
 * (no mailbox rules is an answer). `limits` says what the export leaves out, kept in snapshot_resources.detail.
 */
export const CONFIG_RESOURCES: Record<ConfigCsvKind, { resources: readonly string[]; limits?: string }> = {
  'mfa-registration': { resources: ['userRegistrationDetails'] },
  'mfa-methods': { resources: ['userAuthenticationMethodSummaries'] },
  'role-members': {
    resources: ['roleAssignments'],
    limits: 'users only: Get-AllRoleActivity skips service principals; active directory roles only',
  },
  'pim-assignments': {
    resources: ['roleAssignmentScheduleInstances', 'roleEligibilitySchedules'],
    limits: 'users only (groups expanded to their users): Get-PIMAssignments skips service principals',
  },
  'oauth-permissions': { resources: ['oauth2PermissionGrants', 'appRoleAssignments'] },
  'mailbox-rules': { resources: ['mailboxRules'] },
  'transport-rules': { resources: ['transportRules'] },
};
