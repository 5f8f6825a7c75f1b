/**
 * The data sources readiness measures, one per question an investigator asks of the logs: "do we have the
 * non-interactive sign-ins?", "do we have MailItemsAccessed?". Each names the store rows that belong to it (a fixed
 * SQL filter over a canonical table, never built from input), how Microsoft retains it and how late Microsoft's
 * pipeline delivers it.
 */

/** A source's id: stable, used in the technique catalogue (content/techniques) and in --json output. */
export type SourceId =
  | 'signins:interactive'
  | 'signins:non-interactive'
  | 'signins:service-principal'
  | 'signins:managed-identity'
  | 'audits'
  | 'ual'
  | 'ual:mail-items-accessed'
  | 'risk-detections'
  | 'pim-alerts'
  | 'graph-activity'
  | 'provisioning'
  | 'network-access'
  | 'azure-activity'
  | 'microsoft-alerts'
  | 'snapshots';

/** Which licence decides how long Microsoft keeps a source. */
export type RetentionFamily = 'entra' | 'entra-risk' | 'purview' | 'azure-activity' | 'defender' | 'none';

/** Microsoft's delay between an event and its appearance in the API, in minutes. */
export interface PipelineDelay {
  readonly typicalMinutes: number;
  readonly worstMinutes: number;
  /** Where the figure comes from; "UNVERIFIED" when it is not in ../shared/reference. */
  readonly source: string;
}

/** One source: where its rows are and what Microsoft promises about it. */
export interface SourceDef {
  readonly id: SourceId;
  readonly label: string;
  /** The store table, or `snapshots` for configuration snapshots. */
  readonly table:
    | 'signins'
    | 'audits'
    | 'activities'
    | 'graph_records'
    | 'risk_detections'
    | 'graph_activity'
    | 'provisioning'
    | 'network_access'
    | 'azure_activity'
    | 'ms_alerts'
    | 'snapshots';
  readonly timeColumn: string;
  /** A constant SQL condition selecting the source's rows (no user input ever reaches it). */
  readonly where: string;
  /**
   * Who or what acts in a row (a constant SQL expression): gap baselines count distinct actors per hour, not
   * events, so that one noisy actor (a spray from one address) cannot make ordinary quiet hours look due.
   */
  readonly actor: string;
  readonly retention: RetentionFamily;
  /** Endpoint names of live collection (src/sources/graph/endpoints) that feed this source. */
  readonly endpoints: readonly string[];
  readonly delay: PipelineDelay | undefined;
  /**
   * A source a tenant sends by choice (a diagnostic setting, an export, Defender): measured and listed like the
   * others, but not counted in the look-back score, so a tenant is not marked down for a log it has no use for.
   */
  readonly optional?: true;
}

// Entra activity logs: Microsoft's reporting-latency page is not in ../shared/reference; the figures below are the
// commonly quoted ones and are UNVERIFIED. The reference does say MFA events "can take up to two hours to aggregate"
// (retention_and_2023_changes.md, Reports FAQ), which is the worst case used for sign-ins.
const ENTRA_SIGNIN_DELAY: PipelineDelay = {
  typicalMinutes: 5,
  worstMinutes: 120,
  source:
    'typical 2-5 min UNVERIFIED; worst 2 h: "MFA events can take up to two hours" (retention_and_2023_changes.md)',
};
const ENTRA_AUDIT_DELAY: PipelineDelay = {
  typicalMinutes: 3,
  worstMinutes: 30,
  source: 'UNVERIFIED (Entra reporting latency page not in ../shared/reference)',
};
// Purview Audit: Microsoft documents that a record can take from 30 minutes up to 24 hours to become searchable.
// Not in ../shared/reference: UNVERIFIED.
const UAL_DELAY: PipelineDelay = {
  typicalMinutes: 90,
  worstMinutes: 24 * 60,
  source: 'UNVERIFIED: Purview audit search "30 minutes to 24 hours" (not in ../shared/reference)',
};

function signinSource(id: SourceId, label: string, eventType: string, endpoint: string): SourceDef {
  return {
    id,
    label,
    table: 'signins',
    timeColumn: 'created_at',
    // event_type holds Graph's signInEventTypes value whatever shape the row came in (src/core/event-model.ts).
    where: `event_type = '${eventType}'`,
    actor: 'ip_address',
    retention: 'entra',
    endpoints: [endpoint],
    delay: ENTRA_SIGNIN_DELAY,
  };
}

