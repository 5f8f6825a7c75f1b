/**
 * The canonical event model: one set of columns per table, whatever shape the record came in.
 * Names are snake_case and keep Microsoft Graph's meaning (error_code is Graph status.errorCode,
 * client_app is clientAppUsed). This list is the single source of truth: the store's DDL, the normalizers'
 * projections and the rule field mappings are all checked against it.
 */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'VARCHAR[]';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly doc: string;
}

/** Columns every event table carries: identity, time, and the pointer back to the raw record. */
const PROVENANCE: readonly ColumnDef[] = [
  { name: 'uid', type: 'VARCHAR', doc: 'stable id: the source id, or a hash of the raw record where it has none' },
  { name: 'source_id', type: 'VARCHAR', doc: "the record's own id field as it was read" },
  { name: 'source_shape', type: 'VARCHAR', doc: 'the input shape the row was read from (e.g. graph-json, la-csv)' },
  { name: 'evidence_sha256', type: 'VARCHAR', doc: 'SHA-256 of the input file (evidence table key)' },
  { name: 'record_index', type: 'BIGINT', doc: '0-based index of the record in that file (CSV: data row)' },
  {
    name: 'time_source',
    type: 'VARCHAR',
    doc: "where the event time came from: event (the record's own time), auth-step (first authentication step), ingestion (Log Analytics TimeGenerated), or null when the record carries no time",
  },
];

export const SIGNIN_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'created_at', type: 'TIMESTAMPTZ', doc: 'createdDateTime: when the sign-in happened (UTC)' },
  {
    name: 'event_type',
    type: 'VARCHAR',
    doc: 'interactiveUser | nonInteractiveUser | servicePrincipal | managedIdentity (signInEventTypes / diagnostic category)',
  },
  { name: 'user_id', type: 'VARCHAR', doc: 'userId (object id)' },
  { name: 'user_principal_name', type: 'VARCHAR', doc: 'userPrincipalName, lower-cased' },
  { name: 'user_display_name', type: 'VARCHAR', doc: 'userDisplayName' },
  { name: 'user_type', type: 'VARCHAR', doc: 'member | guest (lower-cased)' },
  { name: 'app_id', type: 'VARCHAR', doc: 'appId of the client application' },
  { name: 'app_display_name', type: 'VARCHAR', doc: 'appDisplayName' },
  { name: 'resource_id', type: 'VARCHAR', doc: 'resourceId (app id of the resource)' },
  { name: 'resource_display_name', type: 'VARCHAR', doc: 'resourceDisplayName' },
  { name: 'service_principal_id', type: 'VARCHAR', doc: 'servicePrincipalId (service principal sign-ins)' },
  { name: 'service_principal_name', type: 'VARCHAR', doc: 'servicePrincipalName' },
  { name: 'ip_address', type: 'VARCHAR', doc: 'ipAddress' },
  { name: 'country', type: 'VARCHAR', doc: 'location.countryOrRegion (two-letter code)' },
  { name: 'state', type: 'VARCHAR', doc: 'location.state' },
  { name: 'city', type: 'VARCHAR', doc: 'location.city' },
  { name: 'asn', type: 'BIGINT', doc: 'autonomousSystemNumber (beta)' },
  { name: 'client_app', type: 'VARCHAR', doc: 'clientAppUsed, as written' },
  { name: 'is_legacy_auth', type: 'BOOLEAN', doc: 'client_app names a legacy protocol (not Browser / modern clients)' },
  { name: 'user_agent', type: 'VARCHAR', doc: 'userAgent' },
  { name: 'error_code', type: 'INTEGER', doc: 'status.errorCode (0 = success)' },
  { name: 'failure_reason', type: 'VARCHAR', doc: 'status.failureReason' },
  { name: 'additional_details', type: 'VARCHAR', doc: 'status.additionalDetails' },
  { name: 'conditional_access_status', type: 'VARCHAR', doc: 'success | failure | notApplied' },
  { name: 'applied_ca_policies', type: 'VARCHAR', doc: 'appliedConditionalAccessPolicies as JSON text' },
  {
    name: 'authentication_requirement',
    type: 'VARCHAR',
    doc: 'singleFactorAuthentication | multiFactorAuthentication',
  },
  { name: 'authentication_protocol', type: 'VARCHAR', doc: 'authenticationProtocol (ropc, deviceCode, ...)' },
  { name: 'authentication_details', type: 'VARCHAR', doc: 'authenticationDetails as JSON text' },
  { name: 'incoming_token_type', type: 'VARCHAR', doc: 'incomingTokenType' },
  { name: 'original_transfer_method', type: 'VARCHAR', doc: 'originalTransferMethod (deviceCodeFlow, ...)' },
  { name: 'is_interactive', type: 'BOOLEAN', doc: 'isInteractive' },
  { name: 'correlation_id', type: 'VARCHAR', doc: 'correlationId' },
  { name: 'session_id', type: 'VARCHAR', doc: 'sessionId (diagnostic and Log Analytics shapes)' },
  { name: 'unique_token_identifier', type: 'VARCHAR', doc: 'uniqueTokenIdentifier' },
  { name: 'device_id', type: 'VARCHAR', doc: 'deviceDetail.deviceId' },
  { name: 'device_name', type: 'VARCHAR', doc: 'deviceDetail.displayName' },
  { name: 'device_os', type: 'VARCHAR', doc: 'deviceDetail.operatingSystem' },
  { name: 'device_browser', type: 'VARCHAR', doc: 'deviceDetail.browser' },
  { name: 'device_trust_type', type: 'VARCHAR', doc: 'deviceDetail.trustType' },
  { name: 'device_is_compliant', type: 'BOOLEAN', doc: 'deviceDetail.isCompliant' },
  { name: 'device_is_managed', type: 'BOOLEAN', doc: 'deviceDetail.isManaged' },
  { name: 'risk_level_during_signin', type: 'VARCHAR', doc: 'riskLevelDuringSignIn' },
  { name: 'risk_level_aggregated', type: 'VARCHAR', doc: 'riskLevelAggregated' },
  { name: 'risk_state', type: 'VARCHAR', doc: 'riskState' },
  { name: 'risk_detail', type: 'VARCHAR', doc: 'riskDetail' },
  { name: 'risk_event_types', type: 'VARCHAR', doc: 'riskEventTypes_v2 as JSON text' },
  { name: 'home_tenant_id', type: 'VARCHAR', doc: 'homeTenantId' },
  { name: 'resource_tenant_id', type: 'VARCHAR', doc: 'resourceTenantId' },
];

