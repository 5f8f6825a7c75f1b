import type { RecordMapper } from '../core/mapper.js';
import { type ActivityFields, activityColumns, activityRejectReason } from './activity-columns.js';
import { str } from './sql.js';

/**
 * The unified audit log in every wrapper responders bring (reference/ual_operations_schema.md,
 * reference/collectors_output_formats.md):
 * - AuditData objects themselves: Management Activity API content blobs, Untitled Goose Tool `ual_*.json` JSONL,
 *   Extractor-Suite `-AuditDataOnly` / SOF-ELK output;
 * - Search-UnifiedAuditLog / Purview rows whose `AuditData` is an object (Extractor-Suite JSON) or JSON text in a
 *   CSV column (classic `CreationDate,UserIds,Operations,AuditData`, new `RecordId,…,AuditData,…`);
 * - Graph audit-log-query records (`auditLogRecordType`, `auditData`);
 * - the Log Analytics `OfficeActivity` table, flattened into columns (mapped in office-activity.ts).
 * Routes are mutually exclusive so no record lands twice.
 */
const V = 'VARCHAR';
const J = 'JSON';

/**
 * Which wrapper a parsed record is in: exclusive, checked in this order. Graph's camelCase records are a dialect
 * of their own (graph-ual): DuckDB resolves struct fields case-insensitively, so `auditData` and `AuditData` (or
 * `clientIp` and `ClientIP`) cannot share one parsed structure.
 */
const IS_WRAPPED = '(j.AuditData IS NOT NULL)';
/** OfficeActivity columns that AuditData never uses. */
export const IS_OFFICE_ACTIVITY = `(j.AuditData IS NULL AND (j.OfficeWorkload IS NOT NULL OR j.OfficeId IS NOT NULL OR j.SourceRecordId IS NOT NULL))`;
const IS_AUDIT_DATA = `(j.AuditData IS NULL AND NOT ${IS_OFFICE_ACTIVITY} AND (j.CreationTime IS NOT NULL OR j.Operation IS NOT NULL))`;
/** The fields the routes read, part of every UAL mapper's structure so the routes see the same record. */
export const ROUTE_STRUCTURE = {
  AuditData: J,
  OfficeWorkload: V,
  OfficeId: V,
  SourceRecordId: V,
  CreationTime: V,
  Operation: V,
} as const;

/** AuditData held as JSON text (an object, or a JSON string holding the object, as CSV writes it). */
function auditDataText(e: string): string {
  const inner = `CASE WHEN json_type(${e}) = 'VARCHAR' THEN json_extract_string(${e}, '$') ELSE CAST(${e} AS VARCHAR) END`;
  return `CASE WHEN json_valid(${inner}) AND starts_with(ltrim(${inner}), '{') THEN ${inner} END`;
}

/** The AuditData common-schema fields premortem maps (reference/ual_operations_schema.md), parsed once per record. */
const AUDIT_DATA_STRUCT = {
  Id: V,
  CreationTime: V,
  Operation: V,
  Workload: V,
  RecordType: V,
  UserId: V,
  UserKey: V,
  UserType: V,
  ClientIP: V,
  ClientIPAddress: V,
  ActorIpAddress: V,
  ResultStatus: V,
  ObjectId: V,
  OrganizationId: V,
  AppId: V,
  ClientAppId: V,
  ApplicationId: V,
  ClientInfoString: V,
  UserAgent: V,
  MailboxOwnerUPN: V,
  LogonType: V,
  SessionId: V,
  Parameters: J,
  AppAccessContext: { AADSessionId: V, ClientAppId: V, UniqueTokenId: V },
} as const;
const AUDIT_DATA_LITERAL = `'${JSON.stringify(AUDIT_DATA_STRUCT)}'`;

/** The mapper's derived columns: the AuditData text (`ad_text`) and its parsed common fields (`ad`). */
function auditDataDerived(text: string): Record<string, string> {
  return { ad_text: text, ad: `try(json_transform(${text}, ${AUDIT_DATA_LITERAL}))` };
}

/** A wrapper's own fields, used where AuditData lacks them. */
type WrapperFields = Partial<
  Record<
    | 'id'
    | 'wrapperTime'
    | 'operation'
    | 'workload'
    | 'recordType'
    | 'userId'
    | 'userType'
    | 'objectId'
    | 'organizationId',
    string
  >
> & { clientIps?: string[] };

