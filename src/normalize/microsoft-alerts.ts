import type { RecordMapper } from '../core/mapper.js';
import { timeRejectCases } from './reject-reason.js';
import { lowerStr, str, ts } from './sql.js';

/**
 * Microsoft's own alerts, in the shapes they are exported in:
 * - the Graph security API's alerts_v2 (microsoft.graph.security.alert: id, providerAlertId, incidentId, status,
 *   severity, classification, determination, serviceSource, detectionSource, productName, detectorId, tenantId,
 *   title, description, category, alertWebUrl, mitreTechniques, createdDateTime, lastUpdateDateTime,
 *   firstActivityDateTime, lastActivityDateTime, evidence), as collected or as a Graph JSON page;
 * - the Log Analytics / Sentinel SecurityAlert table (SystemAlertId, VendorOriginalId, AlertName, DisplayName,
 *   Description, AlertSeverity, Status, Tactics, Techniques, SubTechniques, ProductName, ProviderName, AlertType,
 *   AlertLink, StartTime, EndTime, CompromisedEntity, Entities as JSON text);
 * - the AlertEvidence table, one entity a row (AlertId, Title, Severity, ServiceSource, DetectionSource,
 *   AttackTechniques, Categories, EntityType, EvidenceRole, EvidenceDirection, Account*, RemoteIP, LocalIP, Device*,
 *   Application, ApplicationId, OAuthApplicationId, RemoteUrl, EmailSubject, NetworkMessageId, FileName, SHA256,
 *   AdditionalFields), as a Log Analytics export and as Defender XDR's streaming API records (category
 *   AdvancedHunting-AlertEvidence, the same columns under `properties`), with AdvancedHunting-AlertInfo (one row
 *   per alert: AlertId, Title, Category, Severity, ServiceSource, DetectionSource, AttackTechniques).
 * Field names: Microsoft Graph's alert and alertEvidence resource pages; the Azure Monitor table references of
 * SecurityAlert and AlertEvidence. UNVERIFIED: AlertEvidence's Title, Severity, ServiceSource and Timestamp columns
 * (the advanced hunting schema has them; the Log Analytics reference page was read only in part), and the streaming
 * API's record envelope (time, tenantId, operationName, category, properties), written from Defender XDR's
 * streaming API page as remembered.
 */
const V = 'VARCHAR';
const J = 'JSON';
const json = (e: string) => `CAST(${e} AS VARCHAR)`;

const timeReject = (time: string, shown: string, field: string): string =>
  timeRejectCases(time, shown, field, 'an alert record');

const GRAPH_CREATED = ts('j.createdDateTime');

/** alerts_v2 (Graph JSON pages, arrays, NDJSON). Versioned by lastUpdateDateTime: a re-read alert that changed is kept. */
export const GRAPH_MS_ALERT: RecordMapper = {
  name: 'graph-security-alert',
  table: 'ms_alerts',
  structure: {
    id: V,
    providerAlertId: V,
    incidentId: V,
    status: V,
    severity: V,
    classification: V,
    determination: V,
    serviceSource: V,
    detectionSource: V,
    productName: V,
    detectorId: V,
    tenantId: V,
    title: V,
    description: V,
    category: V,
    alertWebUrl: V,
    mitreTechniques: J,
    createdDateTime: V,
    lastUpdateDateTime: V,
    firstActivityDateTime: V,
    lastActivityDateTime: V,
    evidence: J,
  },
  route: 'j.serviceSource IS NOT NULL OR j.providerAlertId IS NOT NULL OR j.detectionSource IS NOT NULL',
  sourceId: str('j.id'),
  uid: `${str('j.id')} || '@' || coalesce(${str('j.lastUpdateDateTime')}, ${str('j.createdDateTime')}, '')`,
  columns: {
    created_at: GRAPH_CREATED,
    time_source: `CASE WHEN ${GRAPH_CREATED} IS NOT NULL THEN 'event' END`,
    first_activity_at: ts('j.firstActivityDateTime'),
    last_activity_at: ts('j.lastActivityDateTime'),
    updated_at: ts('j.lastUpdateDateTime'),
    alert_id: str('j.id'),
    provider_alert_id: str('j.providerAlertId'),
    incident_id: str('j.incidentId'),
    title: str('j.title'),
    description: str('j.description'),
    severity: lowerStr('j.severity'),
    status: str('j.status'),
    category: str('j.category'),
    product: str('j.serviceSource'),
    product_name: str('j.productName'),
    detection_source: str('j.detectionSource'),
    detector_id: str('j.detectorId'),
    techniques: json('j.mitreTechniques'),
    tenant_id: str('j.tenantId'),
    alert_web_url: str('j.alertWebUrl'),
    classification: str('j.classification'),
    determination: str('j.determination'),
    evidence: json('j.evidence'),
  },
  rejectReason: `CASE WHEN ${str('j.id')} IS NULL THEN 'no id: not a Microsoft Graph security alert'
    ${timeReject(GRAPH_CREATED, str('j.createdDateTime'), 'createdDateTime')} END`,
};