export const AUDIT_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'activity_at', type: 'TIMESTAMPTZ', doc: 'activityDateTime (UTC)' },
  {
    name: 'activity',
    type: 'VARCHAR',
    doc: 'activityDisplayName exactly as written (en dashes, trailing spaces kept)',
  },
  {
    name: 'activity_key',
    type: 'VARCHAR',
    doc: 'activity lower-cased with dashes unified, spaces collapsed and trailing periods removed: what rules match',
  },
  { name: 'category', type: 'VARCHAR', doc: 'category (RoleManagement, UserManagement, ...)' },
  { name: 'logged_by_service', type: 'VARCHAR', doc: 'loggedByService (Core Directory, PIM, ...)' },
  { name: 'operation_type', type: 'VARCHAR', doc: 'operationType (Add, Update, Assign, ...)' },
  { name: 'result', type: 'VARCHAR', doc: 'success | failure | timeout (lower-cased)' },
  { name: 'result_reason', type: 'VARCHAR', doc: 'resultReason' },
  { name: 'correlation_id', type: 'VARCHAR', doc: 'correlationId' },
  { name: 'initiator_type', type: 'VARCHAR', doc: 'user | app: who initiated the change' },
  { name: 'initiator_user_id', type: 'VARCHAR', doc: 'initiatedBy.user.id' },
  { name: 'initiator_upn', type: 'VARCHAR', doc: 'initiatedBy.user.userPrincipalName, lower-cased' },
  {
    name: 'initiator_display_name',
    type: 'VARCHAR',
    doc: 'initiatedBy.user.displayName or initiatedBy.app.displayName',
  },
  { name: 'initiator_ip', type: 'VARCHAR', doc: 'initiatedBy.user.ipAddress' },
  { name: 'initiator_app_id', type: 'VARCHAR', doc: 'initiatedBy.app.appId' },
  { name: 'initiator_sp_id', type: 'VARCHAR', doc: 'initiatedBy.app.servicePrincipalId' },
  { name: 'target_id', type: 'VARCHAR', doc: 'targetResources[0].id' },
  { name: 'target_type', type: 'VARCHAR', doc: 'targetResources[0].type (User, ServicePrincipal, Application, ...)' },
  { name: 'target_display_name', type: 'VARCHAR', doc: 'targetResources[0].displayName' },
  { name: 'target_upn', type: 'VARCHAR', doc: 'targetResources[0].userPrincipalName, lower-cased' },
  {
    name: 'role_name',
    type: 'VARCHAR',
    doc: 'Role.DisplayName from modifiedProperties (role changes), else a Role target',
  },
  { name: 'role_template_id', type: 'VARCHAR', doc: 'Role.TemplateId from modifiedProperties' },
  { name: 'target_resources', type: 'VARCHAR', doc: 'targetResources as JSON text (modifiedProperties included)' },
  { name: 'additional_details', type: 'VARCHAR', doc: 'additionalDetails as JSON text' },
  { name: 'user_agent', type: 'VARCHAR', doc: 'the User-Agent of additionalDetails' },
];

