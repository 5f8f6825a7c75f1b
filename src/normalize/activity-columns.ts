import { implausibleTime, implausibleTimeReason } from './plausible-time.js';
import { activityKeySql, int, lowerStr, str, ts } from './sql.js';
import { UAL_RECORD_TYPES } from './ual-record-types.js';

/**
 * Where each unified-audit-log field sits in one input shape, as SQL expressions yielding text. Every wrapper
 * (Management Activity API, Search-UnifiedAuditLog / Purview CSV, Graph audit-log queries, the Log Analytics
 * OfficeActivity table) carries the same AuditData common schema (reference/ual_operations_schema.md); this
 * builder gives them one meaning.
 */
export interface ActivityFields {
  id: string;
  /** AuditData.CreationTime: UTC, written without a Z. */
  creationTime: string;
  /** A wrapper's own, locale-formatted date (Search-UnifiedAuditLog CreationDate): used only without CreationTime. */
  wrapperTime?: string;
  /** When the record reached the store that exported it (OfficeActivity Start_Time): the last resort. */
  ingestionTime?: string;
  operation: string;
  workload?: string;
  /** A number (AuditData) or a member name (wrappers, OfficeActivity). */
  recordType?: string;
  userId?: string;
  userKey?: string;
  /** A number (AuditData) or a name (OfficeActivity). */
  userType?: string;
  /** Candidates in order of trust; each may carry a port. */
  clientIps: string[];
  resultStatus?: string;
  objectId?: string;
  organizationId?: string;
  appIds: string[];
  clientInfos: string[];
  mailboxOwnerUpn?: string;
  /** A number (AuditData) or a name (OfficeActivity Logon_Type). */
  logonType?: string;
  sessionId?: string;
  uniqueTokenId?: string;
  parameters?: string;
  /** The whole AuditData object (or, for OfficeActivity, the row) as JSON text. */
  auditData: string;
}

const opt = (e: string | undefined, f: (x: string) => string): string => (e === undefined ? 'NULL' : f(e));
const firstOf = (es: string[]): string => (es.length === 0 ? 'NULL' : `coalesce(${es.map(str).join(', ')})`);

