import type { RecordMapper } from '../core/mapper.js';
import { type AuditFields, auditColumns, auditRejectReason } from './audit-columns.js';
import { type SigninFields, signinColumns, signinRejectReason } from './signin-columns.js';
import { str } from './sql.js';

/**
 * Microsoft Graph signIn (v1.0 and beta) and directoryAudit objects, camelCase, as the API returns them and as
 * Extractor-Suite and Untitled Goose Tool write them. Field list: reference/graph_signin_fields.md.
 */
const V = 'VARCHAR';
const J = 'JSON';

export const GRAPH_SIGNIN_SHAPE = {
  id: V,
  createdDateTime: V,
  userDisplayName: V,
  userPrincipalName: V,
  userId: V,
  userType: V,
  appId: V,
  appDisplayName: V,
  resourceId: V,
  resourceDisplayName: V,
  servicePrincipalId: V,
  servicePrincipalName: V,
  ipAddress: V,
  autonomousSystemNumber: V,
  clientAppUsed: V,
  userAgent: V,
  conditionalAccessStatus: V,
  appliedConditionalAccessPolicies: J,
  authenticationRequirement: V,
  authenticationProtocol: V,
  authenticationDetails: J,
  incomingTokenType: V,
  originalTransferMethod: V,
  isInteractive: V,
  correlationId: V,
  sessionId: V,
  uniqueTokenIdentifier: V,
  riskLevelDuringSignIn: V,
  riskLevelAggregated: V,
  riskState: V,
  riskDetail: V,
  riskEventTypes_v2: J,
  riskEventTypes: J,
  homeTenantId: V,
  resourceTenantId: V,
  signInEventTypes: J,
  status: { errorCode: V, failureReason: V, additionalDetails: V },
  location: { city: V, state: V, countryOrRegion: V },
  deviceDetail: {
    deviceId: V,
    displayName: V,
    operatingSystem: V,
    browser: V,
    trustType: V,
    isCompliant: V,
    isManaged: V,
  },
} as const;

export const GRAPH_AUDIT_SHAPE = {
  id: V,
  activityDateTime: V,
  activityDisplayName: V,
  category: V,
  loggedByService: V,
  operationType: V,
  result: V,
  resultReason: V,
  correlationId: V,
  initiatedBy: J,
  targetResources: J,
  additionalDetails: J,
} as const;

/** Graph names → SQL, rooted at `b` (j for Graph itself, j.properties inside a diagnostic record). */
export function graphSigninFields(b: string): SigninFields {
  return {
    id: `${b}.id`,
    createdDateTime: `${b}.createdDateTime`,
    eventType: `coalesce(${str(`json_extract_string(${b}.signInEventTypes, '$[0]')`)},
      CASE WHEN ${str(`${b}.servicePrincipalId`)} IS NOT NULL AND ${str(`${b}.userId`)} IS NULL THEN 'servicePrincipal'
           WHEN lower(${str(`${b}.isInteractive`)}) = 'false' THEN 'nonInteractiveUser'
           ELSE 'interactiveUser' END)`,
    userPrincipalName: `${b}.userPrincipalName`,
    userDisplayName: `${b}.userDisplayName`,
    userId: `${b}.userId`,
    userType: `${b}.userType`,
    appId: `${b}.appId`,
    appDisplayName: `${b}.appDisplayName`,
    resourceId: `${b}.resourceId`,
    resourceDisplayName: `${b}.resourceDisplayName`,
    servicePrincipalId: `${b}.servicePrincipalId`,
    servicePrincipalName: `${b}.servicePrincipalName`,
    ipAddress: `${b}.ipAddress`,
    country: `${b}.location.countryOrRegion`,
    state: `${b}.location.state`,
    city: `${b}.location.city`,
    asn: `${b}.autonomousSystemNumber`,
    clientAppUsed: `${b}.clientAppUsed`,
    userAgent: `${b}.userAgent`,
    errorCode: `${b}.status.errorCode`,
    failureReason: `${b}.status.failureReason`,
    additionalDetails: `${b}.status.additionalDetails`,
    conditionalAccessStatus: `${b}.conditionalAccessStatus`,
    appliedCaPolicies: `${b}.appliedConditionalAccessPolicies`,
    authenticationRequirement: `${b}.authenticationRequirement`,
    authenticationProtocol: `${b}.authenticationProtocol`,
    authenticationDetails: `${b}.authenticationDetails`,
    incomingTokenType: `${b}.incomingTokenType`,
    originalTransferMethod: `${b}.originalTransferMethod`,
    isInteractive: `${b}.isInteractive`,
    correlationId: `${b}.correlationId`,
    sessionId: `${b}.sessionId`,
    uniqueTokenIdentifier: `${b}.uniqueTokenIdentifier`,
    deviceId: `${b}.deviceDetail.deviceId`,
    deviceName: `${b}.deviceDetail.displayName`,
    deviceOs: `${b}.deviceDetail.operatingSystem`,
    deviceBrowser: `${b}.deviceDetail.browser`,
    deviceTrustType: `${b}.deviceDetail.trustType`,
    deviceIsCompliant: `${b}.deviceDetail.isCompliant`,
    deviceIsManaged: `${b}.deviceDetail.isManaged`,
    riskLevelDuringSignIn: `${b}.riskLevelDuringSignIn`,
    riskLevelAggregated: `${b}.riskLevelAggregated`,
    riskState: `${b}.riskState`,
    riskDetail: `${b}.riskDetail`,
    riskEventTypes: `coalesce(${b}.riskEventTypes_v2, ${b}.riskEventTypes)`,
    homeTenantId: `${b}.homeTenantId`,
    resourceTenantId: `${b}.resourceTenantId`,
  };
}

export function graphAuditFields(b: string): AuditFields {
  return {
    id: `${b}.id`,
    activityDateTime: `${b}.activityDateTime`,
    activityDisplayName: `${b}.activityDisplayName`,
    category: `${b}.category`,
    loggedByService: `${b}.loggedByService`,
    operationType: `${b}.operationType`,
    result: `${b}.result`,
    resultReason: `${b}.resultReason`,
    correlationId: `${b}.correlationId`,
    initiatedBy: `${b}.initiatedBy`,
    targetResources: `${b}.targetResources`,
    additionalDetails: `${b}.additionalDetails`,
  };
}

const signin = graphSigninFields('j');
const audit = graphAuditFields('j');

export const GRAPH_SIGNIN: RecordMapper = {
  name: 'graph-signin',
  table: 'signins',
  structure: { ...GRAPH_SIGNIN_SHAPE, activityDateTime: V },
  route: 'j.activityDateTime IS NULL AND j.createdDateTime IS NOT NULL',
  sourceId: str('j.id'),
  columns: signinColumns(signin),
  rejectReason: signinRejectReason(signin, 'createdDateTime', true),
};

export const GRAPH_AUDIT: RecordMapper = {
  name: 'graph-audit',
  table: 'audits',
  structure: GRAPH_AUDIT_SHAPE,
  route: 'j.activityDateTime IS NOT NULL',
  sourceId: str('j.id'),
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'activityDateTime', true),
};