const LA_TIME = ts('j.TimeGenerated');

/** Log Analytics SecurityAlert rows (CSV or JSON export); TenantId there is the workspace, so it is not read. */
export const LA_SECURITY_ALERT: RecordMapper = {
  name: 'la-security-alert',
  table: 'ms_alerts',
  structure: Object.fromEntries(
    `TimeGenerated SystemAlertId VendorOriginalId AlertName DisplayName Description AlertSeverity Status Tactics
    Techniques SubTechniques ProductName ProviderName VendorName AlertType AlertLink StartTime EndTime
    CompromisedEntity Entities`
      .split(/\s+/)
      .map((k) => [k, V]),
  ),
  route: 'j.SystemAlertId IS NOT NULL OR (j.AlertName IS NOT NULL AND j.ProductName IS NOT NULL)',
  sourceId: str('j.SystemAlertId'),
  // SecurityAlert writes a row again when an alert changes (status, entities): each row is a version.
  uid: `${str('j.SystemAlertId')} || '@' || coalesce(${str('j.TimeGenerated')}, '')`,
  columns: {
    created_at: LA_TIME,
    time_source: `CASE WHEN ${LA_TIME} IS NOT NULL THEN 'ingestion' END`,
    first_activity_at: ts('j.StartTime'),
    last_activity_at: ts('j.EndTime'),
    alert_id: str('j.SystemAlertId'),
    provider_alert_id: str('j.VendorOriginalId'),
    title: `coalesce(${str('j.AlertName')}, ${str('j.DisplayName')})`,
    description: str('j.Description'),
    severity: lowerStr('j.AlertSeverity'),
    status: str('j.Status'),
    category: str('j.Tactics'),
    product: str('j.ProductName'),
    product_name: str('j.ProductName'),
    detection_source: str('j.ProviderName'),
    detector_id: str('j.AlertType'),
    techniques: `nullif(concat_ws(',', ${str('j.Techniques')}, ${str('j.SubTechniques')}), '')`,
    alert_web_url: str('j.AlertLink'),
    compromised_entity: str('j.CompromisedEntity'),
    evidence: str('j.Entities'),
  },
  rejectReason: `CASE WHEN ${str('j.SystemAlertId')} IS NULL THEN 'no SystemAlertId: a SecurityAlert row without its alert id'
    ${timeReject(LA_TIME, str('j.TimeGenerated'), 'TimeGenerated')} END`,
};

const EVIDENCE_KEYS = `Timestamp TimeGenerated AlertId Title Severity ServiceSource DetectionSource AttackTechniques
  Categories EntityType EvidenceRole EvidenceDirection AccountObjectId AccountUpn AccountName AccountDomain AccountSid
  RemoteIP LocalIP DeviceId DeviceName Application ApplicationId OAuthApplicationId RemoteUrl EmailSubject
  NetworkMessageId FileName SHA256 AdditionalFields`.split(/\s+/);

