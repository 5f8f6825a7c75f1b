import type { RuleTable } from '../../rules/rule-tables.js';
import { kqlString } from './kql-text.js';
import {
  activityColumns,
  auditColumns,
  azureActivityColumns,
  type Columns,
  graphActivityColumns,
  riskColumns,
  signinColumns,
} from './sentinel-columns.js';
import { SENTINEL_TABLES, type SentinelTable } from './sentinel-tables.js';

/**
 * Where premortem's canonical columns sit in Sentinel's tables: for each rule table, the Sentinel tables that hold
 * its rows and, per canonical column, a KQL expression over that table's columns with the canonical type. This is
 * the Sentinel side of what src/normalize/ does for imports (one mapping per shape), written as the projections
 * that Sentinel's own ASIM parsers use. A column a table does not have is a typed null there; a column no table has
 * (store provenance, or a value written in another form) is absent, and a rule that needs it does not translate.
 */
export interface SentinelSource {
  readonly table: SentinelTable;
  /** The canonical column's KQL expression in this table. */
  column(name: string): string | undefined;
  /** A dynamic expression to index with a JSON path, for `column#path` fields; defaults to parse_json(column). */
  json(name: string): string | undefined;
}

/** Why a canonical column has no Sentinel counterpart (shown per rule in the export report). */
export const UNAVAILABLE: Readonly<Record<string, string>> = {
  record_type: "OfficeActivity writes the record type's name (ExchangeAdmin), not its number",
  logon_type: "OfficeActivity writes the logon type's name (Owner), not its number",
  unique_token_id: 'OfficeActivity has no AppAccessContext column in the declared schema',
};

/** Dynamic columns `column#path` fields index directly, without re-parsing text. */
const JSON_SOURCES: Partial<Record<SentinelTable, Record<string, string>>> = {
  AuditLogs: { target_resources: 'TargetResources', additional_details: 'AdditionalDetails' },
  OfficeActivity: { audit_data: 'pack_all()' },
  AADUserRiskEvents: { additional_info: 'AdditionalInfo' },
};

function source(table: SentinelTable, columns: Columns): SentinelSource {
  return Object.freeze({
    table,
    column: (name: string) => (Object.hasOwn(columns, name) ? columns[name] : undefined),
    json: (name: string) => {
      const direct = JSON_SOURCES[table]?.[name];
      if (direct !== undefined) return direct;
      const expr = Object.hasOwn(columns, name) ? columns[name] : undefined;
      return expr === undefined ? undefined : `parse_json(${expr})`;
    },
  });
}

/** The Sentinel tables behind each rule table (pim_alerts has none: PIM alerts do not reach Sentinel). */
export const SENTINEL_SOURCES: Partial<Record<RuleTable, readonly SentinelSource[]>> = {
  signins: [
    source('SigninLogs', signinColumns('SigninLogs', 'interactiveUser')),
    source('AADNonInteractiveUserSignInLogs', signinColumns('AADNonInteractiveUserSignInLogs', 'nonInteractiveUser')),
    source('AADServicePrincipalSignInLogs', signinColumns('AADServicePrincipalSignInLogs', 'servicePrincipal')),
    source('AADManagedIdentitySignInLogs', signinColumns('AADManagedIdentitySignInLogs', 'managedIdentity')),
  ],
  audits: [source('AuditLogs', auditColumns())],
  activities: [source('OfficeActivity', activityColumns())],
  risk_detections: [source('AADUserRiskEvents', riskColumns())],
  graph_activity: [source('MicrosoftGraphActivityLogs', graphActivityColumns())],
  azure_activity: [source('AzureActivity', azureActivityColumns())],
};

/** The rows' own id in each Sentinel table (OfficeActivity keeps AuditData's Id as OfficeId). */
export function idColumn(table: SentinelTable): string {
  if (table === 'AzureActivity') return 'EventDataId';
  return table === 'OfficeActivity' ? 'OfficeId' : table === 'MicrosoftGraphActivityLogs' ? 'RequestId' : 'Id';
}

/** `[0].modifiedProperties[0].newValue` or `AppAccessContext.ClientAppId` as KQL dynamic indexing. */
function pathKql(path: string): string {
  return (path.match(/\[\d+\]|[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
    .map((seg) => (seg.startsWith('[') ? seg : `[${kqlString(seg)}]`))
    .join('');
}

/**
 * A field inside a JSON column (`column#path`) as text in one Sentinel table, or why it has none. OfficeActivity
 * holds no AuditData object: AuditData's top-level fields are its columns, so the path's first key must be one.
 */
export function jsonField(source: SentinelSource, column: string, path: string): string | { unavailable: string } {
  if (source.table === 'OfficeActivity' && column === 'audit_data') {
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0];
    const type = key === undefined ? undefined : SENTINEL_TABLES.OfficeActivity[key];
    if (key === undefined || type === undefined) {
      return { unavailable: `OfficeActivity has no column for the AuditData field ${path.split(/[.[]/)[0]}` };
    }
    const rest = path.slice(key.length);
    if (rest === '') return type === 'string' ? key : `tostring(${key})`;
    return `tostring(${type === 'dynamic' ? key : `parse_json(${key})`}${pathKql(rest)})`;
  }
  const base = source.json(column);
  if (base === undefined) return { unavailable: `${column} has no counterpart in ${source.table}` };
  return `tostring(${base}${pathKql(path)})`;
}
