import { MODERN_CLIENT_APPS } from '../core/event-model.js';
import { implausibleTime, implausibleTimeReason } from './plausible-time.js';
import { bigint, bool, int, lowerStr, str, ts } from './sql.js';

/**
 * Where each sign-in field sits in one input shape, as SQL expressions yielding text (nested objects as JSON
 * text). Omitted fields are absent from that shape. The builder below turns them into the canonical columns, so
 * Graph, diagnostic records and Log Analytics exports cannot disagree on meaning.
 */
export interface SigninFields {
  id: string;
  createdDateTime: string;
  /** Fallbacks for exports that dropped the event time, in order of trust. */
  authStepTime?: string;
  ingestionTime?: string;
  eventType: string;
  userPrincipalName: string;
  userDisplayName?: string;
  userId?: string;
  userType?: string;
  appId?: string;
  appDisplayName?: string;
  resourceId?: string;
  resourceDisplayName?: string;
  servicePrincipalId?: string;
  servicePrincipalName?: string;
  ipAddress: string;
  country?: string;
  state?: string;
  city?: string;
  asn?: string;
  clientAppUsed?: string;
  userAgent?: string;
  errorCode: string;
  failureReason?: string;
  additionalDetails?: string;
  conditionalAccessStatus?: string;
  appliedCaPolicies?: string;
  authenticationRequirement?: string;
  authenticationProtocol?: string;
  authenticationDetails?: string;
  incomingTokenType?: string;
  originalTransferMethod?: string;
  isInteractive?: string;
  correlationId?: string;
  sessionId?: string;
  uniqueTokenIdentifier?: string;
  deviceId?: string;
  deviceName?: string;
  deviceOs?: string;
  deviceBrowser?: string;
  deviceTrustType?: string;
  deviceIsCompliant?: string;
  deviceIsManaged?: string;
  riskLevelDuringSignIn?: string;
  riskLevelAggregated?: string;
  riskState?: string;
  riskDetail?: string;
  riskEventTypes?: string;
  homeTenantId?: string;
  resourceTenantId?: string;
}

const opt = (e: string | undefined, f: (x: string) => string): string => (e === undefined ? 'NULL' : f(e));

const MODERN = MODERN_CLIENT_APPS.map((a) => `'${a}'`).join(', ');

function signinTime(f: SigninFields): string {
  const timeChain = [ts(f.createdDateTime)];
  if (f.authStepTime) timeChain.push(ts(f.authStepTime));
  if (f.ingestionTime) timeChain.push(ts(f.ingestionTime));
  return `coalesce(${timeChain.join(', ')})`;
}

/** Canonical sign-in column → SQL expression (columns not listed are provenance, filled by the loader). */
export function signinColumns(f: SigninFields): Record<string, string> {
  const clientApp = opt(f.clientAppUsed, str);
  return {
    created_at: signinTime(f),
    time_source: `CASE WHEN ${ts(f.createdDateTime)} IS NOT NULL THEN 'event'${
      f.authStepTime ? ` WHEN ${ts(f.authStepTime)} IS NOT NULL THEN 'auth-step'` : ''
    }${f.ingestionTime ? ` WHEN ${ts(f.ingestionTime)} IS NOT NULL THEN 'ingestion'` : ''} END`,
    event_type: f.eventType,
    user_id: opt(f.userId, str),
    user_principal_name: lowerStr(f.userPrincipalName),
    user_display_name: opt(f.userDisplayName, str),
    user_type: opt(f.userType, lowerStr),
    app_id: opt(f.appId, str),
    app_display_name: opt(f.appDisplayName, str),
    resource_id: opt(f.resourceId, str),
    resource_display_name: opt(f.resourceDisplayName, str),
    service_principal_id: opt(f.servicePrincipalId, str),
    service_principal_name: opt(f.servicePrincipalName, str),
    ip_address: str(f.ipAddress),
    country: opt(f.country, str),
    state: opt(f.state, str),
    city: opt(f.city, str),
    asn: opt(f.asn, bigint),
    client_app: clientApp,
    is_legacy_auth: `CASE WHEN ${clientApp} IS NULL THEN NULL ELSE lower(${clientApp}) NOT IN (${MODERN}) END`,
    user_agent: opt(f.userAgent, str),
    error_code: int(f.errorCode),
    failure_reason: opt(f.failureReason, str),
    additional_details: opt(f.additionalDetails, str),
    conditional_access_status: opt(f.conditionalAccessStatus, str),
    applied_ca_policies: opt(f.appliedCaPolicies, str),
    authentication_requirement: opt(f.authenticationRequirement, str),
    authentication_protocol: opt(f.authenticationProtocol, str),
    authentication_details: opt(f.authenticationDetails, str),
    incoming_token_type: opt(f.incomingTokenType, str),
    original_transfer_method: opt(f.originalTransferMethod, str),
    is_interactive: opt(f.isInteractive, bool),
    correlation_id: opt(f.correlationId, str),
    session_id: opt(f.sessionId, str),
    unique_token_identifier: opt(f.uniqueTokenIdentifier, str),
    device_id: opt(f.deviceId, str),
    device_name: opt(f.deviceName, str),
    device_os: opt(f.deviceOs, str),
    device_browser: opt(f.deviceBrowser, str),
    device_trust_type: opt(f.deviceTrustType, str),
    device_is_compliant: opt(f.deviceIsCompliant, bool),
    device_is_managed: opt(f.deviceIsManaged, bool),
    risk_level_during_signin: opt(f.riskLevelDuringSignIn, str),
    risk_level_aggregated: opt(f.riskLevelAggregated, str),
    risk_state: opt(f.riskState, str),
    risk_detail: opt(f.riskDetail, str),
    risk_event_types: opt(f.riskEventTypes, str),
    home_tenant_id: opt(f.homeTenantId, str),
    resource_tenant_id: opt(f.resourceTenantId, str),
  };
}

/** The reason a sign-in record cannot be loaded, or NULL. */
export function signinRejectReason(f: SigninFields, timeField: string, timeRequired: boolean): string {
  const chain = [f.createdDateTime, f.authStepTime, f.ingestionTime].filter((x): x is string => x !== undefined);
  const anyParsed = chain.map((e) => `${ts(e)} IS NOT NULL`).join(' OR ');
  const anyPresent = chain.map((e) => `${str(e)} IS NOT NULL`).join(' OR ');
  return `CASE
    WHEN (${anyPresent}) AND NOT (${anyParsed}) THEN '${timeField} "' || left(${str(f.createdDateTime)}, 60) || '" is not a date'
    ${timeRequired ? `WHEN NOT (${anyPresent}) THEN 'no ${timeField}: not a sign-in record'` : ''}
    WHEN ${implausibleTime(signinTime(f))} THEN ${implausibleTimeReason(timeField, `coalesce(${chain.map(str).join(', ')})`)}
    WHEN ${int(f.errorCode)} IS NULL AND ${str(f.errorCode)} IS NOT NULL THEN 'error code "' || left(${str(f.errorCode)}, 40) || '" is not a number'
  END`;
}
