import { AZURE_ACTIVITY_CATEGORIES } from '../core/azure-activity-categories.js';
import type { RecordMapper } from '../core/mapper.js';
import { timedRecordRejectReason } from './reject-reason.js';
import { jstr, str, ts } from './sql.js';

/**
 * The Azure Activity log (subscription control-plane operations) in its three shapes, into azure_activity:
 * - diagnostic records (storage PT1H.json, Event Hub bodies): envelope camelCase (time, operationName, category
 *   Administrative|Security|Policy|..., resultType, callerIpAddress, identity {authorization, claims}, level,
 *   properties {message, eventCategory, entity, ...});
 * - Log Analytics AzureActivity rows (OperationNameValue, CategoryValue, ActivityStatusValue, Caller, Authorization,
 *   Claims and Properties as JSON text), as in the real sample sentinel-training-lab/azureActivity_adele.csv;
 * - the REST API and portal JSON (eventTimestamp, operationName {value, localizedValue}, status {value}, caller,
 *   claims, httpRequest {clientIpAddress}, authorization {scope, action}, eventDataId).
 * UNVERIFIED (not in reference/): the diagnostic envelope's field names beyond the Entra ones it shares, and the
 * REST field names, written from Microsoft's published Activity log schema.
 */
interface ActivityLogFields {
  id: string;
  time: string;
  operationName: string;
  category: string;
  status: string;
  subStatus: string;
  level: string;
  caller: string;
  /** JSON text of the claims object. */
  claims: string;
  callerIp: string;
  correlationId: string;
  operationId: string;
  resourceId: string;
  resourceGroup: string;
  resourceProvider: string;
  subscriptionId: string;
  tenantId: string;
  /** JSON text of the authorization object {scope, action, evidence}. */
  authorization: string;
  message: string;
  properties: string;
}

const OID_CLAIM = '$."http://schemas.microsoft.com/identity/claims/objectidentifier"';
const fromResource = (resourceId: string, segment: string) =>
  `nullif(regexp_extract(${str(resourceId)}, '(?i)/${segment}/([^/]+)', 1), '')`;

function columns(f: ActivityLogFields): Record<string, string> {
  return {
    event_at: ts(f.time),
    time_source: `CASE WHEN ${ts(f.time)} IS NOT NULL THEN 'event' END`,
    operation_name: str(f.operationName),
    category: str(f.category),
    status: str(f.status),
    sub_status: str(f.subStatus),
    level: str(f.level),
    caller: str(f.caller),
    caller_object_id: jstr(f.claims, OID_CLAIM),
    caller_app_id: jstr(f.claims, '$.appid'),
    caller_ip: str(f.callerIp),
    correlation_id: str(f.correlationId),
    operation_id: str(f.operationId),
    resource_id: str(f.resourceId),
    resource_group: `coalesce(${str(f.resourceGroup)}, ${fromResource(f.resourceId, 'resourceGroups')})`,
    resource_provider: `coalesce(${str(f.resourceProvider)}, ${fromResource(f.resourceId, 'providers')})`,
    subscription_id: `coalesce(${str(f.subscriptionId)}, ${fromResource(f.resourceId, 'subscriptions')})`,
    tenant_id: str(f.tenantId),
    scope: jstr(f.authorization, '$.scope'),
    authorization_action: jstr(f.authorization, '$.action'),
    role: jstr(f.authorization, '$.evidence.role'),
    message: str(f.message),
    properties: str(f.properties),
  };
}

const rejectReason = (f: ActivityLogFields, timeName: string): string =>
  timedRecordRejectReason({
    time: f.time,
    timeName,
    required: f.operationName,
    requiredName: 'operation name',
    record: 'an Azure Activity log record',
  });

const V = 'VARCHAR';
const J = 'JSON';
const json = (e: string) => `CAST(${e} AS VARCHAR)`;

// requestbody / responseBody: the write's request (a role assignment's RoleDefinitionId and Scope, as Microsoft's own
// audit query reads it from the Start record) and the resource written, each as JSON text.
const DIAG_PROPERTIES = {
  message: V,
  eventCategory: V,
  entity: V,
  hierarchy: V,
  statusCode: V,
  serviceRequestId: V,
  requestbody: V,
  responseBody: V,
  statusMessage: V,
};
const DIAG_FIELDS: ActivityLogFields = {
  id: 'NULL',
  time: 'j.time',
  operationName: 'j.operationName',
  category: 'j.category',
  status: 'j.resultType',
  subStatus: 'j.resultSignature',
  level: 'j.level',
  caller: `coalesce(json_extract_string(j.identity, '$.claims."http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"'),
    json_extract_string(j.identity, '$.claims${OID_CLAIM.slice(1)}'))`,
  claims: `json_extract(j.identity, '$.claims')`,
  callerIp: 'j.callerIpAddress',
  correlationId: 'j.correlationId',
  operationId: 'NULL',
  resourceId: 'j.resourceId',
  resourceGroup: 'NULL',
  resourceProvider: 'NULL',
  subscriptionId: 'NULL',
  tenantId: 'j.tenantId',
  authorization: `json_extract(j.identity, '$.authorization')`,
  message: 'j.properties.message',
  // The properties this mapper declares (the dialect's shared parse types the rest for other categories).
  properties: `CAST(to_json(struct_pack(${Object.keys(DIAG_PROPERTIES)
    .map((k) => `${k} := j.properties.${k}`)
    .join(', ')})) AS VARCHAR)`,
};

