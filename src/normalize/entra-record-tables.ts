import { riskKindSqlArms } from '../core/entra-categories.js';
import type { RecordMapper } from '../core/mapper.js';
import { diagMapper, type EntraRecordTable, type Field, laMapper } from './entra-records.js';
import { bigint, int, lowerStr, str } from './sql.js';

/**
 * The Entra categories with tables of their own: Identity Protection (risk_events), provisioning and Global Secure
 * Access traffic. Field names are Graph's (riskDetection, servicePrincipalRiskDetection, riskyUser,
 * riskyServicePrincipal, provisioningObjectSummary, networkaccess.networkAccessTraffic); Log Analytics columns are
 * their PascalCase. UNVERIFIED (not in reference/): the Log Analytics column names of these tables beyond that rule,
 * and that their diagnostic records carry the Graph object under `properties` as the sign-in categories do.
 */

const first = (f: Field, ...paths: string[]): string => `coalesce(${paths.map((p) => str(f(p))).join(', ')})`;

/** The kind of an Identity Protection record: by its category, else by the fields only that kind has. */
function riskKind(f: Field, category: string): string {
  return `coalesce(CASE ${category} ${riskKindSqlArms()} END, CASE
    WHEN ${str(f('riskEventType'))} IS NOT NULL THEN
      CASE WHEN ${str(f('servicePrincipalId'))} IS NOT NULL THEN 'servicePrincipalRiskDetection' ELSE 'userRiskDetection' END
    WHEN ${first(f, 'servicePrincipalType', 'appId')} IS NOT NULL THEN 'riskyServicePrincipal'
    ELSE 'riskyUser' END)`;
}

const RISK_EVENTS: EntraRecordTable = {
  name: 'Identity Protection',
  table: 'risk_events',
  fields: [
    'id',
    'detectedDateTime',
    'riskLastUpdatedDateTime',
    'lastUpdatedDateTime',
    'activityDateTime',
    'timeGenerated',
    'riskEventType',
    'riskLevel',
    'riskState',
    'riskDetail',
    'detectionTimingType',
    'activity',
    'source',
    'tokenIssuerType',
    'userId',
    'userPrincipalName',
    'userDisplayName',
    'servicePrincipalId',
    'servicePrincipalDisplayName',
    'servicePrincipalType',
    'displayName',
    'appId',
    'keyIds',
    'ipAddress',
    'location.countryOrRegion',
    'requestId',
    'correlationId',
    'additionalInfo',
  ],
  id: (f) => f('id'),
  // A detection and a risky user change under one id (state, level): each version is its own row, as collected.
  uid: (f) => `${str(f('id'))} || coalesce('@' || ${first(f, 'lastUpdatedDateTime', 'riskLastUpdatedDateTime')}, '')`,
  time: (f) => first(f, 'detectedDateTime', 'riskLastUpdatedDateTime', 'timeGenerated'),
  timeName: 'detectedDateTime',
  columns: (f, category) => {
    const kind = riskKind(f, category);
    return {
      kind,
      activity_at: `TRY_CAST(${str(f('activityDateTime'))} AS TIMESTAMPTZ)`,
      risk_event_type: str(f('riskEventType')),
      risk_level: str(f('riskLevel')),
      risk_state: str(f('riskState')),
      risk_detail: str(f('riskDetail')),
      detection_timing_type: str(f('detectionTimingType')),
      activity: str(f('activity')),
      source: str(f('source')),
      token_issuer_type: str(f('tokenIssuerType')),
      // A risky user's id is the user's; a risky service principal's id is the service principal's.
      user_id: `CASE ${kind} WHEN 'riskyUser' THEN ${str(f('id'))} ELSE ${str(f('userId'))} END`,
      user_principal_name: lowerStr(f('userPrincipalName')),
      user_display_name: str(f('userDisplayName')),
      service_principal_id: `CASE ${kind} WHEN 'riskyServicePrincipal' THEN ${str(f('id'))} ELSE ${str(f('servicePrincipalId'))} END`,
      service_principal_name: first(f, 'servicePrincipalDisplayName', 'displayName'),
      app_id: str(f('appId')),
      key_ids: str(f('keyIds')),
      ip_address: str(f('ipAddress')),
      country: str(f('location.countryOrRegion')),
      request_id: str(f('requestId')),
      correlation_id: str(f('correlationId')),
      additional_info: str(f('additionalInfo')),
    };
  },
  // Sign-in rows carry RiskEventTypes (plural) and RiskLevelDuringSignIn, never these two.
  laRoute: '(j.RiskEventType IS NOT NULL OR j.RiskLastUpdatedDateTime IS NOT NULL)',
  laRouteColumns: ['RiskEventType', 'RiskLastUpdatedDateTime'],
};

