/**
 * The story's Conditional Access policies as Graph v1.0 conditionalAccessPolicy bodies, at each stage of seed 000.
 * Shared by the audit records (modifiedProperties) and the configuration snapshot, so both say the same thing.
 */
import { POLICIES } from './story.js';

/** The stages of the MFA policy. */
export type MfaStage = 'before-enforcement' | 'enforced' | 'rolled-back';

/** Graph's conditions block with everything else unset. */
function conditions(users: Record<string, unknown>, clientAppTypes: string[]): Record<string, unknown> {
  return {
    userRiskLevels: [],
    signInRiskLevels: [],
    clientAppTypes,
    servicePrincipalRiskLevels: [],
    platforms: null,
    locations: null,
    devices: null,
    clientApplications: null,
    authenticationFlows: null,
    applications: {
      includeApplications: ['All'],
      excludeApplications: [],
      includeUserActions: [],
      includeAuthenticationContextClassReferences: [],
    },
    users: {
      includeUsers: [],
      excludeUsers: [],
      includeGroups: [],
      excludeGroups: [],
      includeRoles: [],
      excludeRoles: [],
      includeGuestsOrExternalUsers: null,
      excludeGuestsOrExternalUsers: null,
      ...users,
    },
  };
}

function grant(builtInControls: string[], strength?: { id: string; displayName: string }): Record<string, unknown> {
  return {
    operator: 'OR',
    builtInControls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: strength ? { ...strength, policyType: 'builtIn' } : null,
  };
}

/** "Require MFA for all users" at a stage: rolled back means the executive excluded and legacy clients let through. */
export function mfaAllPolicy(
  stage: MfaStage,
  executiveId: string,
  emergencyIds: readonly string[],
): Record<string, unknown> {
  const rolledBack = stage === 'rolled-back';
  return {
    id: POLICIES.mfaAll.id,
    displayName: POLICIES.mfaAll.displayName,
    createdDateTime: '2025-08-18T02:14:09.1234567Z',
    modifiedDateTime: stage === 'before-enforcement' ? '2025-08-18T02:14:09.1234567Z' : null,
    state: stage === 'before-enforcement' ? 'enabledForReportingButNotEnforced' : 'enabled',
    conditions: conditions(
      { includeUsers: ['All'], excludeUsers: rolledBack ? [executiveId, ...emergencyIds] : [...emergencyIds] },
      rolledBack ? ['browser', 'mobileAppsAndDesktopClients'] : ['all'],
    ),
    grantControls: grant(['mfa']),
    sessionControls: null,
  };
}

/** "Block legacy authentication", piloted in report-only (the control seed 000 should have tested first). */
export function blockLegacyPolicy(emergencyIds: readonly string[]): Record<string, unknown> {
  return {
    id: POLICIES.blockLegacy.id,
    displayName: POLICIES.blockLegacy.displayName,
    createdDateTime: '2025-08-18T02:20:41.7654321Z',
    modifiedDateTime: null,
    state: 'enabledForReportingButNotEnforced',
    conditions: conditions({ includeUsers: ['All'], excludeUsers: [...emergencyIds] }, ['exchangeActiveSync', 'other']),
    grantControls: grant(['block']),
    sessionControls: null,
  };
}

/** Phishing-resistant MFA for two of the three Tier-0 roles (Privileged Authentication Administrator forgotten). */
export function adminsPolicy(emergencyIds: readonly string[], roleIds: readonly string[]): Record<string, unknown> {
  return {
    id: POLICIES.adminsPhishingResistant.id,
    displayName: POLICIES.adminsPhishingResistant.displayName,
    createdDateTime: '2025-06-02T07:45:12.5550000Z',
    modifiedDateTime: null,
    state: 'enabled',
    conditions: conditions({ includeRoles: [...roleIds], excludeUsers: [...emergencyIds] }, ['all']),
    grantControls: grant([], { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' }),
    sessionControls: null,
  };
}
