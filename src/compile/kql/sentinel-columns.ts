import type { ColumnType } from '../../core/event-model.js';
import { MODERN_CLIENT_APPS } from '../../core/event-model.js';
import { kqlString } from './kql-text.js';
import { SENTINEL_TABLES, type SentinelTable } from './sentinel-tables.js';

/**
 * Per Sentinel table, each canonical column as a KQL expression over that table's columns, with the canonical type:
 * the Sentinel side of what src/normalize/ does for imports. Used by sentinel-sources.ts.
 */
const NULLS: Record<ColumnType, string> = {
  VARCHAR: '""',
  INTEGER: 'int(null)',
  BIGINT: 'long(null)',
  BOOLEAN: 'bool(null)',
  TIMESTAMPTZ: 'datetime(null)',
  'VARCHAR[]': 'dynamic(null)',
};

/** A typed null for a canonical type (strings are empty: KQL strings are never null). */
export function kqlNull(type: ColumnType): string {
  return NULLS[type];
}

/** Expressions over one Sentinel table that know which of its columns are dynamic. */
function fieldsOf(table: SentinelTable) {
  const schema = SENTINEL_TABLES[table];
  const has = (c: string): boolean => Object.hasOwn(schema, c);
  /** A dynamic value for a column: itself when dynamic, parsed when a JSON string. */
  const dyn = (c: string): string => (schema[c] === 'dynamic' ? c : `parse_json(${c})`);
  return {
    has,
    dyn,
    /** A column (with a JSON path into it) as text; empty when the table lacks the column. */
    text: (c: string, path = ''): string =>
      !has(c) ? '""' : path === '' ? (schema[c] === 'string' ? c : `tostring(${c})`) : `tostring(${dyn(c)}${path})`,
  };
}

/** Canonical column name -> KQL expression in one Sentinel table. */
export type Columns = Record<string, string | undefined>;

/** tolower(), skipped for the empty text a table without the column gives. */
const lower = (expr: string): string => (expr === '""' ? expr : `tolower(${expr})`);

/** Lower-case, unify dashes, collapse spaces, drop trailing periods: core/event-model.ts activityKey() in KQL. */
function activityKey(expr: string): string {
  return `trim_end(@"[.\\s]+", trim(@"\\s+", replace_regex(replace_regex(tolower(${expr}), @"[\\x{2010}-\\x{2015}\\x{2212}]", "-"), @"\\s+", " ")))`;
}

/** A sign-in table's columns; eventType is the signInEventTypes value its rows stand for. */
export function signinColumns(table: SentinelTable, eventType: string): Columns {
  const f = fieldsOf(table);
  const t = f.text;
  const clientApp = t('ClientAppUsed');
  return {
    created_at: 'TimeGenerated',
    event_type: kqlString(eventType),
    user_id: t('UserId'),
    user_principal_name: lower(t('UserPrincipalName')),
    user_display_name: t('UserDisplayName'),
    user_type: lower(t('UserType')),
    app_id: t('AppId'),
    app_display_name: f.has('AppDisplayName') ? t('AppDisplayName') : t('ServicePrincipalName'),
    resource_id: t('ResourceIdentity'),
    resource_display_name: t('ResourceDisplayName'),
    service_principal_id: t('ServicePrincipalId'),
    service_principal_name: t('ServicePrincipalName'),
    ip_address: t('IPAddress'),
    country: `coalesce(${t('LocationDetails', '.countryOrRegion')}, ${t('Location')})`,
    state: t('LocationDetails', '.state'),
    city: t('LocationDetails', '.city'),
    asn: f.has('AutonomousSystemNumber') ? 'tolong(AutonomousSystemNumber)' : kqlNull('BIGINT'),
    client_app: clientApp,
    is_legacy_auth: `iff(isempty(${clientApp}), bool(null), tolower(${clientApp}) !in (${MODERN_CLIENT_APPS.map((a) => kqlString(a)).join(', ')}))`,
    user_agent: t('UserAgent'),
    error_code: 'toint(ResultType)',
    failure_reason: `coalesce(${t('ResultDescription')}, ${t('Status', '.failureReason')})`,
    additional_details: t('Status', '.additionalDetails'),
    conditional_access_status: t('ConditionalAccessStatus'),
    applied_ca_policies: t('ConditionalAccessPolicies'),
    authentication_requirement: t('AuthenticationRequirement'),
    authentication_protocol: t('AuthenticationProtocol'),
    authentication_details: t('AuthenticationDetails'),
    incoming_token_type: t('IncomingTokenType'),
    original_transfer_method: t('OriginalTransferMethod'),
    is_interactive: f.has('IsInteractive') ? 'IsInteractive' : 'false',
    correlation_id: t('CorrelationId'),
    session_id: t('SessionId'),
    unique_token_identifier: t('UniqueTokenIdentifier'),
    device_id: t('DeviceDetail', '.deviceId'),
    device_name: t('DeviceDetail', '.displayName'),
    device_os: t('DeviceDetail', '.operatingSystem'),
    device_browser: t('DeviceDetail', '.browser'),
    device_trust_type: t('DeviceDetail', '.trustType'),
    device_is_compliant: f.has('DeviceDetail') ? `tobool(${f.dyn('DeviceDetail')}.isCompliant)` : kqlNull('BOOLEAN'),
    device_is_managed: f.has('DeviceDetail') ? `tobool(${f.dyn('DeviceDetail')}.isManaged)` : kqlNull('BOOLEAN'),
    risk_level_during_signin: t('RiskLevelDuringSignIn'),
    risk_level_aggregated: t('RiskLevelAggregated'),
    risk_state: t('RiskState'),
    risk_detail: t('RiskDetail'),
    risk_event_types: t('RiskEventTypes_V2'),
    home_tenant_id: t('HomeTenantId'),
    resource_tenant_id: t('ResourceTenantId'),
  };
}