/** Every source, in the order reports list them. */
export const SOURCES: readonly SourceDef[] = [
  signinSource('signins:interactive', 'interactive sign-ins', 'interactiveUser', 'signIns/interactiveUser'),
  signinSource(
    'signins:non-interactive',
    'non-interactive sign-ins',
    'nonInteractiveUser',
    'signIns/nonInteractiveUser',
  ),
  signinSource(
    'signins:service-principal',
    'service principal sign-ins',
    'servicePrincipal',
    'signIns/servicePrincipal',
  ),
  signinSource('signins:managed-identity', 'managed identity sign-ins', 'managedIdentity', 'signIns/managedIdentity'),
  {
    id: 'audits',
    label: 'directory audits',
    table: 'audits',
    timeColumn: 'activity_at',
    where: 'true',
    actor: 'coalesce(initiator_upn, initiator_app_id, initiator_display_name)',
    retention: 'entra',
    endpoints: ['directoryAudits'],
    delay: ENTRA_AUDIT_DELAY,
  },
  {
    id: 'ual',
    label: 'unified audit log',
    table: 'activities',
    timeColumn: 'created_at',
    where: 'true',
    actor: 'coalesce(client_ip, user_id)',
    retention: 'purview',
    endpoints: [],
    delay: UAL_DELAY,
  },
  {
    id: 'ual:mail-items-accessed',
    label: 'MailItemsAccessed',
    table: 'activities',
    timeColumn: 'created_at',
    // operation_key is the operation lower-cased (event-model.ts); the exact name is MailItemsAccessed
    // (reference/ual_operations_schema.md).
    where: `operation_key = 'mailitemsaccessed'`,
    actor: 'coalesce(client_ip, user_id)',
    retention: 'purview',
    endpoints: [],
    delay: UAL_DELAY,
  },
  {
    // Entra ID Protection risk detections: collected whole by live collection (graph_records) or imported from an
    // export (risk_events); the risk_detections view (store migration 100) holds both.
    id: 'risk-detections',
    label: 'ID Protection risk detections',
    table: 'risk_detections',
    timeColumn: 'detected_at',
    where: 'true',
    actor: 'coalesce(user_principal_name, ip_address, uid)',
    retention: 'entra-risk',
    endpoints: ['riskDetections'],
    // "Detections triggered in real-time take 5-10 minutes ... Offline detections take up to 48 hours"
    // (reference/id_protection_risk_detections.md).
    delay: {
      typicalMinutes: 10,
      worstMinutes: 48 * 60,
      source: 'id_protection_risk_detections.md (5-10 min real-time, 48 h offline)',
    },
  },
  {
    // PIM alerts: a state Microsoft recomputes, not a log; only what was collected shows the past.
    id: 'pim-alerts',
    label: 'PIM alerts',
    table: 'graph_records',
    timeColumn: 'event_time',
    where: `endpoint = 'roleManagementAlerts'`,
    actor: 'uid',
    retention: 'none',
    endpoints: ['roleManagementAlerts'],
    delay: undefined,
  },
  {
    // Microsoft Graph activity logs: delivered only through a diagnostic setting; Graph keeps no copy to read later.
    id: 'graph-activity',
    label: 'Microsoft Graph activity logs',
    table: 'graph_activity',
    timeColumn: 'requested_at',
    where: 'true',
    actor: 'coalesce(ip_address, user_id, app_id)',
    retention: 'none',
    endpoints: [],
    delay: undefined,
    optional: true,
  },
  {
    // UNVERIFIED: that provisioning logs follow the Entra activity-report retention (not in ../shared/reference).
    id: 'provisioning',
    label: 'provisioning logs',
    table: 'provisioning',
    timeColumn: 'activity_at',
    where: 'true',
    actor: 'coalesce(service_principal_id, job_id)',
    retention: 'entra',
    endpoints: [],
    delay: undefined,
    optional: true,
  },
  {
    // Global Secure Access traffic. UNVERIFIED: its retention, taken as the Entra activity-report one.
    id: 'network-access',
    label: 'Global Secure Access traffic',
    table: 'network_access',
    timeColumn: 'created_at',
    where: 'true',
    actor: 'coalesce(source_ip, user_principal_name)',
    retention: 'entra',
    endpoints: [],
    delay: undefined,
    optional: true,
  },
  {
    id: 'azure-activity',
    label: 'Azure Activity log',
    table: 'azure_activity',
    timeColumn: 'event_at',
    where: 'true',
    actor: 'coalesce(caller_ip, caller)',
    retention: 'azure-activity',
    endpoints: [],
    delay: undefined,
    optional: true,
  },
  {
    // Entra ID Protection, Defender XDR and Defender for Cloud Apps alerts (alerts_v2, SecurityAlert, AlertInfo).
    id: 'microsoft-alerts',
    label: "Microsoft's alerts",
    table: 'ms_alerts',
    timeColumn: 'created_at',
    where: 'true',
    actor: 'coalesce(product, alert_id)',
    retention: 'defender',
    endpoints: ['securityAlerts'],
    delay: undefined,
    optional: true,
  },
  {
    id: 'snapshots',
    label: 'configuration snapshots',
    table: 'snapshots',
    timeColumn: 'taken_at',
    where: 'true',
    actor: 'snapshot_id',
    retention: 'none',
    endpoints: [],
    delay: undefined,
  },
];

/** The definition of a source id. */
export function sourceDef(id: SourceId): SourceDef {
  const found = SOURCES.find((s) => s.id === id);
  if (!found) throw new Error(`unknown source ${id}`);
  return found;
}

/** The sources that hold events (every one but configuration snapshots). */
export const EVENT_SOURCES: readonly SourceDef[] = SOURCES.filter((s) => s.table !== 'snapshots');

/** The event sources the look-back score counts: every one a tenant is expected to send. */
export const SCORED_SOURCES: readonly SourceDef[] = EVENT_SOURCES.filter((s) => !s.optional);

/** Whether a text is a source id. */
export function isSourceId(text: string): text is SourceId {
  return SOURCES.some((s) => s.id === text);
}
