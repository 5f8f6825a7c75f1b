/**
 * The Graph shapes the simulator emits. `@microsoft/microsoft-graph-types` describes v1.0, where every property is
 * optional; these types extend it with the beta-only sign-in fields (reference/graph_signin_fields.md) and make
 * required what Graph always sends, so tests can read fields without undefined checks.
 */
import type {
  AppIdentity,
  AppliedConditionalAccessPolicy,
  ConditionalAccessStatus,
  DirectoryAudit,
  KeyValue,
  ModifiedProperty,
  OperationResult,
  RiskDetail,
  RiskLevel,
  RiskState,
  SignIn,
  TargetResource,
  UserIdentity,
} from '@microsoft/microsoft-graph-types';

/** beta authenticationDetail: one step of a sign-in (password, push, "Previously satisfied"). */
export interface AuthenticationDetail {
  authenticationStepDateTime: string;
  authenticationMethod: string;
  authenticationMethodDetail: string | null;
  succeeded: boolean;
  authenticationStepResultDetail: string;
  authenticationStepRequirement: string;
}

/** deviceDetail as Graph sends it: empty strings, not nulls, for what Entra does not know. */
export interface GraphDeviceDetail {
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  browser: string;
  isCompliant: boolean;
  isManaged: boolean;
  trustType: string;
}

/** location with its coordinates. */
export interface GraphSignInLocation {
  city: string;
  state: string;
  countryOrRegion: string;
  geoCoordinates: { altitude: number | null; latitude: number; longitude: number };
}

/** status: errorCode 0 is success; failureReason and additionalDetails carry Microsoft's text. */
export interface GraphSignInStatus {
  errorCode: number;
  failureReason: string | null;
  additionalDetails: string | null;
}

/** beta signInEventTypes values. */
export type SignInEventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

/** beta authenticationProtocol values the simulator uses. */
export type AuthenticationProtocol = 'none' | 'oAuth2' | 'ropc' | 'deviceCode' | 'saml20' | 'wsFederation';

/** A Graph beta `signIn` (GET /beta/auditLogs/signIns), v1.0 fields from the official types plus beta ones. */
export interface BetaSignIn extends SignIn {
  id: string;
  createdDateTime: string;
  userDisplayName: string | null;
  userPrincipalName: string | null;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  autonomousSystemNumber: number;
  clientAppUsed: string;
  clientCredentialType: 'none' | 'clientSecret' | 'certificate';
  correlationId: string;
  /**
   * The Entra session (the token's `sid`). Only scenarios that need it set it (token replay): the Log Analytics
   * table has SessionId, the Graph beta field is UNVERIFIED (reference/graph_signin_fields.md), and premortem maps
   * `sessionId` when present.
   */
  sessionId?: string;
  conditionalAccessStatus: ConditionalAccessStatus;
  originalRequestId: string;
  isInteractive: boolean;
  tokenIssuerName: string;
  tokenIssuerType: 'AzureAD';
  processingTimeInMilliseconds: number;
  riskDetail: RiskDetail;
  riskLevelAggregated: RiskLevel;
  riskLevelDuringSignIn: RiskLevel;
  riskState: RiskState;
  riskEventTypes: [];
  riskEventTypes_v2: string[];
  resourceDisplayName: string;
  resourceId: string;
  resourceServicePrincipalId: string;
  resourceTenantId: string;
  homeTenantId: string;
  homeTenantName: string;
  userType: 'member' | 'guest';
  servicePrincipalId: string;
  servicePrincipalName: string | null;
  servicePrincipalCredentialKeyId: string;
  servicePrincipalCredentialThumbprint: string;
  signInIdentifier: string;
  signInEventTypes: SignInEventType[];
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  authenticationProtocol: AuthenticationProtocol;
  incomingTokenType: 'none' | 'primaryRefreshToken' | 'refreshToken';
  originalTransferMethod: 'none';
  crossTenantAccessType: 'none';
  flaggedForReview: boolean;
  isTenantRestricted: boolean;
  uniqueTokenIdentifier: string;
  userAgent: string;
  status: GraphSignInStatus;
  deviceDetail: GraphDeviceDetail;
  location: GraphSignInLocation;
  appliedConditionalAccessPolicies: AppliedConditionalAccessPolicy[];
  authenticationMethodsUsed: string[];
  authenticationDetails: AuthenticationDetail[];
  authenticationProcessingDetails: KeyValue[];
  networkLocationDetails: [];
}

/** modifiedProperties entry: values are JSON-encoded text ("\"Global Administrator\""), or null. */
export interface GraphModifiedProperty extends ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/** targetResources entry. */
export interface GraphTargetResource extends TargetResource {
  id: string;
  displayName: string | null;
  type: 'User' | 'ServicePrincipal' | 'Application' | 'Group' | 'Role' | 'Request' | 'Other' | 'Directory';
  userPrincipalName: string | null;
  groupType: null;
  modifiedProperties: GraphModifiedProperty[];
}

/** initiatedBy: exactly one of user and app is set, the other is null (as Graph sends it). */
export interface GraphInitiator {
  user: (UserIdentity & { id: string; userPrincipalName: string; ipAddress: string | null }) | null;
  app: (AppIdentity & { displayName: string; servicePrincipalId: string }) | null;
}

/** A Graph v1.0 `directoryAudit` (GET /v1.0/auditLogs/directoryAudits). */
export interface GraphDirectoryAudit extends DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: OperationResult;
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: GraphInitiator;
  targetResources: GraphTargetResource[];
  additionalDetails: KeyValue[];
}