/** Common-schema fields of the parsed AuditData `ad`; `alt` names a wrapper's own field for the same value. */
function fromAuditData(alt: WrapperFields = {}): ActivityFields {
  const p = (path: string) => `ad.${path}`;
  const or = (main: string, other: string | undefined) => (other ? `coalesce(${str(main)}, ${str(other)})` : main);
  return {
    id: or(p('Id'), alt.id),
    creationTime: p('CreationTime'),
    ...(alt.wrapperTime ? { wrapperTime: alt.wrapperTime } : {}),
    operation: or(p('Operation'), alt.operation),
    workload: or(p('Workload'), alt.workload),
    recordType: or(p('RecordType'), alt.recordType),
    userId: or(p('UserId'), alt.userId),
    userKey: p('UserKey'),
    userType: or(p('UserType'), alt.userType),
    // Entra records carry no ClientIP (reference: "for Microsoft Entra ID-related events ... ClientIP is null"):
    // ActorIpAddress holds it; Exchange mailbox records use ClientIPAddress.
    clientIps: [p('ClientIP'), p('ClientIPAddress'), p('ActorIpAddress'), ...(alt.clientIps ?? [])],
    resultStatus: p('ResultStatus'),
    objectId: or(p('ObjectId'), alt.objectId),
    organizationId: or(p('OrganizationId'), alt.organizationId),
    appIds: [p('AppId'), p('ClientAppId'), p('AppAccessContext.ClientAppId'), p('ApplicationId')],
    clientInfos: [p('ClientInfoString'), p('UserAgent')],
    mailboxOwnerUpn: p('MailboxOwnerUPN'),
    logonType: p('LogonType'),
    sessionId: `coalesce(${str(p('SessionId'))}, ${str(p('AppAccessContext.AADSessionId'))})`,
    uniqueTokenId: p('AppAccessContext.UniqueTokenId'),
    parameters: p('Parameters'),
    auditData: 'CAST(json(ad_text) AS VARCHAR)',
  };
}

const flat = fromAuditData();

/** A bare AuditData object (Management Activity API, Goose, Extractor-Suite AuditData-only). */
export const UAL_AUDIT_DATA: RecordMapper = {
  name: 'ual-auditdata',
  table: 'activities',
  structure: { ...ROUTE_STRUCTURE, Id: V },
  route: IS_AUDIT_DATA,
  derived: auditDataDerived('raw'),
  sourceId: str('j.Id'),
  columns: activityColumns(flat),
  rejectReason: activityRejectReason(flat, 'CreationTime'),
};

const wrapped = fromAuditData({
  // Purview's new export names the record; Search-UnifiedAuditLog writes Operations/UserIds (plural).
  id: 'j.RecordId',
  wrapperTime: 'j.CreationDate',
  operation: `coalesce(${str('j.Operation')}, ${str('j.Operations')})`,
  userId: `coalesce(${str('j.UserId')}, ${str('j.UserIds')})`,
  recordType: 'j.RecordType',
});

/** Search-UnifiedAuditLog / Purview rows: the wrapper's fields only where AuditData lacks them. */
export const UAL_WRAPPED: RecordMapper = {
  name: 'ual-wrapped',
  table: 'activities',
  structure: {
    ...ROUTE_STRUCTURE,
    RecordId: V,
    CreationDate: V,
    Operations: V,
    UserId: V,
    UserIds: V,
    RecordType: V,
  },
  route: IS_WRAPPED,
  derived: auditDataDerived(auditDataText('j.AuditData')),
  sourceId: `coalesce(${str('ad.Id')}, ${str('j.RecordId')})`,
  columns: activityColumns(wrapped),
  rejectReason: activityRejectReason(
    wrapped,
    'AuditData.CreationTime',
    `WHEN ad_text IS NULL THEN 'AuditData is not a JSON object'`,
  ),
};

const graph = fromAuditData({
  id: 'j.id',
  wrapperTime: 'j.createdDateTime',
  operation: 'j.operation',
  workload: 'j.service',
  recordType: 'j.auditLogRecordType',
  userId: `coalesce(${str('j.userPrincipalName')}, ${str('j.userId')})`,
  userType: 'j.userType',
  clientIps: ['j.clientIp'],
  objectId: 'j.objectId',
  organizationId: 'j.organizationId',
});

/** Graph audit-log-query records (/security/auditLog/queries/{id}/records, Extractor-Suite Get-UALGraph). */
export const UAL_GRAPH: RecordMapper = {
  name: 'ual-graph',
  table: 'activities',
  structure: {
    auditLogRecordType: V,
    auditData: J,
    id: V,
    createdDateTime: V,
    operation: V,
    service: V,
    userPrincipalName: V,
    userId: V,
    userType: V,
    clientIp: V,
    objectId: V,
    organizationId: V,
  },
  route: '(j.auditLogRecordType IS NOT NULL OR j.auditData IS NOT NULL OR j.operation IS NOT NULL)',
  derived: auditDataDerived(auditDataText('j.auditData')),
  sourceId: `coalesce(${str('j.id')}, ${str('ad.Id')})`,
  columns: activityColumns({ ...graph, auditData: 'CAST(json(coalesce(ad_text, raw)) AS VARCHAR)' }),
  rejectReason: activityRejectReason(graph, 'createdDateTime'),
};
