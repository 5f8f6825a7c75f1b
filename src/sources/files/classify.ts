import { isAzureActivityCategory } from '../../core/azure-activity-categories.js';
import { entraCategory } from '../../core/entra-categories.js';
import type { Dialect } from '../../core/mapper.js';

/** What a file's records are: a dialect we map, or a clear account of what was seen instead. */
export type Classification = { supported: true; dialect: Dialect; kind: string } | { supported: false; seen: string };

const has = (keys: Set<string>, ...names: string[]): boolean => names.every((n) => keys.has(n));
const hasAny = (keys: Set<string>, ...names: string[]): boolean => names.some((n) => keys.has(n));

/**
 * Classifies by the set of field names, not by a declared type: real exports of projected queries overwrite
 * fields such as Log Analytics' `Type` (the OTRF AuditLogs sample says Type "Application").
 */
export function classifyRecord(record: Record<string, unknown>): Classification {
  const keys = new Set(Object.keys(record));
  const str = (k: string): string | undefined => (typeof record[k] === 'string' ? (record[k] as string) : undefined);
  // Global Secure Access's enriched audit records carry the common schema's fields: told apart by their table.
  if (str('Type')?.toLowerCase() === 'enrichedmicrosoft365auditlogs')
    return { supported: true, dialect: 'la', kind: 'EnrichedMicrosoft365AuditLogs rows' };
  const ual = classifyUal(keys);
  if (ual) return ual;
  const legacy = classifyPascalCase(record, keys);
  if (legacy) return legacy;
  const portal = classifyPortal(new Set([...keys].map((k) => k.toLowerCase())));
  if (portal) return portal;

  const alerts = classifyMicrosoftAlerts(keys, str('category'));
  if (alerts) return alerts;
  if (keys.has('properties') && typeof record.properties === 'object' && str('category') !== undefined) {
    const category = str('category') ?? '';
    if (entraCategory(category)) return { supported: true, dialect: 'diag', kind: `${category} records` };
    if (isAzureActivityCategory(category)) {
      return { supported: true, dialect: 'diag', kind: `Azure Activity log records (${category})` };
    }
    return { supported: false, seen: `Azure Monitor diagnostic records of category "${category}"` };
  }
  if (hasAny(keys, 'OperationNameValue', 'CategoryValue', 'ActivityStatusValue')) {
    return { supported: true, dialect: 'la', kind: 'AzureActivity rows' };
  }
  if (keys.has('eventTimestamp') && hasAny(keys, 'operationName', 'eventDataId')) {
    return { supported: true, dialect: 'azure-activity', kind: 'Azure Activity log events' };
  }
  const entraRecords = classifyEntraRecordRows(keys);
  if (entraRecords) return entraRecords;
  if (has(keys, 'RequestUri', 'RequestMethod') && hasAny(keys, 'RequestId', 'SignInActivityId', 'TimeGenerated')) {
    return { supported: true, dialect: 'la', kind: 'MicrosoftGraphActivityLogs rows' };
  }
  if (has(keys, 'activityDateTime', 'activityDisplayName'))
    return { supported: true, dialect: 'graph', kind: 'directory audits' };
  if (
    keys.has('createdDateTime') &&
    hasAny(keys, 'userPrincipalName', 'appId', 'status', 'ipAddress', 'servicePrincipalId')
  ) {
    return { supported: true, dialect: 'graph', kind: 'sign-ins' };
  }
  if (keys.has('ActivityDisplayName') || has(keys, 'OperationName', 'InitiatedBy', 'TargetResources')) {
    return { supported: true, dialect: 'la', kind: 'AuditLogs rows' };
  }
  if (
    hasAny(keys, 'ResultType', 'Status') &&
    hasAny(keys, 'UserPrincipalName', 'AppDisplayName', 'ServicePrincipalName') &&
    hasAny(keys, 'ClientAppUsed', 'CreatedDateTime', 'IPAddress', 'AppId')
  ) {
    return { supported: true, dialect: 'la', kind: `${str('Type') || str('Category') || 'SigninLogs'} rows` };
  }
  return { supported: false, seen: describeUnsupported(keys, record) };
}

/**
 * Unified audit log wrappers (reference/ual_operations_schema.md, collectors_output_formats.md). Checked first:
 * a Graph audit-log-query record has createdDateTime and userPrincipalName like a sign-in.
 */
function classifyUal(keys: Set<string>): Classification | undefined {
  if (keys.has('auditLogRecordType') || has(keys, 'auditData', 'operation')) {
    return { supported: true, dialect: 'graph-ual', kind: 'Graph audit log query records' };
  }
  if (keys.has('AuditData')) {
    const kind = keys.has('RecordId') ? 'Purview audit search rows' : 'Search-UnifiedAuditLog rows';
    return { supported: true, dialect: 'ual', kind };
  }
  if (hasAny(keys, 'OfficeWorkload', 'OfficeId') && hasAny(keys, 'Operation', 'RecordType')) {
    return { supported: true, dialect: 'office', kind: 'OfficeActivity rows' };
  }
  if (has(keys, 'CreationTime', 'Operation') && hasAny(keys, 'RecordType', 'Workload', 'UserId')) {
    return { supported: true, dialect: 'ual', kind: 'AuditData records' };
  }
  return undefined;
}

/**
 * AzureADPreview / Graph SDK objects through ConvertTo-Json: Graph's names in PascalCase with nested objects as
 * objects. Log Analytics rows use some of the same names but hold nested fields as JSON strings and carry
 * TimeGenerated, which these never do.
 */