/**
 * The unified audit log (Office 365 Management Activity API / Purview / Search-UnifiedAuditLog): one row per
 * AuditData record, whatever wrapper it came in. Common-schema fields are columns; the whole AuditData object is
 * kept as JSON text because each workload adds its own fields (reference/ual_operations_schema.md).
 */
export const ACTIVITY_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'created_at', type: 'TIMESTAMPTZ', doc: 'AuditData.CreationTime (UTC; written without a Z)' },
  { name: 'operation', type: 'VARCHAR', doc: 'AuditData.Operation exactly as written' },
  { name: 'operation_key', type: 'VARCHAR', doc: 'operation lower-cased, dashes unified, trailing period removed' },
  {
    name: 'workload',
    type: 'VARCHAR',
    doc: 'AuditData.Workload (Exchange, SharePoint, OneDrive, AzureActiveDirectory, ...)',
  },
  { name: 'record_type', type: 'INTEGER', doc: 'AuditData.RecordType (AuditLogRecordType number)' },
  { name: 'user_id', type: 'VARCHAR', doc: 'AuditData.UserId (usually a UPN), lower-cased' },
  { name: 'user_key', type: 'VARCHAR', doc: 'AuditData.UserKey' },
  { name: 'user_type', type: 'VARCHAR', doc: 'AuditData.UserType (Regular, Admin, Application, ...)' },
  { name: 'client_ip', type: 'VARCHAR', doc: 'AuditData.ClientIP / ClientIPAddress without the port' },
  { name: 'result_status', type: 'VARCHAR', doc: 'AuditData.ResultStatus' },
  { name: 'object_id', type: 'VARCHAR', doc: 'AuditData.ObjectId' },
  { name: 'organization_id', type: 'VARCHAR', doc: 'AuditData.OrganizationId (the tenant)' },
  { name: 'app_id', type: 'VARCHAR', doc: 'AuditData.AppId / ClientAppId: the application acting' },
  { name: 'client_info', type: 'VARCHAR', doc: 'AuditData.ClientInfoString / UserAgent' },
  { name: 'mailbox_owner_upn', type: 'VARCHAR', doc: 'AuditData.MailboxOwnerUPN, lower-cased' },
  { name: 'logon_type', type: 'INTEGER', doc: 'AuditData.LogonType (0 owner, 1 admin, 2 delegate)' },
  { name: 'session_id', type: 'VARCHAR', doc: 'AuditData.SessionId or AppAccessContext.AADSessionId' },
  {
    name: 'unique_token_id',
    type: 'VARCHAR',
    doc: 'AppAccessContext.UniqueTokenId (joins sign-in uniqueTokenIdentifier)',
  },
  { name: 'parameters', type: 'VARCHAR', doc: 'AuditData.Parameters as JSON text (inbox rules, forwarding)' },
  { name: 'audit_data', type: 'VARCHAR', doc: 'the whole AuditData object as JSON text' },
];

/**
 * Microsoft Graph activity logs (diagnostic category and Log Analytics table MicrosoftGraphActivityLogs): one row
 * per HTTP request an app or user made to Microsoft Graph. sign_in_activity_id is the token's uti claim, so a
 * request joins the sign-in that issued its token (signins.unique_token_identifier); a token with no sign-in
 * behind it is the mark of a stolen or forged token. Columns follow the Log Analytics table's documented columns.
 */
