import { eventTypeSqlArms } from '../core/entra-categories.js';
import type { RecordMapper } from '../core/mapper.js';
import { auditColumns, auditRejectReason } from './audit-columns.js';
import { LA_AZURE_ACTIVITY_ROUTE } from './azure-activity.js';
import { LA_ENRICHED_UAL_ROUTE } from './diag-enriched-ual.js';
import { LA_ENTRA_RECORD_ROUTE } from './entra-record-tables.js';
import { signinColumns, signinRejectReason } from './signin-columns.js';
import { jstr, str } from './sql.js';

/**
 * Log Analytics exports (SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs …), as CSV (the reader renames
 * "X [UTC]" to X and merges X_dynamic/X_string into X) or JSON with nested objects as strings. Meaning kept:
 * TimeGenerated is ingestion time, used only when the record has no event time; TenantId is the workspace.
 * Columns: reference/azure_monitor_diag_shape.md.
 */
const SIGNIN_KEYS = [
  'Id',
  'CreatedDateTime',
  'TimeGenerated',
  'Category',
  'Type',
  'UserPrincipalName',
  'UserDisplayName',
  'UserId',
  'UserType',
  'AppId',
  'AppDisplayName',
  'ResourceIdentity',
  'ResourceDisplayName',
  'ServicePrincipalId',
  'ServicePrincipalName',
  'IPAddress',
  'Location',
  'LocationDetails',
  'AutonomousSystemNumber',
  'ClientAppUsed',
  'UserAgent',
  'ResultType',
  'ResultDescription',
  'Status',
  'ConditionalAccessStatus',
  'ConditionalAccessPolicies',
  'AuthenticationRequirement',
  'AuthenticationProtocol',
  'AuthenticationDetails',
  'IncomingTokenType',
  'OriginalTransferMethod',
  'IsInteractive',
  'CorrelationId',
  'SessionId',
  'UniqueTokenIdentifier',
  'DeviceDetail',
  'RiskLevelDuringSignIn',
  'RiskLevelAggregated',
  'RiskState',
  'RiskDetail',
  'RiskEventTypes_V2',
  'HomeTenantId',
  'ResourceTenantId',
] as const;

const AUDIT_KEYS = [
  'Id',
  'ActivityDateTime',
  'TimeGenerated',
  'ActivityDisplayName',
  'OperationName',
  'Category',
  'LoggedByService',
  'AADOperationType',
  'OperationType',
  'Result',
  'ResultReason',
  'ResultDescription',
  'CorrelationId',
  'InitiatedBy',
  'TargetResources',
  'AdditionalDetails',
] as const;

const varchars = (keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.map((k) => [k, 'VARCHAR']));

/** Log Analytics table (or diagnostic category) → signInEventTypes value. */
const eventType = `CASE lower(coalesce(${str('j.Category')}, ${str('j.Type')})) ${eventTypeSqlArms()}
  ELSE CASE WHEN lower(${str('j.IsInteractive')}) = 'false' THEN 'nonInteractiveUser' ELSE 'interactiveUser' END END`;

