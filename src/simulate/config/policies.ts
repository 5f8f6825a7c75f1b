/**
 * The demo tenant's policies as Graph v1.0 returns them: Conditional Access (the seed-000 story's policies, see
 * scenarios/mfa-exception/policy-bodies.ts), named locations, security defaults, authentication methods,
 * authorization policy, and each user's MFA registration (userRegistrationDetails).
 */
import { ROLES } from '../catalog/roles.js';
import type { Rng } from '../random.js';
import {
  adminsPolicy,
  blockLegacyPolicy,
  type MfaStage,
  mfaAllPolicy,
} from '../scenarios/mfa-exception/policy-bodies.js';
import { EMERGENCY_ACCOUNTS, EMERGENCY_IDS } from '../scenarios/mfa-exception/story.js';
import type { Tenant } from '../tenant.js';

type Body = Record<string, unknown>;

/** conditionalAccessPolicies.json at a stage of the MFA policy. */
export function conditionalAccessBody(tenant: Tenant, stage: MfaStage): Body {
  return {
    value: [
      mfaAllPolicy(stage, tenant.executive.id, EMERGENCY_IDS),
      blockLegacyPolicy(EMERGENCY_IDS),
      adminsPolicy(EMERGENCY_IDS, [ROLES.globalAdmin.templateId, ROLES.privilegedRoleAdmin.templateId]),
    ],
  };
}

/** namedLocations.json: the offices' egress addresses. */
export function namedLocationsBody(tenant: Tenant): Body {
  const offices = [...new Map(tenant.users.map((u) => [u.office.place.city, u.office])).values()];
  return {
    value: offices.map((o, i) => ({
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id: `1c4a${String(i).padStart(4, '0')}-0000-4000-8000-000000000001`,
      displayName: `${o.place.city} office`,
      isTrusted: true,
      ipRanges: o.egressIps.map((ip) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: `${ip}/32` })),
    })),
  };
}

/** The single-object policies: security defaults, authentication methods, authorization. */
export function policyBodies(): Record<string, Body> {
  return {
    securityDefaults: {
      id: '00000000-0000-0000-0000-000000000005',
      displayName: 'Security Defaults',
      description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
      isEnabled: false,
    },
    authenticationMethodsPolicy: {
      id: 'authenticationMethodsPolicy',
      displayName: 'Authentication Methods Policy',
      policyVersion: '1.5',
      policyMigrationState: 'migrationInProgress',
      authenticationMethodConfigurations: [
        { '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', id: 'Sms', state: 'enabled' },
        { '@odata.type': '#microsoft.graph.voiceAuthenticationMethodConfiguration', id: 'Voice', state: 'disabled' },
        { '@odata.type': '#microsoft.graph.emailAuthenticationMethodConfiguration', id: 'Email', state: 'disabled' },
        {
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
          id: 'MicrosoftAuthenticator',
          state: 'enabled',
          featureSettings: {
            displayAppInformationRequiredState: {
              state: 'enabled',
              includeTarget: { targetType: 'group', id: 'all_users' },
            },
            displayLocationInformationRequiredState: {
              state: 'default',
              includeTarget: { targetType: 'group', id: 'all_users' },
            },
          },
        },
        { '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'enabled' },
      ],
    },
    authorizationPolicy: {
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      allowInvitesFrom: 'everyone',
      allowedToUseSSPR: true,
      blockMsolPowerShell: false,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToReadOtherUsers: true,
      },
    },
  };
}

/**
 * userRegistrationDetails.json: people with per-user MFA are registered; of the others most registered the
 * Authenticator anyway. The executive and the EAS users never did (basic-auth mail needs no second factor).
 */
export function registrationBody(tenant: Tenant, rng: Rng, invoicingUsers: ReadonlySet<string>): Body {
  const people = tenant.users.map((u) => {
    const capable =
      u.perUserMfa || (u !== tenant.executive && !u.easPhone && !invoicingUsers.has(u.id) && rng.chance(0.85));
    return {
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      userDisplayName: u.displayName,
      userType: 'member',
      isAdmin: tenant.admins.some((a) => a.user === u),
      isMfaCapable: capable,
      isMfaRegistered: capable,
      isPasswordlessCapable: false,
      isSsprRegistered: capable,
      isSsprEnabled: true,
      isSsprCapable: capable,
      methodsRegistered: capable ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] : [],
      lastUpdatedDateTime: '2025-10-02T00:00:00Z',
    };
  });
  const emergency = EMERGENCY_ACCOUNTS.map((a) => ({
    id: a.id,
    userPrincipalName: `${a.localPart}@${tenant.domain}`,
    userDisplayName: a.displayName,
    userType: 'member',
    isAdmin: true,
    isMfaCapable: true,
    isMfaRegistered: true,
    isPasswordlessCapable: true,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    methodsRegistered: ['fido2'],
    lastUpdatedDateTime: '2025-10-02T00:00:00Z',
  }));
  return { value: [...people, ...emergency] };
}