/**
 * A modified property's new value (Role.DisplayName, Role.TemplateId), JSON-encoded inside the JSON text. KQL has
 * no filter over an array inside an expression, so it is read with a regular expression that assumes Microsoft's
 * key order (displayName, oldValue, newValue): an approximation, stated in docs/rules.md.
 */
function modifiedProperty(name: string): string {
  const key = name.replace(/\./g, '\\.');
  return `extract(@'"displayName":"${key}","oldValue":(?:null|"(?:[^"\\\\]|\\\\.)*"),"newValue":"\\\\"([^"\\\\]*)\\\\""', 1, tostring(TargetResources))`;
}

/** AuditLogs' columns. */
export function auditColumns(): Columns {
  const user = (p: string) => `tostring(InitiatedBy.user.${p})`;
  const app = (p: string) => `tostring(InitiatedBy.app.${p})`;
  const target = (p: string) => `tostring(TargetResources[0].${p})`;
  return {
    activity_at: 'TimeGenerated',
    activity: 'OperationName',
    activity_key: activityKey('OperationName'),
    category: 'Category',
    logged_by_service: 'LoggedByService',
    operation_type: 'AADOperationType',
    result: 'tolower(Result)',
    result_reason: 'ResultReason',
    correlation_id: 'CorrelationId',
    initiator_type: `case(isnotempty(${user('id')}) or isnotempty(${user('userPrincipalName')}), "user", isnotempty(${app('appId')}) or isnotempty(${app('servicePrincipalId')}) or isnotempty(${app('displayName')}), "app", "")`,
    initiator_user_id: user('id'),
    initiator_upn: `tolower(${user('userPrincipalName')})`,
    initiator_display_name: `coalesce(${user('displayName')}, ${app('displayName')}, ${app('servicePrincipalName')})`,
    initiator_ip: user('ipAddress'),
    initiator_app_id: app('appId'),
    initiator_sp_id: app('servicePrincipalId'),
    target_id: target('id'),
    target_type: target('type'),
    target_display_name: target('displayName'),
    target_upn: `tolower(${target('userPrincipalName')})`,
    role_name: `coalesce(${modifiedProperty('Role.DisplayName')}, iff(${target('type')} =~ "Role", ${target('displayName')}, ""))`,
    role_template_id: modifiedProperty('Role.TemplateId'),
    target_resources: 'tostring(TargetResources)',
    additional_details: 'tostring(AdditionalDetails)',
    user_agent: `extract(@'(?i)"key":"User-Agent","value":"([^"]*)"', 1, tostring(AdditionalDetails))`,
  };
}

/** ClientIP without a port (1.2.3.4:5678, [::1]:443), as the importer stores it. */
function withoutPort(expr: string): string {
  return `coalesce(extract(@"^(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+$", 1, ${expr}), extract(@"^\\[([0-9A-Fa-f:.]+)\\]:\\d+$", 1, ${expr}), ${expr})`;
}

