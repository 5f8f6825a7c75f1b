import type { Dialect } from '../../core/mapper.js';

/** What a file's records are: a dialect we map, or a clear account of what was seen instead. */
export type Classification = { supported: true; dialect: Dialect; kind: string } | { supported: false; seen: string };

const has = (keys: Set<string>, ...names: string[]): boolean => names.every((n) => keys.has(n));
const hasAny = (keys: Set<string>, ...names: string[]): boolean => names.some((n) => keys.has(n));

const DIAG_SIGNIN = new Set([
  'signinlogs',
  'noninteractiveusersigninlogs',
  'serviceprincipalsigninlogs',
  'managedidentitysigninlogs',
]);

/**
 * Classifies by the set of field names, not by a declared type: real exports of projected queries overwrite
 * fields such as Log Analytics' `Type` (the OTRF AuditLogs sample says Type "Application").
 */
export function classifyRecord(record: Record<string, unknown>): Classification {
  const keys = new Set(Object.keys(record));
  const str = (k: string): string | undefined => (typeof record[k] === 'string' ? (record[k] as string) : undefined);

  if (keys.has('properties') && typeof record.properties === 'object' && str('category') !== undefined) {
    const category = str('category') ?? '';
    if (DIAG_SIGNIN.has(category.toLowerCase()))
      return { supported: true, dialect: 'diag', kind: `${category} records` };
    if (category.toLowerCase() === 'auditlogs') return { supported: true, dialect: 'diag', kind: 'AuditLogs records' };
    return { supported: false, seen: `Azure Monitor diagnostic records of category "${category}"` };
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

function describeUnsupported(keys: Set<string>, record: Record<string, unknown>): string {
  const type =
    typeof record.Type === 'string' ? record.Type : typeof record.$table === 'string' ? record.$table : undefined;
  if (hasAny(keys, 'OfficeWorkload') || has(keys, 'Operation', 'RecordType')) {
    return 'Office 365 unified audit log rows (OfficeActivity); the activities table is not supported yet';
  }
  if (hasAny(keys, 'OperationNameValue', 'CategoryValue') || type === 'AzureActivity') {
    return 'Azure Activity log rows (AzureActivity): Azure resource operations, not Entra sign-ins or audits';
  }
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
