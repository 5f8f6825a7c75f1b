import { categorySqlList } from '../core/entra-categories.js';
import type { RecordMapper } from '../core/mapper.js';
import { timedRecordRejectReason } from './reject-reason.js';
import { bigint, int, str, ts } from './sql.js';

/**
 * Microsoft Graph activity logs, in the two shapes they leave Azure Monitor: diagnostic records (category
 * MicrosoftGraphActivityLogs, fields camelCase under `properties`) and Log Analytics rows (table
 * MicrosoftGraphActivityLogs, PascalCase columns). The Log Analytics column names are Microsoft's documented table
 * reference (azure-monitor/reference/tables/microsoftgraphactivitylogs). UNVERIFIED: the diagnostic record's
 * property names, taken as the camelCase of those columns (tenantId for AadTenantId, timeGenerated inside
 * properties beside the envelope's `time`); DuckDB matches struct fields case-insensitively, so a PascalCase
 * variant reads the same.
 */
interface GraphActivityFields {
  time: string;
  requestId: string;
  operationId: string;
  clientRequestId: string;
  apiVersion: string;
  requestMethod: string;
  requestUri: string;
  responseStatusCode: string;
  responseSizeBytes: string;
  durationMs: string;
  appId: string;
  servicePrincipalId: string;
  userId: string;
  tenantId: string;
  ipAddress: string;
  userAgent: string;
  location: string;
  signInActivityId: string;
  sessionId: string;
  deviceId: string;
  tokenIssuedAt: string;
  scopes: string;
  roles: string;
  wids: string;
  identityProvider: string;
  clientAuthMethod: string;
}

function columns(f: GraphActivityFields): Record<string, string> {
  return {
    requested_at: ts(f.time),
    time_source: `CASE WHEN ${ts(f.time)} IS NOT NULL THEN 'event' END`,
    request_id: str(f.requestId),
    operation_id: str(f.operationId),
    client_request_id: str(f.clientRequestId),
    api_version: str(f.apiVersion),
    request_method: `upper(${str(f.requestMethod)})`,
    request_uri: str(f.requestUri),
    response_status_code: int(f.responseStatusCode),
    response_size_bytes: bigint(f.responseSizeBytes),
    duration_ms: bigint(f.durationMs),
    app_id: str(f.appId),
    service_principal_id: str(f.servicePrincipalId),
    user_id: str(f.userId),
    tenant_id: str(f.tenantId),
    ip_address: str(f.ipAddress),
    user_agent: str(f.userAgent),
    location: str(f.location),
    sign_in_activity_id: str(f.signInActivityId),
    session_id: str(f.sessionId),
    device_id: str(f.deviceId),
    token_issued_at: ts(f.tokenIssuedAt),
    scopes: str(f.scopes),
    roles: str(f.roles),
    wids: str(f.wids),
    identity_provider: str(f.identityProvider),
    client_auth_method: int(f.clientAuthMethod),
  };
}

/** A request with no time, a time that is not a date or one outside the plausible range cannot be placed: rejected with the value. */
const rejectReason = (f: GraphActivityFields, timeName: string): string =>
  timedRecordRejectReason({
    time: f.time,
    timeName,
    required: f.requestUri,
    requiredName: 'request URI',
    record: 'a Microsoft Graph activity record',
  });

const V = 'VARCHAR';

const GRAPH_ACTIVITY_PROPERTIES = {
  timeGenerated: V,
  requestId: V,
  operationId: V,
  clientRequestId: V,
  apiVersion: V,
  requestMethod: V,
  requestUri: V,
  responseStatusCode: V,
  responseSizeBytes: V,
  durationMs: V,
  appId: V,
  servicePrincipalId: V,
  userId: V,
  tenantId: V,
  ipAddress: V,
  userAgent: V,
  signInActivityId: V,
  sessionId: V,
  deviceId: V,
  tokenIssuedAt: V,
  scopes: V,
  roles: V,
  wids: V,
  identityProvider: V,
  clientAuthMethod: V,
} as const;

const p = (name: string) => `j.properties.${name}`;