export const GRAPH_ACTIVITY_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'requested_at', type: 'TIMESTAMPTZ', doc: 'TimeGenerated: when Microsoft Graph received the request (UTC)' },
  { name: 'request_id', type: 'VARCHAR', doc: 'RequestId: the request' },
  { name: 'operation_id', type: 'VARCHAR', doc: 'OperationId: the batch (equal to the request for unbatched calls)' },
  { name: 'client_request_id', type: 'VARCHAR', doc: 'ClientRequestId, when the client sent one' },
  { name: 'api_version', type: 'VARCHAR', doc: 'ApiVersion (v1.0, beta)' },
  { name: 'request_method', type: 'VARCHAR', doc: 'RequestMethod (GET, POST, PATCH, DELETE, ...)' },
  { name: 'request_uri', type: 'VARCHAR', doc: 'RequestUri: the URI called' },
  { name: 'response_status_code', type: 'INTEGER', doc: 'ResponseStatusCode (HTTP status)' },
  { name: 'response_size_bytes', type: 'BIGINT', doc: 'ResponseSizeBytes' },
  { name: 'duration_ms', type: 'BIGINT', doc: 'DurationMs' },
  { name: 'app_id', type: 'VARCHAR', doc: 'AppId: the application that called' },
  { name: 'service_principal_id', type: 'VARCHAR', doc: 'ServicePrincipalId: the caller, for app-only tokens' },
  { name: 'user_id', type: 'VARCHAR', doc: 'UserId: the user object id (oid claim), for delegated tokens' },
  { name: 'tenant_id', type: 'VARCHAR', doc: 'AadTenantId (Entra tenant; Log Analytics TenantId is the workspace)' },
  { name: 'ip_address', type: 'VARCHAR', doc: 'IPAddress: the client address' },
  { name: 'user_agent', type: 'VARCHAR', doc: 'UserAgent' },
  { name: 'location', type: 'VARCHAR', doc: 'Location: the region that served the request' },
  {
    name: 'sign_in_activity_id',
    type: 'VARCHAR',
    doc: "SignInActivityId: the token's uti claim (joins signins.unique_token_identifier)",
  },
  { name: 'session_id', type: 'VARCHAR', doc: 'SessionId: the sid claim (joins signins.session_id)' },
  { name: 'device_id', type: 'VARCHAR', doc: 'DeviceId: the deviceid claim' },
  { name: 'token_issued_at', type: 'TIMESTAMPTZ', doc: 'TokenIssuedAt: the iat claim' },
  { name: 'scopes', type: 'VARCHAR', doc: 'Scopes: delegated permissions in the token (space-separated)' },
  { name: 'roles', type: 'VARCHAR', doc: 'Roles: application permissions in the token (space-separated)' },
  { name: 'wids', type: 'VARCHAR', doc: 'Wids: directory role template ids held by the caller' },
  { name: 'identity_provider', type: 'VARCHAR', doc: 'IdentityProvider: who authenticated the subject' },
  {
    name: 'client_auth_method',
    type: 'INTEGER',
    doc: 'ClientAuthMethod: 0 public client, 1 client secret, 2 client certificate',
  },
];

/**
 * Entra ID Protection records read from exports (diagnostic categories UserRiskEvents, ServicePrincipalRiskEvents,
 * RiskyUsers, RiskyServicePrincipals; Log Analytics AADUserRiskEvents, AADServicePrincipalRiskEvents,
 * AADRiskyUsers, AADRiskyServicePrincipals): risk detections on users and service principals, and the risk state
 * of a user or service principal at a time. Fields follow Graph's riskDetection, servicePrincipalRiskDetection,
 * riskyUser and riskyServicePrincipal (reference/id_protection_risk_detections.md). The risk_detections view
 * that rules read unions the detections here with the collected ones.
 */
export const RISK_EVENT_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  {
    name: 'detected_at',
    type: 'TIMESTAMPTZ',
    doc: 'detectedDateTime (detections) or riskLastUpdatedDateTime (risky users and service principals)',
  },
  {
    name: 'kind',
    type: 'VARCHAR',
    doc: 'userRiskDetection | servicePrincipalRiskDetection | riskyUser | riskyServicePrincipal',
  },
  { name: 'activity_at', type: 'TIMESTAMPTZ', doc: 'activityDateTime: the flagged sign-in or activity' },
  { name: 'risk_event_type', type: 'VARCHAR', doc: 'riskEventType (detections)' },
  { name: 'risk_level', type: 'VARCHAR', doc: 'riskLevel (low, medium, high, none, hidden)' },
  { name: 'risk_state', type: 'VARCHAR', doc: 'riskState (atRisk, confirmedCompromised, remediated, dismissed, ...)' },
  { name: 'risk_detail', type: 'VARCHAR', doc: 'riskDetail' },
  { name: 'detection_timing_type', type: 'VARCHAR', doc: 'detectionTimingType (realtime | offline)' },
  { name: 'activity', type: 'VARCHAR', doc: 'activity (signin | user | servicePrincipal)' },
  { name: 'source', type: 'VARCHAR', doc: 'source (IdentityProtection, MicrosoftCloudAppSecurity, ...)' },
  { name: 'token_issuer_type', type: 'VARCHAR', doc: 'tokenIssuerType' },
  { name: 'user_id', type: 'VARCHAR', doc: 'userId (a risky user: its id)' },
  { name: 'user_principal_name', type: 'VARCHAR', doc: 'userPrincipalName, lower-cased' },
  { name: 'user_display_name', type: 'VARCHAR', doc: 'userDisplayName' },
  { name: 'service_principal_id', type: 'VARCHAR', doc: 'servicePrincipalId (a risky service principal: its id)' },
  { name: 'service_principal_name', type: 'VARCHAR', doc: 'servicePrincipalDisplayName / displayName' },
  { name: 'app_id', type: 'VARCHAR', doc: 'appId of the service principal' },
  { name: 'key_ids', type: 'VARCHAR', doc: 'keyIds: the credentials a service principal detection names, JSON text' },
  { name: 'ip_address', type: 'VARCHAR', doc: 'ipAddress' },
  { name: 'country', type: 'VARCHAR', doc: 'location.countryOrRegion' },
  { name: 'request_id', type: 'VARCHAR', doc: 'requestId (the sign-in id)' },
  { name: 'correlation_id', type: 'VARCHAR', doc: 'correlationId' },
  { name: 'additional_info', type: 'VARCHAR', doc: 'additionalInfo as JSON text' },
];

