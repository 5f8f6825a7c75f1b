import type { EventTable } from './event-model.js';

/**
 * How one record dialect becomes canonical rows, as SQL over `j`, the record parsed once by DuckDB's
 * json_transform. Written by src/normalize, executed by src/store/load.ts; neither knows the other.
 */
export interface RecordMapper {
  /** e.g. "graph-signin": names the mapper in errors and tests. */
  readonly name: string;
  readonly table: EventTable;
  /** The json_transform structure: field name → DuckDB type name, or a nested structure. */
  readonly structure: Readonly<Record<string, unknown>>;
  /** Which parsed records this mapper takes (SQL predicate over j). */
  readonly route: string;
  /** The record's own id field (SQL over j), or NULL. */
  readonly sourceId: string;
  /**
   * The row's uid where the record's own id names an object whose records are versions over time (a risky user's
   * state at each update): SQL over j, defaulting to sourceId. Rows without either get a hash of the raw record.
   */
  readonly uid?: string;
  /** Canonical column → SQL over j; provenance columns are added by the loader. */
  readonly columns: Readonly<Record<string, string>>;
  /** SQL over j yielding why the record cannot be loaded, or NULL. */
  readonly rejectReason: string;
  /**
   * Named SQL expressions over j (and raw) computed once per routed record, which columns, reasons and ids may
   * then use by name: e.g. an AuditData object held as JSON text, parsed once instead of once per field. Keeps
   * the mapping SQL small (planning 100-300 KB of SQL cost ~1.3 s per file).
   */
  readonly derived?: Readonly<Record<string, string>>;
}

/**
 * The kinds of Extractor-Suite configuration CSV (sources/files/config-csv.ts recognises them, normalize/config-csv
 * maps their rows): the routing key between the two, like Dialect for logs.
 */
export type ConfigCsvKind =
  | 'mfa-registration'
  | 'mfa-methods'
  | 'role-members'
  | 'pim-assignments'
  | 'oauth-permissions'
  | 'mailbox-rules'
  | 'transport-rules';

/**
 * Record dialects: the field naming a family of shapes uses. ual: unified audit log (AuditData and its
 * PascalCase wrappers); graph-ual: Graph audit-log-query records (camelCase); office: the Log Analytics OfficeActivity table; portal: Entra admin center downloads;
 * azureadpreview: Graph's fields in PascalCase (AzureADPreview / Graph SDK objects through ConvertTo-Json);
 * azure-activity: the Azure Activity log's REST / portal JSON (its diagnostic and Log Analytics forms are diag and la);
 * graph-alerts: the Graph security API's alerts_v2 (camelCase); ms-alert-tables: Microsoft's alerts as Log Analytics
 * SecurityAlert and AlertEvidence rows and Defender XDR's streaming API records (PascalCase: a dialect of their own so
 * their names never meet the camelCase ones in one case-insensitive structure).
 */
export type Dialect =
  | 'graph'
  | 'diag'
  | 'la'
  | 'ual'
  | 'graph-ual'
  | 'office'
  | 'portal'
  | 'azureadpreview'
  | 'azure-activity'
  | 'graph-alerts'
  | 'ms-alert-tables';