const DIAG_FIELDS: GraphActivityFields = {
  // The envelope's time is when Azure Monitor wrote the record; properties.timeGenerated, when present, is the
  // request's own time.
  time: `coalesce(${str(p('timeGenerated'))}, ${str('j.time')})`,
  requestId: p('requestId'),
  operationId: p('operationId'),
  clientRequestId: p('clientRequestId'),
  apiVersion: p('apiVersion'),
  requestMethod: p('requestMethod'),
  requestUri: p('requestUri'),
  responseStatusCode: `coalesce(${str(p('responseStatusCode'))}, ${str('j.resultSignature')})`,
  responseSizeBytes: p('responseSizeBytes'),
  durationMs: `coalesce(${str(p('durationMs'))}, ${str('j.durationMs')})`,
  appId: p('appId'),
  servicePrincipalId: p('servicePrincipalId'),
  userId: p('userId'),
  tenantId: `coalesce(${str(p('tenantId'))}, ${str('j.tenantId')})`,
  ipAddress: `coalesce(${str(p('ipAddress'))}, ${str('j.callerIpAddress')})`,
  userAgent: p('userAgent'),
  // properties.location is an object in sign-in records of the same file; the region is the envelope's location.
  location: 'j.location',
  signInActivityId: p('signInActivityId'),
  sessionId: p('sessionId'),
  deviceId: p('deviceId'),
  tokenIssuedAt: p('tokenIssuedAt'),
  scopes: p('scopes'),
  roles: p('roles'),
  wids: p('wids'),
  identityProvider: p('identityProvider'),
  clientAuthMethod: p('clientAuthMethod'),
};

export const DIAG_GRAPH_ACTIVITY: RecordMapper = {
  name: 'diag-graph-activity',
  table: 'graph_activity',
  structure: {
    time: V,
    category: V,
    callerIpAddress: V,
    resultSignature: V,
    durationMs: V,
    tenantId: V,
    location: V,
    properties: GRAPH_ACTIVITY_PROPERTIES,
  },
  route: `lower(j.category) IN (${categorySqlList('graph_activity')})`,
  sourceId: str(p('requestId')),
  columns: columns(DIAG_FIELDS),
  rejectReason: rejectReason(DIAG_FIELDS, 'time'),
};

const LA_KEYS = [
  'TimeGenerated',
  'RequestId',
  'OperationId',
  'ClientRequestId',
  'ApiVersion',
  'RequestMethod',
  'RequestUri',
  'ResponseStatusCode',
  'ResponseSizeBytes',
  'DurationMs',
  'AppId',
  'ServicePrincipalId',
  'UserId',
  'AadTenantId',
  'IPAddress',
  'UserAgent',
  'Location',
  'SignInActivityId',
  'SessionId',
  'DeviceId',
  'TokenIssuedAt',
  'Scopes',
  'Roles',
  'Wids',
  'IdentityProvider',
  'ClientAuthMethod',
] as const;

const LA_FIELDS: GraphActivityFields = {
  time: 'j.TimeGenerated',
  requestId: 'j.RequestId',
  operationId: 'j.OperationId',
  clientRequestId: 'j.ClientRequestId',
  apiVersion: 'j.ApiVersion',
  requestMethod: 'j.RequestMethod',
  requestUri: 'j.RequestUri',
  responseStatusCode: 'j.ResponseStatusCode',
  responseSizeBytes: 'j.ResponseSizeBytes',
  durationMs: 'j.DurationMs',
  appId: 'j.AppId',
  servicePrincipalId: 'j.ServicePrincipalId',
  userId: 'j.UserId',
  // Log Analytics' TenantId is the workspace; the Entra tenant is AadTenantId.
  tenantId: 'j.AadTenantId',
  ipAddress: 'j.IPAddress',
  userAgent: 'j.UserAgent',
  location: 'j.Location',
  signInActivityId: 'j.SignInActivityId',
  sessionId: 'j.SessionId',
  deviceId: 'j.DeviceId',
  tokenIssuedAt: 'j.TokenIssuedAt',
  scopes: 'j.Scopes',
  roles: 'j.Roles',
  wids: 'j.Wids',
  identityProvider: 'j.IdentityProvider',
  clientAuthMethod: 'j.ClientAuthMethod',
};

/** Log Analytics rows of MicrosoftGraphActivityLogs: told apart from sign-ins and audits by the request columns. */
export const LA_GRAPH_ACTIVITY_ROUTE = 'j.RequestUri IS NOT NULL AND j.RequestMethod IS NOT NULL';

export const LA_GRAPH_ACTIVITY: RecordMapper = {
  name: 'la-graph-activity',
  table: 'graph_activity',
  structure: Object.fromEntries(LA_KEYS.map((k) => [k, V])),
  route: LA_GRAPH_ACTIVITY_ROUTE,
  sourceId: str('j.RequestId'),
  columns: columns(LA_FIELDS),
  rejectReason: rejectReason(LA_FIELDS, 'TimeGenerated'),
};