/**
 * Entra provisioning logs (diagnostic category ProvisioningLogs, Log Analytics AADProvisioningLogs): one row per
 * object a provisioning job created, updated or deleted in a source or target system (Graph
 * provisioningObjectSummary). A provisioning service principal writing accounts into another system, or an
 * inbound job creating accounts in Entra, shows here and nowhere else.
 */
export const PROVISIONING_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'activity_at', type: 'TIMESTAMPTZ', doc: 'activityDateTime (UTC)' },
  { name: 'job_id', type: 'VARCHAR', doc: 'jobId' },
  { name: 'cycle_id', type: 'VARCHAR', doc: 'cycleId' },
  { name: 'change_id', type: 'VARCHAR', doc: 'changeId' },
  { name: 'provisioning_action', type: 'VARCHAR', doc: 'provisioningAction (create, update, delete, disable, ...)' },
  { name: 'status', type: 'VARCHAR', doc: 'provisioningStatusInfo.status (success, failure, skipped, warning)' },
  { name: 'error_code', type: 'VARCHAR', doc: 'provisioningStatusInfo.errorInformation.errorCode' },
  { name: 'error_reason', type: 'VARCHAR', doc: 'provisioningStatusInfo.errorInformation.reason' },
  { name: 'initiator_type', type: 'VARCHAR', doc: 'initiatedBy.initiatorType (user, application, system)' },
  { name: 'initiator_id', type: 'VARCHAR', doc: 'initiatedBy.id' },
  { name: 'initiator_display_name', type: 'VARCHAR', doc: 'initiatedBy.displayName' },
  { name: 'service_principal_id', type: 'VARCHAR', doc: 'servicePrincipal.id: the provisioning app' },
  { name: 'service_principal_name', type: 'VARCHAR', doc: 'servicePrincipal.displayName' },
  { name: 'source_system', type: 'VARCHAR', doc: 'sourceSystem.displayName' },
  { name: 'target_system', type: 'VARCHAR', doc: 'targetSystem.displayName' },
  { name: 'source_identity_id', type: 'VARCHAR', doc: 'sourceIdentity.id' },
  { name: 'source_identity_name', type: 'VARCHAR', doc: 'sourceIdentity.displayName' },
  { name: 'source_identity_type', type: 'VARCHAR', doc: 'sourceIdentity.identityType' },
  { name: 'target_identity_id', type: 'VARCHAR', doc: 'targetIdentity.id' },
  { name: 'target_identity_name', type: 'VARCHAR', doc: 'targetIdentity.displayName' },
  { name: 'target_identity_type', type: 'VARCHAR', doc: 'targetIdentity.identityType' },
  { name: 'modified_properties', type: 'VARCHAR', doc: 'modifiedProperties as JSON text' },
];

/**
 * Global Secure Access traffic logs (diagnostic category NetworkAccessTrafficLogs, Log Analytics
 * NetworkAccessTraffic): one row per connection or transaction through Microsoft's Secure Service Edge, with the
 * user, the device and the destination (Graph networkaccess.networkAccessTraffic).
 */