const signin = {
  id: 'j.Id',
  createdDateTime: 'j.CreatedDateTime',
  // Projected exports can drop CreatedDateTime; the first authentication step still dates the sign-in.
  authStepTime: `json_extract_string(j.AuthenticationDetails, '$[0].authenticationStepDateTime')`,
  ingestionTime: 'j.TimeGenerated',
  eventType,
  userPrincipalName: 'j.UserPrincipalName',
  userDisplayName: 'j.UserDisplayName',
  userId: 'j.UserId',
  userType: 'j.UserType',
  appId: 'j.AppId',
  appDisplayName: 'j.AppDisplayName',
  // Log Analytics' ResourceId is the ARM id of the tenant; the resource's app id is ResourceIdentity.
  resourceId: 'j.ResourceIdentity',
  resourceDisplayName: 'j.ResourceDisplayName',
  servicePrincipalId: 'j.ServicePrincipalId',
  servicePrincipalName: 'j.ServicePrincipalName',
  ipAddress: 'j.IPAddress',
  country: `coalesce(${jstr('j.LocationDetails', '$.countryOrRegion')}, ${str('j.Location')})`,
  state: jstr('j.LocationDetails', '$.state'),
  city: jstr('j.LocationDetails', '$.city'),
  asn: 'j.AutonomousSystemNumber',
  clientAppUsed: 'j.ClientAppUsed',
  userAgent: 'j.UserAgent',
  errorCode: `coalesce(${str('j.ResultType')}, ${jstr('j.Status', '$.errorCode')})`,
  failureReason: `coalesce(${str('j.ResultDescription')}, ${jstr('j.Status', '$.failureReason')})`,
  additionalDetails: jstr('j.Status', '$.additionalDetails'),
  conditionalAccessStatus: 'j.ConditionalAccessStatus',
  appliedCaPolicies: 'j.ConditionalAccessPolicies',
  authenticationRequirement: 'j.AuthenticationRequirement',
  authenticationProtocol: 'j.AuthenticationProtocol',
  authenticationDetails: 'j.AuthenticationDetails',
  incomingTokenType: 'j.IncomingTokenType',
  originalTransferMethod: 'j.OriginalTransferMethod',
  isInteractive: 'j.IsInteractive',
  correlationId: 'j.CorrelationId',
  sessionId: 'j.SessionId',
  uniqueTokenIdentifier: 'j.UniqueTokenIdentifier',
  deviceId: jstr('j.DeviceDetail', '$.deviceId'),
  deviceName: jstr('j.DeviceDetail', '$.displayName'),
  deviceOs: jstr('j.DeviceDetail', '$.operatingSystem'),
  deviceBrowser: jstr('j.DeviceDetail', '$.browser'),
  deviceTrustType: jstr('j.DeviceDetail', '$.trustType'),
  deviceIsCompliant: jstr('j.DeviceDetail', '$.isCompliant'),
  deviceIsManaged: jstr('j.DeviceDetail', '$.isManaged'),
  riskLevelDuringSignIn: 'j.RiskLevelDuringSignIn',
  riskLevelAggregated: 'j.RiskLevelAggregated',
  riskState: 'j.RiskState',
  riskDetail: 'j.RiskDetail',
  riskEventTypes: 'j.RiskEventTypes_V2',
  homeTenantId: 'j.HomeTenantId',
  resourceTenantId: 'j.ResourceTenantId',
};

const audit = {
  id: 'j.Id',
  activityDateTime: 'j.ActivityDateTime',
  ingestionTime: 'j.TimeGenerated',
  activityDisplayName: 'coalesce(j.ActivityDisplayName, j.OperationName)',
  category: 'j.Category',
  loggedByService: 'j.LoggedByService',
  operationType: `coalesce(${str('j.AADOperationType')}, ${str('j.OperationType')})`,
  result: 'j.Result',
  resultReason: `coalesce(${str('j.ResultReason')}, ${str('j.ResultDescription')})`,
  correlationId: 'j.CorrelationId',
  initiatedBy: 'j.InitiatedBy',
  targetResources: 'j.TargetResources',
  additionalDetails: 'j.AdditionalDetails',
};

/** Log Analytics rows of tables with mappers of their own, which may carry a sign-in's or an audit's columns too. */
const OTHER_TABLES = `${LA_ENTRA_RECORD_ROUTE} OR ${LA_AZURE_ACTIVITY_ROUTE} OR ${LA_ENRICHED_UAL_ROUTE}`;

const isAudit = 'j.ActivityDisplayName IS NOT NULL OR j.InitiatedBy IS NOT NULL';

export const LA_SIGNIN: RecordMapper = {
  name: 'la-signin',
  table: 'signins',
  structure: varchars([...SIGNIN_KEYS, 'ActivityDisplayName', 'InitiatedBy']),
  route: `NOT (${isAudit}) AND NOT (${OTHER_TABLES}) AND (j.ResultType IS NOT NULL OR j.Status IS NOT NULL)`,
  sourceId: str('j.Id'),
  columns: signinColumns(signin),
  // Exports of projected queries may carry no time at all: such rows are kept, flagged by a null time_source.
  rejectReason: signinRejectReason(signin, 'CreatedDateTime', false),
};

export const LA_AUDIT: RecordMapper = {
  name: 'la-audit',
  table: 'audits',
  structure: varchars(AUDIT_KEYS),
  route: `(${isAudit}) AND NOT (${OTHER_TABLES})`,
  sourceId: str('j.Id'),
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'ActivityDateTime', false),
};