/** AlertEvidence's columns over `p` (the row itself, or the streaming record's properties). */
function evidenceMapper(name: string, p: string, route: string, structure: Record<string, unknown>): RecordMapper {
  const time = `coalesce(${ts(`${p}.Timestamp`)}, ${ts(`${p}.TimeGenerated`)})`;
  const shown = `coalesce(${str(`${p}.Timestamp`)}, ${str(`${p}.TimeGenerated`)})`;
  return {
    name,
    table: 'ms_alert_evidence',
    structure,
    route,
    sourceId: 'CAST(NULL AS VARCHAR)',
    columns: {
      created_at: time,
      time_source: `CASE WHEN ${time} IS NOT NULL THEN 'event' END`,
      alert_id: str(`${p}.AlertId`),
      title: str(`${p}.Title`),
      severity: lowerStr(`${p}.Severity`),
      product: str(`${p}.ServiceSource`),
      detection_source: str(`${p}.DetectionSource`),
      techniques: str(`${p}.AttackTechniques`),
      categories: str(`${p}.Categories`),
      entity_type: str(`${p}.EntityType`),
      evidence_role: str(`${p}.EvidenceRole`),
      evidence_direction: str(`${p}.EvidenceDirection`),
      account_object_id: str(`${p}.AccountObjectId`),
      account_upn: lowerStr(`${p}.AccountUpn`),
      account_name: str(`${p}.AccountName`),
      account_domain: str(`${p}.AccountDomain`),
      account_sid: str(`${p}.AccountSid`),
      remote_ip: str(`${p}.RemoteIP`),
      local_ip: str(`${p}.LocalIP`),
      device_id: str(`${p}.DeviceId`),
      device_name: str(`${p}.DeviceName`),
      application: str(`${p}.Application`),
      application_id: str(`${p}.ApplicationId`),
      oauth_application_id: str(`${p}.OAuthApplicationId`),
      remote_url: str(`${p}.RemoteUrl`),
      email_subject: str(`${p}.EmailSubject`),
      network_message_id: str(`${p}.NetworkMessageId`),
      file_name: str(`${p}.FileName`),
      sha256: str(`${p}.SHA256`),
      additional_fields: str(`${p}.AdditionalFields`),
    },
    rejectReason: `CASE WHEN ${str(`${p}.AlertId`)} IS NULL THEN 'no AlertId: evidence that names no alert'
      ${timeReject(time, shown, 'Timestamp')} END`,
  };
}

const evidenceStructure = Object.fromEntries(EVIDENCE_KEYS.map((k) => [k, V]));

/** Log Analytics AlertEvidence rows. */
export const LA_ALERT_EVIDENCE = evidenceMapper(
  'la-alert-evidence',
  'j',
  'j.AlertId IS NOT NULL AND (j.EntityType IS NOT NULL OR j.EvidenceRole IS NOT NULL)',
  evidenceStructure,
);

const STREAM = { time: V, category: V, operationName: V, properties: { ...evidenceStructure, Category: V } };

/** Defender XDR's streaming API (Event Hub, storage): AdvancedHunting-AlertEvidence records. */
export const STREAM_ALERT_EVIDENCE = evidenceMapper(
  'stream-alert-evidence',
  'j.properties',
  `lower(j.category) = 'advancedhunting-alertevidence'`,
  STREAM,
);

const INFO_TIME = `coalesce(${ts('j.properties.Timestamp')}, ${ts('j.time')})`;

/** Defender XDR's streaming API: AdvancedHunting-AlertInfo records, one per alert. */
export const STREAM_ALERT_INFO: RecordMapper = {
  name: 'stream-alert-info',
  table: 'ms_alerts',
  structure: STREAM,
  route: `lower(j.category) = 'advancedhunting-alertinfo'`,
  sourceId: str('j.properties.AlertId'),
  columns: {
    created_at: INFO_TIME,
    time_source: `CASE WHEN ${INFO_TIME} IS NOT NULL THEN 'event' END`,
    alert_id: str('j.properties.AlertId'),
    title: str('j.properties.Title'),
    severity: lowerStr('j.properties.Severity'),
    category: str('j.properties.Category'),
    product: str('j.properties.ServiceSource'),
    product_name: str('j.properties.ServiceSource'),
    detection_source: str('j.properties.DetectionSource'),
    techniques: str('j.properties.AttackTechniques'),
  },
  rejectReason: `CASE WHEN ${str('j.properties.AlertId')} IS NULL THEN 'no AlertId: not an alert record'
    ${timeReject(INFO_TIME, `coalesce(${str('j.properties.Timestamp')}, ${str('j.time')})`, 'Timestamp')} END`,
};