export const DIAG_AZURE_ACTIVITY: RecordMapper = {
  name: 'diag-azure-activity',
  table: 'azure_activity',
  structure: {
    time: V,
    category: V,
    operationName: V,
    resultType: V,
    resultSignature: V,
    level: V,
    callerIpAddress: V,
    correlationId: V,
    resourceId: V,
    tenantId: V,
    identity: J,
    properties: DIAG_PROPERTIES,
  },
  route: `lower(j.category) IN (${AZURE_ACTIVITY_CATEGORIES.map((c) => `'${c}'`).join(', ')})`,
  sourceId: 'CAST(NULL AS VARCHAR)',
  columns: columns(DIAG_FIELDS),
  rejectReason: rejectReason(DIAG_FIELDS, 'time'),
};

const LA_KEYS = [
  'TimeGenerated',
  'EventDataId',
  'OperationNameValue',
  'OperationName',
  'CategoryValue',
  'ActivityStatusValue',
  'ActivitySubstatusValue',
  'Level',
  'Caller',
  'Claims',
  'Claims_d',
  'CallerIpAddress',
  'CorrelationId',
  'OperationId',
  'ResourceId',
  '_ResourceId',
  'ResourceGroup',
  'ResourceProviderValue',
  'SubscriptionId',
  'Authorization',
  'Authorization_d',
  'Properties',
  'Properties_d',
] as const;

const LA_FIELDS: ActivityLogFields = {
  id: 'j.EventDataId',
  time: 'j.TimeGenerated',
  operationName: `coalesce(${str('j.OperationNameValue')}, ${str('j.OperationName')})`,
  category: 'j.CategoryValue',
  status: 'j.ActivityStatusValue',
  subStatus: 'j.ActivitySubstatusValue',
  level: 'j.Level',
  caller: 'j.Caller',
  claims: `coalesce(${str('j.Claims_d')}, ${str('j.Claims')})`,
  callerIp: 'j.CallerIpAddress',
  correlationId: 'j.CorrelationId',
  operationId: 'j.OperationId',
  resourceId: `coalesce(${str('j._ResourceId')}, ${str('j.ResourceId')})`,
  resourceGroup: 'j.ResourceGroup',
  resourceProvider: 'j.ResourceProviderValue',
  subscriptionId: 'j.SubscriptionId',
  // Log Analytics' TenantId is the workspace, not the Entra tenant.
  tenantId: 'NULL',
  authorization: `coalesce(${str('j.Authorization_d')}, ${str('j.Authorization')})`,
  message: `json_extract_string(coalesce(${str('j.Properties_d')}, ${str('j.Properties')}), '$.message')`,
  properties: `coalesce(${str('j.Properties_d')}, ${str('j.Properties')})`,
};

/** Log Analytics AzureActivity rows: the *Value columns no other table has. */
export const LA_AZURE_ACTIVITY_ROUTE =
  '(j.OperationNameValue IS NOT NULL OR j.CategoryValue IS NOT NULL OR j.ActivityStatusValue IS NOT NULL)';

export const LA_AZURE_ACTIVITY: RecordMapper = {
  name: 'la-azure-activity',
  table: 'azure_activity',
  structure: Object.fromEntries(LA_KEYS.map((k) => [k, V])),
  route: LA_AZURE_ACTIVITY_ROUTE,
  sourceId: str('j.EventDataId'),
  columns: columns(LA_FIELDS),
  rejectReason: rejectReason(LA_FIELDS, 'TimeGenerated'),
};

const REST_FIELDS: ActivityLogFields = {
  id: 'j.eventDataId',
  time: `coalesce(${str('j.eventTimestamp')}, ${str('j.submissionTimestamp')})`,
  // An object {value, localizedValue} in the REST API; a plain string in some portal downloads.
  operationName: `coalesce(json_extract_string(j.operationName, '$.value'), json_extract_string(j.operationName, '$'))`,
  category: `json_extract_string(j.category, '$.value')`,
  status: `json_extract_string(j.status, '$.value')`,
  subStatus: `json_extract_string(j.subStatus, '$.value')`,
  level: 'j.level',
  caller: 'j.caller',
  claims: json('j.claims'),
  callerIp: `json_extract_string(j.httpRequest, '$.clientIpAddress')`,
  correlationId: 'j.correlationId',
  operationId: 'j.operationId',
  resourceId: 'j.resourceId',
  resourceGroup: 'j.resourceGroupName',
  resourceProvider: `json_extract_string(j.resourceProviderName, '$.value')`,
  subscriptionId: 'j.subscriptionId',
  tenantId: 'j.tenantId',
  authorization: json('j.authorization'),
  message: 'j.description',
  properties: json('j.properties'),
};

/** The REST API's and the portal's JSON (eventTimestamp, operationName {value}). */
export const REST_AZURE_ACTIVITY: RecordMapper = {
  name: 'azure-activity-json',
  table: 'azure_activity',
  structure: {
    eventDataId: V,
    eventTimestamp: V,
    submissionTimestamp: V,
    operationName: J,
    category: J,
    status: J,
    subStatus: J,
    level: V,
    caller: V,
    claims: J,
    httpRequest: J,
    correlationId: V,
    operationId: V,
    resourceId: V,
    resourceGroupName: V,
    resourceProviderName: J,
    subscriptionId: V,
    tenantId: V,
    authorization: J,
    description: V,
    properties: J,
  },
  route: 'j.eventTimestamp IS NOT NULL OR j.eventDataId IS NOT NULL',
  sourceId: str('j.eventDataId'),
  columns: columns(REST_FIELDS),
  rejectReason: rejectReason(REST_FIELDS, 'eventTimestamp'),
};