const PROVISIONING: EntraRecordTable = {
  name: 'provisioning',
  table: 'provisioning',
  fields: [
    'id',
    'activityDateTime',
    'timeGenerated',
    'jobId',
    'cycleId',
    'changeId',
    'provisioningAction',
    'action',
    'provisioningStatusInfo.status',
    'provisioningStatusInfo.errorInformation.errorCode',
    'provisioningStatusInfo.errorInformation.reason',
    'initiatedBy.initiatorType',
    'initiatedBy.id',
    'initiatedBy.displayName',
    'servicePrincipal.id',
    'servicePrincipal.displayName',
    'sourceSystem.displayName',
    'targetSystem.displayName',
    'sourceIdentity.id',
    'sourceIdentity.displayName',
    'sourceIdentity.identityType',
    'targetIdentity.id',
    'targetIdentity.displayName',
    'targetIdentity.identityType',
    'modifiedProperties',
  ],
  id: (f) => f('id'),
  time: (f) => first(f, 'activityDateTime', 'timeGenerated'),
  timeName: 'activityDateTime',
  columns: (f) => ({
    job_id: str(f('jobId')),
    cycle_id: str(f('cycleId')),
    change_id: str(f('changeId')),
    // provisioningAction replaced the deprecated action.
    provisioning_action: first(f, 'provisioningAction', 'action'),
    status: lowerStr(f('provisioningStatusInfo.status')),
    error_code: str(f('provisioningStatusInfo.errorInformation.errorCode')),
    error_reason: str(f('provisioningStatusInfo.errorInformation.reason')),
    initiator_type: str(f('initiatedBy.initiatorType')),
    initiator_id: str(f('initiatedBy.id')),
    initiator_display_name: str(f('initiatedBy.displayName')),
    service_principal_id: str(f('servicePrincipal.id')),
    service_principal_name: str(f('servicePrincipal.displayName')),
    source_system: str(f('sourceSystem.displayName')),
    target_system: str(f('targetSystem.displayName')),
    source_identity_id: str(f('sourceIdentity.id')),
    source_identity_name: str(f('sourceIdentity.displayName')),
    source_identity_type: str(f('sourceIdentity.identityType')),
    target_identity_id: str(f('targetIdentity.id')),
    target_identity_name: str(f('targetIdentity.displayName')),
    target_identity_type: str(f('targetIdentity.identityType')),
    modified_properties: str(f('modifiedProperties')),
  }),
  laRoute: '(j.JobId IS NOT NULL AND (j.CycleId IS NOT NULL OR j.ProvisioningAction IS NOT NULL))',
  laRouteColumns: ['JobId', 'CycleId', 'ProvisioningAction'],
};

const NETWORK_ACCESS: EntraRecordTable = {
  name: 'network access traffic',
  table: 'network_access',
  fields: [
    'createdDateTime',
    'timeGenerated',
    'transactionId',
    'connectionId',
    'sessionId',
    'trafficType',
    'action',
    'userId',
    'userPrincipalName',
    'deviceId',
    'deviceOperatingSystem',
    'sourceIp',
    'destinationIp',
    'destinationPort',
    'destinationFqdn',
    'destinationUrl',
    'transportProtocol',
    'policyName',
    'policyRuleName',
    'sentBytes',
    'receivedBytes',
  ],
  id: (f) => f('transactionId'),
  time: (f) => first(f, 'createdDateTime', 'timeGenerated'),
  timeName: 'createdDateTime',
  columns: (f) => ({
    transaction_id: str(f('transactionId')),
    connection_id: str(f('connectionId')),
    session_id: str(f('sessionId')),
    traffic_type: str(f('trafficType')),
    action: lowerStr(f('action')),
    user_id: str(f('userId')),
    user_principal_name: lowerStr(f('userPrincipalName')),
    device_id: str(f('deviceId')),
    device_os: str(f('deviceOperatingSystem')),
    source_ip: str(f('sourceIp')),
    destination_ip: str(f('destinationIp')),
    destination_port: int(f('destinationPort')),
    destination_fqdn: str(f('destinationFqdn')),
    destination_url: str(f('destinationUrl')),
    transport_protocol: str(f('transportProtocol')),
    policy_name: str(f('policyName')),
    policy_rule_name: str(f('policyRuleName')),
    sent_bytes: bigint(f('sentBytes')),
    received_bytes: bigint(f('receivedBytes')),
  }),
  laRoute: '(j.TransactionId IS NOT NULL AND (j.DestinationFqdn IS NOT NULL OR j.DestinationIp IS NOT NULL))',
  laRouteColumns: ['TransactionId', 'DestinationFqdn', 'DestinationIp'],
};

const TABLES = [RISK_EVENTS, PROVISIONING, NETWORK_ACCESS];

export const DIAG_ENTRA_RECORDS: readonly RecordMapper[] = TABLES.map(diagMapper);
export const LA_ENTRA_RECORDS: readonly RecordMapper[] = TABLES.map(laMapper);

/** Log Analytics rows that belong to one of these tables, whatever else they carry (sign-in routes exclude them). */
export const LA_ENTRA_RECORD_ROUTE = TABLES.map((t) => t.laRoute).join(' OR ');
