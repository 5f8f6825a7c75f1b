import { implausibleTime, implausibleTimeReason } from './plausible-time.js';
import { activityKeySql, jstr, lowerStr, str, ts } from './sql.js';

/**
 * Where each directory-audit field sits in one input shape. initiatedBy, targetResources and additionalDetails
 * are JSON text in every shape (Graph objects are passed through as JSON, Log Analytics already holds strings).
 */
export interface AuditFields {
  id: string;
  activityDateTime: string;
  ingestionTime?: string;
  activityDisplayName: string;
  category?: string;
  loggedByService?: string;
  operationType?: string;
  result?: string;
  resultReason?: string;
  correlationId?: string;
  initiatedBy: string;
  targetResources: string;
  additionalDetails?: string;
}

const opt = (e: string | undefined, f: (x: string) => string): string => (e === undefined ? 'NULL' : f(e));

/** Role.DisplayName / Role.TemplateId sit in a target's modifiedProperties, JSON-encoded ("\"Global Administrator\""). */
function modifiedProperty(targets: string, name: string): string {
  const prop = `list_filter(json_extract(${targets}, '$[*].modifiedProperties[*]'), lambda p: json_extract_string(p, '$.displayName') = '${name}')[1]`;
  return `nullif(trim(json_extract_string(${prop}, '$.newValue'), '" '), '')`;
}

function roleTarget(targets: string, field: string): string {
  return `json_extract_string(list_filter(json_extract(${targets}, '$[*]'), lambda t: lower(json_extract_string(t, '$.type')) = 'role')[1], '$.${field}')`;
}

const auditTime = (f: AuditFields): string =>
  f.ingestionTime ? `coalesce(${ts(f.activityDateTime)}, ${ts(f.ingestionTime)})` : ts(f.activityDateTime);

export function auditColumns(f: AuditFields): Record<string, string> {
  const t = f.targetResources;
  const details = f.additionalDetails;
  const userSet = `coalesce(${jstr(f.initiatedBy, '$.user.id')}, ${jstr(f.initiatedBy, '$.user.userPrincipalName')})`;
  const appSet = `coalesce(${jstr(f.initiatedBy, '$.app.appId')}, ${jstr(f.initiatedBy, '$.app.servicePrincipalId')}, ${jstr(f.initiatedBy, '$.app.displayName')})`;
  return {
    activity_at: auditTime(f),
    time_source: `CASE WHEN ${ts(f.activityDateTime)} IS NOT NULL THEN 'event'${
      f.ingestionTime ? ` WHEN ${ts(f.ingestionTime)} IS NOT NULL THEN 'ingestion'` : ''
    } END`,
    // Kept exactly as written (en dashes, trailing spaces): it is evidence.
    activity: `CAST(${f.activityDisplayName} AS VARCHAR)`,
    activity_key: activityKeySql(`CAST(${f.activityDisplayName} AS VARCHAR)`),
    category: opt(f.category, str),
    logged_by_service: opt(f.loggedByService, str),
    operation_type: opt(f.operationType, str),
    result: opt(f.result, lowerStr),
    result_reason: opt(f.resultReason, str),
    correlation_id: opt(f.correlationId, str),
    initiator_type: `CASE WHEN ${userSet} IS NOT NULL THEN 'user' WHEN ${appSet} IS NOT NULL THEN 'app' END`,
    initiator_user_id: jstr(f.initiatedBy, '$.user.id'),
    initiator_upn: `lower(${jstr(f.initiatedBy, '$.user.userPrincipalName')})`,
    initiator_display_name: `coalesce(${jstr(f.initiatedBy, '$.user.displayName')}, ${jstr(f.initiatedBy, '$.app.displayName')}, ${jstr(f.initiatedBy, '$.app.servicePrincipalName')})`,
    initiator_ip: jstr(f.initiatedBy, '$.user.ipAddress'),
    initiator_app_id: jstr(f.initiatedBy, '$.app.appId'),
    initiator_sp_id: jstr(f.initiatedBy, '$.app.servicePrincipalId'),
    target_id: jstr(t, '$[0].id'),
    target_type: jstr(t, '$[0].type'),
    target_display_name: jstr(t, '$[0].displayName'),
    target_upn: `lower(${jstr(t, '$[0].userPrincipalName')})`,
    role_name: `coalesce(${modifiedProperty(t, 'Role.DisplayName')}, ${roleTarget(t, 'displayName')})`,
    role_template_id: modifiedProperty(t, 'Role.TemplateId'),
    target_resources: str(t),
    additional_details: opt(details, str),
    user_agent:
      details === undefined
        ? 'NULL'
        : `json_extract_string(list_filter(json_extract(${str(details)}, '$[*]'), lambda d: lower(json_extract_string(d, '$.key')) = 'user-agent')[1], '$.value')`,
  };
}

export function auditRejectReason(f: AuditFields, timeField: string, timeRequired: boolean): string {
  const present = [f.activityDateTime, f.ingestionTime].filter((x): x is string => x !== undefined);
  const anyPresent = present.map((e) => `${str(e)} IS NOT NULL`).join(' OR ');
  const anyParsed = present.map((e) => `${ts(e)} IS NOT NULL`).join(' OR ');
  return `CASE
    WHEN (${anyPresent}) AND NOT (${anyParsed}) THEN '${timeField} "' || left(${str(f.activityDateTime)}, 60) || '" is not a date'
    ${timeRequired ? `WHEN NOT (${anyPresent}) THEN 'no ${timeField}: not a directory audit record'` : ''}
    WHEN ${implausibleTime(auditTime(f))} THEN ${implausibleTimeReason(timeField, `coalesce(${present.map(str).join(', ')})`)}
    WHEN ${str(f.activityDisplayName)} IS NULL THEN 'no activity name'
    WHEN ${str(f.initiatedBy)} IS NOT NULL AND NOT json_valid(${str(f.initiatedBy)}) THEN 'initiatedBy is not JSON'
    WHEN ${str(f.targetResources)} IS NOT NULL AND NOT json_valid(${str(f.targetResources)}) THEN 'targetResources is not JSON'
  END`;
}