function classifyPascalCase(record: Record<string, unknown>, keys: Set<string>): Classification | undefined {
  if (keys.has('TimeGenerated') || keys.has('TenantId')) return undefined;
  const isObject = (k: string) => typeof record[k] === 'object' && record[k] !== null;
  if (
    keys.has('ActivityDateTime') &&
    keys.has('ActivityDisplayName') &&
    (isObject('InitiatedBy') || isObject('TargetResources'))
  ) {
    return { supported: true, dialect: 'azureadpreview', kind: 'directory audits (PascalCase)' };
  }
  if (keys.has('CreatedDateTime') && (isObject('Status') || keys.has('IpAddress'))) {
    return { supported: true, dialect: 'azureadpreview', kind: 'sign-ins (PascalCase)' };
  }
  return undefined;
}

/**
 * Microsoft's own alerts (normalize/microsoft-alerts.ts): Graph alerts_v2 by the fields only an alert has;
 * SecurityAlert and AlertEvidence rows by their columns; Defender XDR's streaming records by their category.
 */
function classifyMicrosoftAlerts(keys: Set<string>, category: string | undefined): Classification | undefined {
  if (hasAny(keys, 'serviceSource', 'providerAlertId', 'detectionSource') && keys.has('id')) {
    return { supported: true, dialect: 'graph-alerts', kind: 'Microsoft Graph security alerts (alerts_v2)' };
  }
  if (keys.has('SystemAlertId') || has(keys, 'AlertName', 'ProductName')) {
    return { supported: true, dialect: 'ms-alert-tables', kind: 'SecurityAlert rows' };
  }
  if (keys.has('AlertId') && hasAny(keys, 'EntityType', 'EvidenceRole')) {
    return { supported: true, dialect: 'ms-alert-tables', kind: 'AlertEvidence rows' };
  }
  const lower = category?.toLowerCase();
  if (lower === 'advancedhunting-alertevidence' || lower === 'advancedhunting-alertinfo') {
    return { supported: true, dialect: 'ms-alert-tables', kind: `Defender XDR streaming records (${category})` };
  }
  return undefined;
}

/**
 * Log Analytics rows of the Entra tables with tables of their own (normalize/entra-record-tables.ts), told apart by
 * the columns only they carry: sign-in rows have RiskEventTypes (plural), never RiskEventType.
 */
function classifyEntraRecordRows(keys: Set<string>): Classification | undefined {
  if (hasAny(keys, 'RiskEventType', 'RiskLastUpdatedDateTime') && hasAny(keys, 'RiskLevel', 'RiskState')) {
    return { supported: true, dialect: 'la', kind: 'Identity Protection rows' };
  }
  if (keys.has('JobId') && hasAny(keys, 'CycleId', 'ProvisioningAction')) {
    return { supported: true, dialect: 'la', kind: 'AADProvisioningLogs rows' };
  }
  if (keys.has('TransactionId') && hasAny(keys, 'DestinationFqdn', 'DestinationIp')) {
    return { supported: true, dialect: 'la', kind: 'NetworkAccessTraffic rows' };
  }
  return undefined;
}

/** Entra admin center downloads (reference/portal_csv_headers.md): headers in words, case varying by vintage. */
function classifyPortal(lower: Set<string>): Classification | undefined {
  const dated = hasAny(lower, 'date (utc)', 'date');
  if (dated && lower.has('request id') && hasAny(lower, 'status', 'sign-in error code')) {
    return { supported: true, dialect: 'portal', kind: 'sign-ins (portal download)' };
  }
  if (dated && has(lower, 'activity', 'correlationid') && hasAny(lower, 'service', 'category')) {
    return { supported: true, dialect: 'portal', kind: 'audit logs (portal download)' };
  }
  return undefined;
}

function describeUnsupported(keys: Set<string>, record: Record<string, unknown>): string {
  const type =
    typeof record.Type === 'string' ? record.Type : typeof record.$table === 'string' ? record.$table : undefined;
  if (has(keys, 'ActionType', 'Timestamp') && hasAny(keys, 'DeviceId', 'DeviceName')) {
    return 'Microsoft 365 Defender advanced hunting events (device telemetry)';
  }
  if (hasAny(keys, 'EventID', 'EventData', 'EventData_dynamic') || type === 'SecurityEvent' || type === 'Event') {
    return `Windows event log records${type ? ` (${type})` : ''}`;
  }
  if (type) return `Log Analytics rows of table "${type}"`;
  const shown = [...keys].slice(0, 8).join(', ');
  if (keys.size <= 15 && !hasAny(keys, 'Id', 'id', 'TimeGenerated', 'createdDateTime', 'CreatedDateTime')) {
    return `a query result or summary (columns: ${shown}), not raw log records`;
  }
  return `records with fields ${shown}${keys.size > 8 ? ', …' : ''}`;
}

/** For a record too broken to parse (truncated file): guess from the field names it shows. */
export function classifyText(text: string): Classification {
  const keys = new Set<string>();
  for (const m of text.matchAll(/"([A-Za-z_$@.][\w$@.]*)"\s*:/g)) if (m[1]) keys.add(m[1]);
  if (keys.has('activityDateTime')) return { supported: true, dialect: 'graph', kind: 'directory audits' };
  if (keys.has('createdDateTime')) return { supported: true, dialect: 'graph', kind: 'sign-ins' };
  const guess: Record<string, unknown> = {};
  for (const k of keys) guess[k] = '';
  return classifyRecord(guess);
}
