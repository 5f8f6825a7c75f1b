/**
 * Builds Graph beta signIn records. Every generator describes a sign-in by what differs (who, when, from where,
 * with what, the outcome) and this file fills the rest the way Graph does, with a fixed key order so that the
 * JSON text is stable for a seed.
 */
import { graphSeconds, MINUTE } from './calendar.js';
import type { AppRef } from './catalog/apps.js';
import { type SimulatedErrorCode, statusFor } from './catalog/signin-errors.js';
import type {
  AuthenticationDetail,
  AuthenticationProtocol,
  BetaSignIn,
  GraphDeviceDetail,
  GraphSignInLocation,
  SignInEventType,
} from './graph-types.js';
import type { Rng } from './random.js';
import { servicePrincipalOf, type Tenant, type TenantServicePrincipal, type TenantUser } from './tenant.js';

/** Where a sign-in came from: address, AS number and Graph's location block. */
export interface NetPoint {
  readonly ip: string;
  readonly asn: number;
  readonly location: GraphSignInLocation;
}

/** What a generator says about one sign-in; the factory derives the rest. */
export interface SignInSpec {
  readonly at: number;
  /** The user signing in; for a non-existent account, its UPN as typed. Absent for service principal sign-ins. */
  readonly user?: TenantUser | { readonly unknownUpn: string };
  /** The service principal signing in with its own credential (signInEventTypes servicePrincipal). */
  readonly servicePrincipal?: { readonly sp: TenantServicePrincipal; readonly credentialKeyId: string };
  readonly app: AppRef;
  readonly resource: AppRef;
  readonly clientAppUsed: string;
  readonly net: NetPoint;
  readonly device: GraphDeviceDetail;
  readonly userAgent: string;
  readonly errorCode: SimulatedErrorCode;
  readonly mfa: boolean;
  readonly authenticationDetails: AuthenticationDetail[];
  readonly protocol: AuthenticationProtocol;
  /** Interrupt and retry share the correlation id of the flow they belong to. */
  readonly correlationId?: string;
  readonly successDetails?: string | null;
  readonly incomingTokenType?: 'none' | 'primaryRefreshToken' | 'refreshToken';
  /** A user sign-in that redeemed a token silently (signInEventTypes nonInteractiveUser). */
  readonly nonInteractive?: boolean;
  /** The Entra session the sign-in belongs to; left out of the record when absent (see BetaSignIn.sessionId). */
  readonly sessionId?: string;
}

/**
 * Builds one sign-in. Service principal sign-ins and those marked `nonInteractive` are non-interactive; all others
 * are interactive.
 */
export function makeSignIn(tenant: Tenant, rng: Rng, spec: SignInSpec): BetaSignIn {
  const id = rng.uuid();
  const user = spec.user !== undefined && 'id' in spec.user ? spec.user : undefined;
  const upn = user?.userPrincipalName ?? (spec.user && 'unknownUpn' in spec.user ? spec.user.unknownUpn : null);
  const sp = spec.servicePrincipal;
  const eventType: SignInEventType = sp
    ? 'servicePrincipal'
    : spec.nonInteractive
      ? 'nonInteractiveUser'
      : 'interactiveUser';
  return {
    id,
    createdDateTime: graphSeconds(spec.at),
    userDisplayName: user?.displayName ?? null,
    userPrincipalName: upn,
    userId: user?.id ?? '',
    appId: spec.app.appId,
    appDisplayName: spec.app.displayName,
    ipAddress: spec.net.ip,
    autonomousSystemNumber: spec.net.asn,
    clientAppUsed: spec.clientAppUsed,
    clientCredentialType: sp ? 'clientSecret' : 'none',
    correlationId: spec.correlationId ?? rng.uuid(),
    // Only when given, so the records of scenarios without sessions keep their bytes.
    ...(spec.sessionId === undefined ? {} : { sessionId: spec.sessionId }),
    conditionalAccessStatus: 'notApplied',
    originalRequestId: id,
    isInteractive: eventType === 'interactiveUser',
    tokenIssuerName: '',
    tokenIssuerType: 'AzureAD',
    processingTimeInMilliseconds: rng.int(40, 400),
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: spec.resource.displayName,
    resourceId: spec.resource.appId,
    resourceServicePrincipalId: servicePrincipalOf(tenant, spec.resource).id,
    resourceTenantId: tenant.id,
    homeTenantId: tenant.id,
    homeTenantName: tenant.displayName,
    userType: 'member',
    servicePrincipalId: sp?.sp.id ?? '',
    servicePrincipalName: sp?.sp.displayName ?? null,
    servicePrincipalCredentialKeyId: sp?.credentialKeyId ?? '',
    servicePrincipalCredentialThumbprint: '',
    signInIdentifier: upn ?? '',
    signInEventTypes: [eventType],
    authenticationRequirement: spec.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    authenticationProtocol: spec.protocol,
    incomingTokenType: spec.incomingTokenType ?? 'none',
    originalTransferMethod: 'none',
    crossTenantAccessType: 'none',
    flaggedForReview: false,
    isTenantRestricted: false,
    uniqueTokenIdentifier: rng.token(22),
    userAgent: spec.userAgent,
    status: statusFor(spec.errorCode, spec.successDetails ?? null),
    deviceDetail: spec.device,
    location: spec.net.location,
    appliedConditionalAccessPolicies: [],
    authenticationMethodsUsed: methodsUsed(spec.authenticationDetails),
    authenticationDetails: spec.authenticationDetails,
    authenticationProcessingDetails: [{ key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False' }],
    networkLocationDetails: [],
  };
}

/** A password step; a failed one carries Entra's "Invalid username or password" detail. */
export function passwordStep(at: number, succeeded: boolean): AuthenticationDetail {
  return {
    authenticationStepDateTime: graphSeconds(at),
    authenticationMethod: 'Password',
    authenticationMethodDetail: 'Password in the cloud',
    succeeded,
    authenticationStepResultDetail: succeeded
      ? 'Correct password'
      : 'Invalid username or password or Invalid on-premise username or password.',
    authenticationStepRequirement: 'Primary authentication',
  };
}

/** An Authenticator push approved: the second factor of an MFA sign-in. */
export function pushStep(at: number): AuthenticationDetail {
  return {
    authenticationStepDateTime: graphSeconds(at + MINUTE / 4),
    authenticationMethod: 'Mobile app notification',
    authenticationMethodDetail: null,
    succeeded: true,
    authenticationStepResultDetail: 'MFA successfully completed',
    authenticationStepRequirement: 'Multifactor authentication',
  };
}

/** A sign-in satisfied by the claims of an earlier token (the common case during a working day). */
export function previouslySatisfied(at: number, mfa: boolean): AuthenticationDetail {
  return {
    authenticationStepDateTime: graphSeconds(at),
    authenticationMethod: 'Previously satisfied',
    authenticationMethodDetail: null,
    succeeded: true,
    authenticationStepResultDetail: mfa
      ? 'MFA requirement satisfied by claim in the token'
      : 'First factor requirement satisfied by claim in the token',
    authenticationStepRequirement: 'Primary authentication',
  };
}

/** authenticationMethodsUsed lists the methods that actually ran, not the ones satisfied by a token. */
function methodsUsed(details: readonly AuthenticationDetail[]): string[] {
  const out: string[] = [];
  for (const d of details) {
    if (d.authenticationMethod !== 'Previously satisfied' && !out.includes(d.authenticationMethod)) {
      out.push(d.authenticationMethod);
    }
  }
  return out;
}