export const NETWORK_ACCESS_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'created_at', type: 'TIMESTAMPTZ', doc: 'createdDateTime (UTC)' },
  { name: 'transaction_id', type: 'VARCHAR', doc: 'transactionId' },
  { name: 'connection_id', type: 'VARCHAR', doc: 'connectionId' },
  { name: 'session_id', type: 'VARCHAR', doc: 'sessionId' },
  { name: 'traffic_type', type: 'VARCHAR', doc: 'trafficType (internet, private, microsoft365)' },
  { name: 'action', type: 'VARCHAR', doc: 'action (allow | block)' },
  { name: 'user_id', type: 'VARCHAR', doc: 'userId' },
  { name: 'user_principal_name', type: 'VARCHAR', doc: 'userPrincipalName, lower-cased' },
  { name: 'device_id', type: 'VARCHAR', doc: 'deviceId' },
  { name: 'device_os', type: 'VARCHAR', doc: 'deviceOperatingSystem' },
  { name: 'source_ip', type: 'VARCHAR', doc: 'sourceIp: the client address seen by the edge' },
  { name: 'destination_ip', type: 'VARCHAR', doc: 'destinationIp' },
  { name: 'destination_port', type: 'INTEGER', doc: 'destinationPort' },
  { name: 'destination_fqdn', type: 'VARCHAR', doc: 'destinationFqdn' },
  { name: 'destination_url', type: 'VARCHAR', doc: 'destinationUrl' },
  { name: 'transport_protocol', type: 'VARCHAR', doc: 'transportProtocol' },
  { name: 'policy_name', type: 'VARCHAR', doc: 'policyName: the filtering policy that decided' },
  { name: 'policy_rule_name', type: 'VARCHAR', doc: 'policyRuleName' },
  { name: 'sent_bytes', type: 'BIGINT', doc: 'sentBytes' },
  { name: 'received_bytes', type: 'BIGINT', doc: 'receivedBytes' },
];

/**
 * The Azure Activity log (subscription control plane: role assignments, elevate access, resource writes and
 * deletes), in its three shapes: diagnostic records (categories Administrative, Security, Policy, ...), Log
 * Analytics AzureActivity rows, and the REST / portal JSON (eventTimestamp, operationName {value}). A Global
 * Administrator who elevates access to User Access Administrator at root scope shows here as
 * Microsoft.Authorization/elevateAccess/action.
 */
export const AZURE_ACTIVITY_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'event_at', type: 'TIMESTAMPTZ', doc: 'eventTimestamp / time / TimeGenerated (UTC)' },
  { name: 'operation_name', type: 'VARCHAR', doc: 'operationName.value / OperationNameValue, as written' },
  { name: 'category', type: 'VARCHAR', doc: 'Administrative, Security, Policy, ServiceHealth, ... (CategoryValue)' },
  {
    name: 'status',
    type: 'VARCHAR',
    doc: 'status.value / ActivityStatusValue / resultType (Started, Succeeded, Failed, ...)',
  },
  { name: 'sub_status', type: 'VARCHAR', doc: 'subStatus.value / ActivitySubstatusValue / resultSignature' },
  { name: 'level', type: 'VARCHAR', doc: 'level (Informational, Warning, Error, Critical)' },
  { name: 'caller', type: 'VARCHAR', doc: 'caller: the UPN or object id that made the call' },
  { name: 'caller_object_id', type: 'VARCHAR', doc: 'the oid claim: the caller by object id' },
  { name: 'caller_app_id', type: 'VARCHAR', doc: 'the appid claim: the client application' },
  { name: 'caller_ip', type: 'VARCHAR', doc: 'httpRequest.clientIpAddress / callerIpAddress' },
  { name: 'correlation_id', type: 'VARCHAR', doc: 'correlationId' },
  { name: 'operation_id', type: 'VARCHAR', doc: 'operationId' },
  { name: 'resource_id', type: 'VARCHAR', doc: 'resourceId: the ARM id acted on' },
  { name: 'resource_group', type: 'VARCHAR', doc: 'resourceGroupName' },
  { name: 'resource_provider', type: 'VARCHAR', doc: 'resourceProviderName.value / ResourceProviderValue' },
  { name: 'subscription_id', type: 'VARCHAR', doc: 'subscriptionId' },
  {
    name: 'tenant_id',
    type: 'VARCHAR',
    doc: 'tenantId (Entra tenant where written; Log Analytics TenantId is the workspace)',
  },
  {
    name: 'scope',
    type: 'VARCHAR',
    doc: 'authorization.scope: where the action applied ("/" is the root of every subscription)',
  },
  { name: 'authorization_action', type: 'VARCHAR', doc: 'authorization.action' },
  { name: 'role', type: 'VARCHAR', doc: 'authorization.evidence.role: the role that allowed the call' },
  { name: 'message', type: 'VARCHAR', doc: 'properties.message (diagnostic records), else the description' },
  { name: 'properties', type: 'VARCHAR', doc: 'properties as JSON text (request and response bodies of writes)' },
];

