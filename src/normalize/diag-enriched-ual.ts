import type { RecordMapper } from '../core/mapper.js';
import { type ActivityFields, activityColumns, activityRejectReason } from './activity-columns.js';
import { str } from './sql.js';

/**
 * Global Secure Access's enriched Microsoft 365 audit records (diagnostic category EnrichedOffice365AuditLogs):
 * unified-audit-log records with the network context the edge saw, so they load into `activities` with the UAL's
 * meaning. UNVERIFIED (not in reference/): the property names, taken as the camelCase of the Log Analytics table
 * EnrichedMicrosoft365AuditLogs' columns (operation, workload, recordType, userId, clientIp, objectId, ...), each
 * also read in the AuditData spelling where the two differ. The fields join the diagnostic dialect's one parsed
 * structure (no derived parse, which would take every diagnostic file off the NDJSON fast path); the whole
 * record stays in the kept original (`premortem show UID`), and audit_data holds the projected common fields.
 */
const V = 'VARCHAR';
const p = (name: string) => `j.properties.${name}`;

const PROPERTIES = {
  id: V,
  creationTime: V,
  timeGenerated: V,
  operation: V,
  workload: V,
  recordType: V,
  userId: V,
  userKey: V,
  userType: V,
  clientIp: V,
  sourceIp: V,
  objectId: V,
  organizationId: V,
  resultStatus: V,
  appId: V,
  userAgent: V,
  sessionId: V,
  uniqueTokenId: V,
  deviceId: V,
} as const;

const fields: ActivityFields = {
  id: p('id'),
  creationTime: `coalesce(${str(p('creationTime'))}, ${str(p('timeGenerated'))})`,
  ingestionTime: 'j.time',
  operation: p('operation'),
  workload: p('workload'),
  recordType: p('recordType'),
  userId: p('userId'),
  userKey: p('userKey'),
  userType: p('userType'),
  clientIps: [p('clientIp'), p('sourceIp')],
  resultStatus: p('resultStatus'),
  objectId: p('objectId'),
  organizationId: p('organizationId'),
  appIds: [p('appId')],
  clientInfos: [p('userAgent')],
  sessionId: p('sessionId'),
  uniqueTokenId: p('uniqueTokenId'),
  auditData: `CAST(to_json(struct_pack(${Object.keys(PROPERTIES)
    .map((k) => `${k[0]?.toUpperCase()}${k.slice(1)} := ${p(k)}`)
    .join(', ')})) AS VARCHAR)`,
};

export const DIAG_ENRICHED_UAL: RecordMapper = {
  name: 'diag-enriched-ual',
  table: 'activities',
  structure: { time: V, category: V, properties: PROPERTIES },
  route: `lower(j.category) = 'enrichedoffice365auditlogs'`,
  sourceId: str(p('id')),
  columns: activityColumns(fields),
  rejectReason: activityRejectReason(fields, 'properties.creationTime'),
};

/**
 * The same records in Log Analytics (table EnrichedMicrosoft365AuditLogs, CSV or JSON export): the common-schema
 * fields as PascalCase columns (reference/ual_operations_schema.md names them: Id, CreationTime, Operation, Workload,
 * RecordType, UserId, UserKey, UserType, ObjectId, OrganizationId, ResultStatus), beside the table's own. UNVERIFIED
 * (the table is not in reference/): the table's own columns TimeGenerated, ClientIp, SourceIp, AppId, UserAgent,
 * SessionId, UniqueTokenId and DeviceId, taken as the PascalCase of the diagnostic properties above; the route is the
 * table name in Type, so a projection that dropped Type is not recognised.
 */
const LA_COLUMNS = Object.keys(PROPERTIES).map((k) => `${k[0]?.toUpperCase()}${k.slice(1)}`);
const la = (name: string) => `j.${name}`;

const laFields: ActivityFields = {
  id: la('Id'),
  creationTime: `coalesce(${str(la('CreationTime'))}, ${str(la('TimeGenerated'))})`,
  operation: la('Operation'),
  workload: la('Workload'),
  recordType: la('RecordType'),
  userId: la('UserId'),
  userKey: la('UserKey'),
  userType: la('UserType'),
  clientIps: [la('ClientIp'), la('SourceIp')],
  resultStatus: la('ResultStatus'),
  objectId: la('ObjectId'),
  organizationId: la('OrganizationId'),
  appIds: [la('AppId')],
  clientInfos: [la('UserAgent')],
  sessionId: la('SessionId'),
  uniqueTokenId: la('UniqueTokenId'),
  auditData: `CAST(to_json(struct_pack(${LA_COLUMNS.map((k) => `${k} := ${la(k)}`).join(', ')})) AS VARCHAR)`,
};

/**
 * Rows of the Log Analytics table EnrichedMicrosoft365AuditLogs, routed by their Type. Never NULL: other mappers'
 * routes say NOT (this OR ...), and a row without Type made that NULL, so LA sign-ins and audits matched nothing.
 */
export const LA_ENRICHED_UAL_ROUTE = `coalesce(lower(${str('j.Type')}) = 'enrichedmicrosoft365auditlogs', false)`;

export const LA_ENRICHED_UAL: RecordMapper = {
  name: 'la-enriched-ual',
  table: 'activities',
  structure: { Type: V, ...Object.fromEntries(LA_COLUMNS.map((k) => [k, V])) },
  route: LA_ENRICHED_UAL_ROUTE,
  sourceId: str(la('Id')),
  columns: activityColumns(laFields),
  rejectReason: activityRejectReason(laFields, 'CreationTime'),
};