/** OfficeActivity's columns. */
export function activityColumns(): Columns {
  return {
    created_at: 'TimeGenerated',
    operation: 'Operation',
    operation_key: activityKey('Operation'),
    workload: 'OfficeWorkload',
    user_id: 'tolower(UserId)',
    user_key: 'UserKey',
    user_type: 'UserType',
    client_ip: withoutPort('coalesce(ClientIP, Client_IPAddress, ActorIpAddress)'),
    result_status: 'ResultStatus',
    object_id: 'OfficeObjectId',
    organization_id: 'OrganizationId',
    app_id: 'coalesce(AppId, ClientAppId)',
    client_info: 'coalesce(ClientInfoString, UserAgent)',
    mailbox_owner_upn: 'tolower(MailboxOwnerUPN)',
    session_id: '""',
    parameters: 'Parameters',
    // No AuditData object survives in OfficeActivity: the row itself (AuditData flattened into columns) stands for
    // it, as in the importer (src/normalize/office-activity.ts).
    audit_data: 'tostring(pack_all())',
  };
}

/** AADUserRiskEvents' columns. */
export function riskColumns(): Columns {
  return {
    detected_at: 'TimeGenerated',
    activity_at: 'ActivityDateTime',
    risk_event_type: 'RiskEventType',
    risk_level: 'RiskLevel',
    risk_state: 'RiskState',
    risk_detail: 'RiskDetail',
    detection_timing_type: 'DetectionTimingType',
    activity: 'Activity',
    source: 'Source',
    token_issuer_type: 'TokenIssuerType',
    user_id: 'UserId',
    user_principal_name: 'tolower(UserPrincipalName)',
    user_display_name: 'UserDisplayName',
    ip_address: 'IpAddress',
    country: 'tostring(Location.countryOrRegion)',
    request_id: 'RequestId',
    correlation_id: 'CorrelationId',
    additional_info: 'tostring(AdditionalInfo)',
  };
}

/** MicrosoftGraphActivityLogs' columns. */
export function graphActivityColumns(): Columns {
  return {
    requested_at: 'TimeGenerated',
    request_id: 'RequestId',
    operation_id: 'OperationId',
    client_request_id: 'ClientRequestId',
    api_version: 'ApiVersion',
    request_method: 'RequestMethod',
    request_uri: 'RequestUri',
    response_status_code: 'toint(ResponseStatusCode)',
    response_size_bytes: 'tolong(ResponseSizeBytes)',
    duration_ms: 'tolong(DurationMs)',
    app_id: 'AppId',
    service_principal_id: 'ServicePrincipalId',
    user_id: 'UserId',
    tenant_id: 'AadTenantId',
    ip_address: 'IPAddress',
    user_agent: 'UserAgent',
    location: 'Location',
    sign_in_activity_id: 'SignInActivityId',
    session_id: 'SessionId',
    device_id: 'DeviceId',
    token_issued_at: 'TokenIssuedAt',
    scopes: 'Scopes',
    roles: 'Roles',
    wids: 'Wids',
    identity_provider: 'IdentityProvider',
    client_auth_method: 'toint(ClientAuthMethod)',
  };
}

/** AzureActivity: the *Value columns and the dynamic _d forms of Authorization, Claims and Properties. */
export function azureActivityColumns(): Columns {
  return {
    event_at: 'TimeGenerated',
    operation_name: 'OperationNameValue',
    category: 'CategoryValue',
    status: 'ActivityStatusValue',
    sub_status: 'ActivitySubstatusValue',
    level: 'Level',
    caller: 'Caller',
    caller_object_id: 'tostring(Claims_d["http://schemas.microsoft.com/identity/claims/objectidentifier"])',
    caller_app_id: 'tostring(Claims_d.appid)',
    caller_ip: 'CallerIpAddress',
    correlation_id: 'CorrelationId',
    operation_id: 'OperationId',
    resource_id: '_ResourceId',
    resource_group: 'ResourceGroup',
    resource_provider: 'ResourceProviderValue',
    subscription_id: 'SubscriptionId',
    scope: 'tostring(Authorization_d.scope)',
    authorization_action: 'tostring(Authorization_d.action)',
    role: 'tostring(Authorization_d.evidence.role)',
    message: 'tostring(Properties_d.message)',
    properties: 'tostring(Properties_d)',
  };
}