/**
 * Microsoft's own alerts (Defender XDR, Entra ID Protection, Defender for Cloud Apps, Defender for Cloud, ...): the
 * Graph security API's alerts_v2 (microsoft.graph.security.alert, its evidence collection kept whole) and the Log
 * Analytics SecurityAlert table (its Entities kept whole). One row per alert and version: an alert updated later
 * (status, evidence) is stored again under its id and update time. `premortem detect` raises each as an alert of
 * its own (rule id microsoft:<product>), which joins incidents through the objects its evidence names.
 */
export const MS_ALERT_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'created_at', type: 'TIMESTAMPTZ', doc: 'createdDateTime / TimeGenerated: when Microsoft raised the alert' },
  { name: 'first_activity_at', type: 'TIMESTAMPTZ', doc: 'firstActivityDateTime / StartTime' },
  { name: 'last_activity_at', type: 'TIMESTAMPTZ', doc: 'lastActivityDateTime / EndTime' },
  { name: 'updated_at', type: 'TIMESTAMPTZ', doc: 'lastUpdateDateTime (alerts_v2)' },
  { name: 'alert_id', type: 'VARCHAR', doc: "id / SystemAlertId: Microsoft's alert id (AlertEvidence rows name it)" },
  { name: 'provider_alert_id', type: 'VARCHAR', doc: 'providerAlertId / VendorOriginalId' },
  { name: 'incident_id', type: 'VARCHAR', doc: "incidentId: Microsoft's incident" },
  { name: 'title', type: 'VARCHAR', doc: 'title / AlertName' },
  { name: 'description', type: 'VARCHAR', doc: 'description / Description' },
  {
    name: 'severity',
    type: 'VARCHAR',
    doc: 'severity / AlertSeverity, lower-cased (informational, low, medium, high)',
  },
  { name: 'status', type: 'VARCHAR', doc: 'status / Status (new, inProgress, resolved)' },
  { name: 'category', type: 'VARCHAR', doc: 'category (alerts_v2) / Tactics (SecurityAlert)' },
  {
    name: 'product',
    type: 'VARCHAR',
    doc: 'serviceSource (microsoftDefenderForCloudApps, azureAdIdentityProtection, ...) / ProductName',
  },
  { name: 'product_name', type: 'VARCHAR', doc: 'productName / ProductName: the product as Microsoft names it' },
  { name: 'detection_source', type: 'VARCHAR', doc: 'detectionSource / ProviderName' },
  { name: 'detector_id', type: 'VARCHAR', doc: 'detectorId / AlertType: the detection logic' },
  { name: 'techniques', type: 'VARCHAR', doc: 'mitreTechniques / Techniques and SubTechniques, JSON text' },
  { name: 'tenant_id', type: 'VARCHAR', doc: 'tenantId (Entra tenant; Log Analytics TenantId is the workspace)' },
  { name: 'alert_web_url', type: 'VARCHAR', doc: 'alertWebUrl / AlertLink' },
  { name: 'classification', type: 'VARCHAR', doc: 'classification (truePositive, falsePositive, ...)' },
  { name: 'determination', type: 'VARCHAR', doc: 'determination (compromisedAccount, ...)' },
  { name: 'compromised_entity', type: 'VARCHAR', doc: 'CompromisedEntity (SecurityAlert)' },
  {
    name: 'evidence',
    type: 'VARCHAR',
    doc: 'evidence (alerts_v2: userEvidence, ipEvidence, oauthApplicationEvidence, ...) / Entities, JSON text',
  },
];

/**
 * Evidence of Microsoft's alerts one row per entity (Log Analytics AlertEvidence; Defender XDR's streaming API
 * records of category AdvancedHunting-AlertEvidence): the users, addresses, devices, mailboxes and applications an
 * alert names, with the role each plays. Joins ms_alerts on alert_id.
 */