const RECORD_TYPE_NAMES = `[${Object.keys(UAL_RECORD_TYPES)
  .map((name) => `'${name.toLowerCase().replaceAll("'", "''")}'`)
  .join(', ')}]`;
const RECORD_TYPE_NUMBERS = `[${Object.values(UAL_RECORD_TYPES).join(', ')}]`;

/** RecordType as its number, whichever way the shape wrote it (Graph writes camelCase names: "exchangeAdmin"). */
export function recordTypeSql(e: string): string {
  return `coalesce(${int(e)}, ${RECORD_TYPE_NUMBERS}[list_position(${RECORD_TYPE_NAMES}, lower(${str(e)}))])`;
}

/** UserType numbers of the common schema (reference/ual_operations_schema.md), as the names OfficeActivity uses. */
const USER_TYPES = [
  'Regular',
  'Reserved',
  'Admin',
  'DcAdmin',
  'System',
  'Application',
  'ServicePrincipal',
  'CustomPolicy',
  'SystemPolicy',
  'PartnerTechnician',
  'Guest',
];
export function userTypeSql(e: string): string {
  const names = `[${USER_TYPES.map((t) => `'${t}'`).join(', ')}]`;
  const lower = `[${USER_TYPES.map((t) => `'${t.toLowerCase()}'`).join(', ')}]`;
  // Graph audit-log records write the names in camelCase ("servicePrincipal"): one spelling for all shapes.
  return `coalesce(${names}[${int(e)} + 1], ${names}[list_position(${lower}, lower(${str(e)}))], ${str(e)})`;
}

/** Exchange LogonType names (OfficeActivity Logon_Type) → the numbers AuditData writes. */
const LOGON_TYPES = ['owner', 'admin', 'delegated', 'transport', 'systemservice', 'bestaccess', 'delegatedadmin'];
export function logonTypeSql(e: string): string {
  const list = `[${LOGON_TYPES.map((t) => `'${t}'`).join(', ')}]`;
  return `coalesce(${int(e)}, list_position(${list}, lower(${str(e)})) - 1)`;
}

/**
 * The address without its port: Exchange writes "203.0.113.9:51234" and "[2001:db8::1]:443"; a bare IPv6
 * address ("2001:db8::1") has colons but no port and is kept whole.
 */
export function clientIpSql(e: string): string {
  const v = str(e);
  return `CASE
    WHEN ${v} LIKE '[%' THEN nullif(regexp_extract(${v}, '^\\[([^\\]]*)\\]', 1), '')
    WHEN regexp_matches(${v}, '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+:[0-9]+$') THEN split_part(${v}, ':', 1)
    ELSE ${v} END`;
}

function activityTimes(f: ActivityFields): { eventTime: string; time: string } {
  const eventTimes = [f.creationTime, f.wrapperTime].filter((x): x is string => x !== undefined).map(ts);
  const eventTime = `coalesce(${eventTimes.join(', ')})`;
  return { eventTime, time: f.ingestionTime ? `coalesce(${eventTime}, ${ts(f.ingestionTime)})` : eventTime };
}

export function activityColumns(f: ActivityFields): Record<string, string> {
  const { eventTime, time } = activityTimes(f);
  const op = `CAST(${str(f.operation)} AS VARCHAR)`;
  const ip = f.clientIps.length === 0 ? 'NULL' : `coalesce(${f.clientIps.map(clientIpSql).join(', ')})`;
  return {
    created_at: time,
    time_source: `CASE WHEN ${eventTime} IS NOT NULL THEN 'event'${
      f.ingestionTime ? ` WHEN ${ts(f.ingestionTime)} IS NOT NULL THEN 'ingestion'` : ''
    } END`,
    // Kept as written ("Add member to role." ends with a period in the UAL): the key drops it for matching.
    operation: op,
    operation_key: activityKeySql(op),
    workload: opt(f.workload, str),
    record_type: opt(f.recordType, recordTypeSql),
    user_id: opt(f.userId, lowerStr),
    user_key: opt(f.userKey, str),
    user_type: opt(f.userType, userTypeSql),
    client_ip: ip,
    result_status: opt(f.resultStatus, str),
    object_id: opt(f.objectId, str),
    organization_id: opt(f.organizationId, str),
    app_id: firstOf(f.appIds),
    client_info: firstOf(f.clientInfos),
    mailbox_owner_upn: opt(f.mailboxOwnerUpn, lowerStr),
    logon_type: opt(f.logonType, logonTypeSql),
    session_id: opt(f.sessionId, str),
    unique_token_id: opt(f.uniqueTokenId, str),
    parameters: opt(f.parameters, str),
    audit_data: str(f.auditData),
  };
}

/** The reason a unified-audit-log record cannot be loaded, or NULL. */
export function activityRejectReason(f: ActivityFields, timeField: string, extra = ''): string {
  const present = [f.creationTime, f.wrapperTime, f.ingestionTime].filter((x): x is string => x !== undefined);
  const anyPresent = present.map((e) => `${str(e)} IS NOT NULL`).join(' OR ');
  const anyParsed = present.map((e) => `${ts(e)} IS NOT NULL`).join(' OR ');
  return `CASE ${extra}
    WHEN (${anyPresent}) AND NOT (${anyParsed}) THEN '${timeField} "' || left(coalesce(${present.map(str).join(', ')}), 60) || '" is not a date'
    WHEN NOT (${anyPresent}) THEN 'no ${timeField}: not a unified audit log record'
    WHEN ${implausibleTime(activityTimes(f).time)} THEN ${implausibleTimeReason(timeField, `coalesce(${present.map(str).join(', ')})`)}
    WHEN ${str(f.operation)} IS NULL THEN 'no Operation'
  END`;
}
