import { type ColumnDef, type ColumnType, EVENT_TABLES, type EventTable } from '../core/event-model.js';

/**
 * The tables rules can run over: the three event tables, and two views (store migration 5) over the Graph records
 * the live collection stores whole (graph_records): Entra ID Protection risk detections and PIM alerts. They are
 * views, not tables, because the collector keeps those records as raw JSON and nothing else projects them.
 */
export type RuleTable = EventTable | 'risk_detections' | 'pim_alerts';

const col = (name: string, type: ColumnType, doc: string): ColumnDef => ({ name, type, doc });

/** Columns of the risk_detections view (Graph riskDetection, reference/id_protection_risk_detections.md). */
export const RISK_DETECTION_COLUMNS: readonly ColumnDef[] = [
  col('uid', 'VARCHAR', 'id@lastUpdatedDateTime: a detection is stored again when it changes'),
  col('source_id', 'VARCHAR', 'riskDetection id'),
  col('evidence_sha256', 'VARCHAR', 'SHA-256 of the stored Graph page (evidence table key)'),
  col('detected_at', 'TIMESTAMPTZ', 'detectedDateTime'),
  col('activity_at', 'TIMESTAMPTZ', 'activityDateTime: the sign-in or user activity that was flagged'),
  col('risk_event_type', 'VARCHAR', 'riskEventType (unfamiliarFeatures, leakedCredentials, ...)'),
  col('risk_level', 'VARCHAR', 'riskLevel'),
  col('risk_state', 'VARCHAR', 'riskState'),
  col('risk_detail', 'VARCHAR', 'riskDetail'),
  col('detection_timing_type', 'VARCHAR', 'detectionTimingType (realtime | offline)'),
  col('activity', 'VARCHAR', 'activity (signin | user)'),
  col('source', 'VARCHAR', 'source (IdentityProtection, MicrosoftCloudAppSecurity, ...)'),
  col('token_issuer_type', 'VARCHAR', 'tokenIssuerType'),
  col('user_id', 'VARCHAR', 'userId'),
  col('user_principal_name', 'VARCHAR', 'userPrincipalName, lower-cased'),
  col('user_display_name', 'VARCHAR', 'userDisplayName'),
  col('ip_address', 'VARCHAR', 'ipAddress'),
  col('country', 'VARCHAR', 'location.countryOrRegion'),
  col('request_id', 'VARCHAR', 'requestId (the sign-in id)'),
  col('correlation_id', 'VARCHAR', 'correlationId'),
  col('additional_info', 'VARCHAR', 'additionalInfo as JSON text'),
];

/** Columns of the pim_alerts view (Graph unifiedRoleManagementAlert, beta). */
export const PIM_ALERT_COLUMNS: readonly ColumnDef[] = [
  col('uid', 'VARCHAR', 'id@lastModifiedDateTime'),
  col('source_id', 'VARCHAR', 'alert id'),
  col('evidence_sha256', 'VARCHAR', 'SHA-256 of the stored Graph page (evidence table key)'),
  col('modified_at', 'TIMESTAMPTZ', 'lastModifiedDateTime, else lastScannedDateTime'),
  col(
    'alert_type',
    'VARCHAR',
    'the alert kind as Graph names its incident or configuration type (tooManyGlobalAdminsAssignedToTenantAlertIncident, ...), from alertDefinitionId',
  ),
  col('alert_definition_id', 'VARCHAR', 'alertDefinitionId (DirectoryRole_<tenant>_<Kind>Alert)'),
  col('incident_count', 'BIGINT', 'incidentCount'),
  col('is_active', 'BOOLEAN', 'isActive'),
  col('scope_id', 'VARCHAR', 'scopeId'),
];

/** Every table or view a rule can name, with its columns and the time column windows order on. */
export const RULE_TABLES: Record<RuleTable, { columns: readonly ColumnDef[]; timeColumn: string }> = {
  ...EVENT_TABLES,
  risk_detections: { columns: RISK_DETECTION_COLUMNS, timeColumn: 'detected_at' },
  pim_alerts: { columns: PIM_ALERT_COLUMNS, timeColumn: 'modified_at' },
};

/** All rule tables, in a stable order. */
export const RULE_TABLE_NAMES = Object.keys(RULE_TABLES) as RuleTable[];

/** Whether a name is a rule table. */
export function isRuleTable(name: string): name is RuleTable {
  return Object.hasOwn(RULE_TABLES, name);
}