export const MS_ALERT_EVIDENCE_COLUMNS: readonly ColumnDef[] = [
  ...PROVENANCE,
  { name: 'created_at', type: 'TIMESTAMPTZ', doc: 'Timestamp / TimeGenerated' },
  { name: 'alert_id', type: 'VARCHAR', doc: "AlertId: Microsoft's alert id" },
  { name: 'title', type: 'VARCHAR', doc: 'Title: the alert' },
  { name: 'severity', type: 'VARCHAR', doc: 'Severity, lower-cased' },
  { name: 'product', type: 'VARCHAR', doc: 'ServiceSource: the product that raised the alert' },
  { name: 'detection_source', type: 'VARCHAR', doc: 'DetectionSource' },
  { name: 'techniques', type: 'VARCHAR', doc: 'AttackTechniques' },
  { name: 'categories', type: 'VARCHAR', doc: 'Categories, JSON text' },
  { name: 'entity_type', type: 'VARCHAR', doc: 'EntityType (User, Ip, Machine, Mailbox, OAuthApplication, ...)' },
  { name: 'evidence_role', type: 'VARCHAR', doc: 'EvidenceRole (Impacted, Related)' },
  { name: 'evidence_direction', type: 'VARCHAR', doc: 'EvidenceDirection (Source, Destination)' },
  { name: 'account_object_id', type: 'VARCHAR', doc: 'AccountObjectId: the Entra object id' },
  { name: 'account_upn', type: 'VARCHAR', doc: 'AccountUpn, lower-cased' },
  { name: 'account_name', type: 'VARCHAR', doc: 'AccountName' },
  { name: 'account_domain', type: 'VARCHAR', doc: 'AccountDomain' },
  { name: 'account_sid', type: 'VARCHAR', doc: 'AccountSid' },
  { name: 'remote_ip', type: 'VARCHAR', doc: 'RemoteIP' },
  { name: 'local_ip', type: 'VARCHAR', doc: 'LocalIP' },
  { name: 'device_id', type: 'VARCHAR', doc: 'DeviceId' },
  { name: 'device_name', type: 'VARCHAR', doc: 'DeviceName' },
  { name: 'application', type: 'VARCHAR', doc: 'Application: the cloud application' },
  { name: 'application_id', type: 'VARCHAR', doc: "ApplicationId: Defender for Cloud Apps' application number" },
  { name: 'oauth_application_id', type: 'VARCHAR', doc: 'OAuthApplicationId: the Entra app id of an OAuth app' },
  { name: 'remote_url', type: 'VARCHAR', doc: 'RemoteUrl' },
  { name: 'email_subject', type: 'VARCHAR', doc: 'EmailSubject' },
  { name: 'network_message_id', type: 'VARCHAR', doc: 'NetworkMessageId' },
  { name: 'file_name', type: 'VARCHAR', doc: 'FileName' },
  { name: 'sha256', type: 'VARCHAR', doc: 'SHA256' },
  { name: 'additional_fields', type: 'VARCHAR', doc: 'AdditionalFields, JSON text' },
];

export type EventTable =
  | 'signins'
  | 'audits'
  | 'activities'
  | 'graph_activity'
  | 'risk_events'
  | 'provisioning'
  | 'network_access'
  | 'azure_activity'
  | 'ms_alerts'
  | 'ms_alert_evidence';

export const EVENT_TABLES: Record<EventTable, { columns: readonly ColumnDef[]; timeColumn: string }> = {
  signins: { columns: SIGNIN_COLUMNS, timeColumn: 'created_at' },
  audits: { columns: AUDIT_COLUMNS, timeColumn: 'activity_at' },
  activities: { columns: ACTIVITY_COLUMNS, timeColumn: 'created_at' },
  graph_activity: { columns: GRAPH_ACTIVITY_COLUMNS, timeColumn: 'requested_at' },
  risk_events: { columns: RISK_EVENT_COLUMNS, timeColumn: 'detected_at' },
  provisioning: { columns: PROVISIONING_COLUMNS, timeColumn: 'activity_at' },
  network_access: { columns: NETWORK_ACCESS_COLUMNS, timeColumn: 'created_at' },
  azure_activity: { columns: AZURE_ACTIVITY_COLUMNS, timeColumn: 'event_at' },
  ms_alerts: { columns: MS_ALERT_COLUMNS, timeColumn: 'created_at' },
  ms_alert_evidence: { columns: MS_ALERT_EVIDENCE_COLUMNS, timeColumn: 'created_at' },
};

export function columnNames(table: EventTable): string[] {
  return EVENT_TABLES[table].columns.map((c) => c.name);
}

/** clientAppUsed values that are modern authentication (reference/legacy_auth_clientapps.md). */
export const MODERN_CLIENT_APPS = ['browser', 'mobile apps and desktop clients'] as const;

/** Lower-case, unify dashes (Microsoft writes both "-" and "–"), collapse spaces, drop trailing periods. */
export function activityKey(activity: string): string {
  return activity
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.+$/, '')
    .trim();
}
