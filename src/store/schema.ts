import {
  ACTIVITY_COLUMNS,
  AUDIT_COLUMNS,
  AZURE_ACTIVITY_COLUMNS,
  type ColumnDef,
  GRAPH_ACTIVITY_COLUMNS,
  MS_ALERT_COLUMNS,
  MS_ALERT_EVIDENCE_COLUMNS,
  NETWORK_ACCESS_COLUMNS,
  PROVISIONING_COLUMNS,
  RISK_EVENT_COLUMNS,
  SIGNIN_COLUMNS,
} from '../core/event-model.js';

function tableDdl(table: string, columns: readonly ColumnDef[]): string {
  // No primary key on uid: an ART index costs memory and ingest time at millions of rows; the loader
  // deduplicates with an anti-join instead (see store/load.ts).
  const cols = columns.map((c) => `  ${c.name} ${c.type}${c.name === 'uid' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${table} (\n${cols.join(',\n')}\n)`;
}

/** The migration that brought the Parquet lake: a workspace getting it was made by an earlier version. */
export const LAKE_MIGRATION = 50;

/**
 * The Graph half of the risk_detections view: risk detections collected as raw Graph JSON (graph_records). Written
 * once for migration 5, which created the view, and migration 100, which adds the imported detections to it; the
 * text of both migrations is unchanged by sharing it (schema.test.ts holds their hashes).
 */
const RISK_DETECTIONS_GRAPH_SELECT = `SELECT uid, source_id, evidence_sha256, record_index,
          TRY_CAST(json_extract_string(raw, '$.detectedDateTime') AS TIMESTAMPTZ) AS detected_at,
          TRY_CAST(json_extract_string(raw, '$.activityDateTime') AS TIMESTAMPTZ) AS activity_at,
          json_extract_string(raw, '$.riskEventType') AS risk_event_type,
          json_extract_string(raw, '$.riskLevel') AS risk_level,
          json_extract_string(raw, '$.riskState') AS risk_state,
          json_extract_string(raw, '$.riskDetail') AS risk_detail,
          json_extract_string(raw, '$.detectionTimingType') AS detection_timing_type,
          json_extract_string(raw, '$.activity') AS activity,
          json_extract_string(raw, '$.source') AS source,
          json_extract_string(raw, '$.tokenIssuerType') AS token_issuer_type,
          json_extract_string(raw, '$.userId') AS user_id,
          lower(json_extract_string(raw, '$.userPrincipalName')) AS user_principal_name,
          json_extract_string(raw, '$.userDisplayName') AS user_display_name,
          json_extract_string(raw, '$.ipAddress') AS ip_address,
          json_extract_string(raw, '$.location.countryOrRegion') AS country,
          json_extract_string(raw, '$.requestId') AS request_id,
          json_extract_string(raw, '$.correlationId') AS correlation_id,
          json_extract_string(raw, '$.additionalInfo') AS additional_info
        FROM graph_records WHERE endpoint = 'riskDetections'`;

/**
 * Ordered migrations. A workspace records the last one applied; never edit a released migration, add one.
 * Event tables are generated from the canonical model so the DDL cannot drift from it.
 */
export const MIGRATIONS: readonly { version: number; name: string; statements: readonly string[] }[] = [
  {
    version: 1,
    name: 'events, evidence, rejects, alerts',
    statements: [
      tableDdl('signins', SIGNIN_COLUMNS),
      tableDdl('audits', AUDIT_COLUMNS),
      `CREATE TABLE evidence (
        sha256 VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        bytes BIGINT NOT NULL,
        shape VARCHAR NOT NULL,
        target_table VARCHAR NOT NULL,
        records_read BIGINT NOT NULL,
        records_loaded BIGINT NOT NULL,
        records_duplicate BIGINT NOT NULL,
        records_rejected BIGINT NOT NULL,
        imported_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE rejects (
        evidence_sha256 VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        record_index BIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        raw VARCHAR,
        PRIMARY KEY (evidence_sha256, record_index)
      )`,
      `CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        rule_id VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        group_key VARCHAR NOT NULL,
        entities VARCHAR NOT NULL,
        tags VARCHAR NOT NULL,
        summary VARCHAR NOT NULL,
        event_count BIGINT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE alert_evidence (
        alert_id VARCHAR NOT NULL,
        uid VARCHAR NOT NULL,
        source_id VARCHAR,
        table_name VARCHAR NOT NULL,
        event_time TIMESTAMPTZ,
        PRIMARY KEY (alert_id, table_name, uid)
      )`,
    ],
  },
  {
    version: 2,
    name: 'unified audit log: activities',
    statements: [tableDdl('activities', ACTIVITY_COLUMNS)],
  },
  {
    // Live collection from Microsoft Graph (src/collect, src/sources/graph).
    version: 3,
    name: 'graph collection: checkpoints, graph records, configuration snapshots',
    statements: [
      // One row per tenant and endpoint, written in the same transaction as the rows of each page. covered_* is
      // the time range read to its end; high_water the newest event time stored, with the ids at exactly that time;
      // pending_* a range being read newest first when the process stopped: everything after pending_oldest is
      // stored, so the next pass reads pending_from..pending_oldest, then goes on from pending_until.
      `CREATE TABLE checkpoints (
        tenant_id VARCHAR NOT NULL,
        endpoint VARCHAR NOT NULL,
        high_water TIMESTAMPTZ,
        boundary_ids VARCHAR NOT NULL,
        covered_from TIMESTAMPTZ,
        covered_until TIMESTAMPTZ,
        pending_from TIMESTAMPTZ,
        pending_until TIMESTAMPTZ,
        pending_oldest TIMESTAMPTZ,
        pages BIGINT NOT NULL,
        records BIGINT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (tenant_id, endpoint)
      )`,
      // Records of Graph endpoints that are neither sign-ins nor directory audits (risk detections, risky users,
      // PIM alerts). uid is the record id, versioned by its last-update time where the object changes over time.
      `CREATE TABLE graph_records (
        endpoint VARCHAR NOT NULL,
        uid VARCHAR NOT NULL,
        source_id VARCHAR,
        event_time TIMESTAMPTZ,
        raw VARCHAR NOT NULL,
        evidence_sha256 VARCHAR NOT NULL,
        record_index BIGINT NOT NULL,
        PRIMARY KEY (endpoint, uid)
      )`,
      // One row per configuration object per snapshot: users, policies, roles, apps... (resource = the file name
      // without .json, e.g. conditionalAccessPolicies); a single-object resource has one row.
      `CREATE TABLE snapshots (
        snapshot_id VARCHAR NOT NULL,
        taken_at TIMESTAMPTZ NOT NULL,
        tenant_id VARCHAR,
        resource VARCHAR NOT NULL,
        object_id VARCHAR NOT NULL,
        raw VARCHAR NOT NULL,
        PRIMARY KEY (snapshot_id, resource, object_id)
      )`,
      // What each snapshot holds per resource: ok (possibly empty), unavailable (licence or permission: named in
      // detail) or failed. Without it an empty resource and one never read would look the same.
      `CREATE TABLE snapshot_resources (
        snapshot_id VARCHAR NOT NULL,
        resource VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        object_count BIGINT NOT NULL,
        detail VARCHAR,
        source VARCHAR NOT NULL,
        sha256 VARCHAR,
        PRIMARY KEY (snapshot_id, resource)
      )`,
    ],
  },
  {
    // Detection (src/rules/rule-tables.ts, src/detect/incremental.ts). Risk detections and PIM alerts arrive as raw
    // Graph JSON in graph_records (migration 3); these views give rules columns over them. detect_state remembers,
    // per rule version, which input files (evidence) a rule has already evaluated, so that detect reads only new rows.
    version: 5,
    name: 'detection: risk detection and PIM alert views, incremental detection state',
    statements: [
      `CREATE VIEW risk_detections AS
        ${RISK_DETECTIONS_GRAPH_SELECT}`,
      // SigmaHQ's PIM rules name the alert by Graph's incident / configuration type; the alert list carries only
      // alertDefinitionId (DirectoryRole_<tenant>_<Kind>), so the kind is translated here.
      `CREATE VIEW pim_alerts AS
        SELECT uid, source_id, evidence_sha256, record_index,
          TRY_CAST(coalesce(json_extract_string(raw, '$.lastModifiedDateTime'),
            json_extract_string(raw, '$.lastScannedDateTime')) AS TIMESTAMPTZ) AS modified_at,
          CASE regexp_extract(json_extract_string(raw, '$.alertDefinitionId'), '_([A-Za-z]+)$', 1)
            WHEN 'RolesAssignedOutsidePimAlert' THEN 'rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration'
            WHEN 'TooManyGlobalAdminsAssignedToTenantAlert' THEN 'tooManyGlobalAdminsAssignedToTenantAlertIncident'
            WHEN 'StaleSignInAlert' THEN 'staleSignInAlertIncident'
            WHEN 'InvalidLicenseAlert' THEN 'invalidLicenseAlertIncident'
            WHEN 'NoMfaOnRoleActivationAlert' THEN 'noMfaOnRoleActivationAlertIncident'
            WHEN 'RedundantAssignmentAlert' THEN 'redundantAssignmentAlertIncident'
            WHEN 'SequentialActivationRenewalsAlert' THEN 'sequentialActivationRenewalsAlertIncident'
            ELSE regexp_extract(json_extract_string(raw, '$.alertDefinitionId'), '_([A-Za-z]+)$', 1)
          END AS alert_type,
          json_extract_string(raw, '$.alertDefinitionId') AS alert_definition_id,
          TRY_CAST(json_extract_string(raw, '$.incidentCount') AS BIGINT) AS incident_count,
          TRY_CAST(json_extract_string(raw, '$.isActive') AS BOOLEAN) AS is_active,
          json_extract_string(raw, '$.scopeId') AS scope_id
        FROM graph_records WHERE endpoint = 'roleManagementAlerts'`,
      `CREATE TABLE detect_state (
        rule_id VARCHAR NOT NULL,
        rule_hash VARCHAR NOT NULL,
        evidence_sha256 VARCHAR NOT NULL,
        evaluated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (rule_id, rule_hash, evidence_sha256)
      )`,
    ],
  },
  {
    // Incidents are derived from the alerts each time (src/investigate/incidents.ts); only what a responder decides
    // is stored: the status of an incident, keyed by its id (derived from its earliest alert, so it survives
    // re-detection).
    version: 7,
    name: 'incident status',
    statements: [
      `CREATE TABLE incidents (
        id VARCHAR PRIMARY KEY,
        status VARCHAR NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    // "New" means "not yet announced", kept in the store: a detect killed (or out of memory) after storing its
    // alerts used to leave them stored but never printed as new. One row per announcement owed, written in the
    // alert's own transaction (src/detect/announcements.ts); announced_at is set once it was shown. The seed of the
    // notification outbox: delivery per channel can hang off these rows.
    version: 20,
    name: 'alert announcements: what detect and watch still owe',
    statements: [
      `CREATE TABLE alert_announcements (
        alert_id VARCHAR NOT NULL,
        revision INTEGER NOT NULL,
        reason VARCHAR NOT NULL,
        queued_at TIMESTAMPTZ NOT NULL,
        announced_at TIMESTAMPTZ,
        PRIMARY KEY (alert_id, revision)
      )`,
    ],
  },
  {
    // Campaigns (src/detect/campaigns.ts): each member alert of a rule family mapped to the campaign alert that
    // folds it. No key: a pass deletes and re-inserts a member's row in one transaction.
    version: 30,
    name: 'alert campaigns',
    statements: ['CREATE TABLE alert_campaigns (alert_id VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL)'],
  },
  {
    version: 40,
    name: 'Microsoft Graph activity logs: graph_activity',
    statements: [tableDdl('graph_activity', GRAPH_ACTIVITY_COLUMNS)],
  },
  {
    // Entra categories read from exports with tables of their own (core/event-model.ts). risk_detections, the view
    // rules read, now also holds the risk detections imported from exports (risk_events of a detection kind), so
    // SigmaHQ's and premortem's Identity Protection rules run on a Log Analytics or storage export too.
    version: 100,
    name: 'Identity Protection, provisioning and network access records; risk_detections over imports',
    statements: [
      tableDdl('risk_events', RISK_EVENT_COLUMNS),
      tableDdl('provisioning', PROVISIONING_COLUMNS),
      tableDdl('network_access', NETWORK_ACCESS_COLUMNS),
      `CREATE OR REPLACE VIEW risk_detections AS
        ${RISK_DETECTIONS_GRAPH_SELECT}
        UNION ALL
        SELECT uid, source_id, evidence_sha256, record_index, detected_at, activity_at, risk_event_type, risk_level,
          risk_state, risk_detail, detection_timing_type, activity, source, token_issuer_type, user_id,
          user_principal_name, user_display_name, ip_address, country, request_id, correlation_id, additional_info
        FROM risk_events WHERE kind = 'userRiskDetection'`,
    ],
  },
  {
    version: 101,
    name: 'Azure Activity log: azure_activity',
    statements: [tableDdl('azure_activity', AZURE_ACTIVITY_COLUMNS)],
  },
  {
    // Microsoft's own alerts (Graph security alerts_v2, Log Analytics SecurityAlert) and their evidence one entity
    // a row (AlertEvidence, Defender XDR's AdvancedHunting-AlertEvidence records): detect raises each as an alert.
    version: 120,
    name: "Microsoft's alerts: ms_alerts, ms_alert_evidence",
    statements: [tableDdl('ms_alerts', MS_ALERT_COLUMNS), tableDdl('ms_alert_evidence', MS_ALERT_EVIDENCE_COLUMNS)],
  },
  {
    // premortem serve (src/serve/): local accounts (scrypt hashes, never the password), sessions (only the SHA-256
    // of the cookie's token is stored, so a copy of the workspace holds no usable session), the audit trail of every
    // state change made through the server, alert triage, suppressions and who requested each exception (four eyes).
    version: 60,
    name: 'serve: accounts, sessions, audit trail, triage, suppressions, exception requests',
    statements: [
      `CREATE TABLE serve_users (
        username VARCHAR PRIMARY KEY,
        display_name VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        password_hash VARCHAR,
        oidc_subject VARCHAR,
        disabled BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE serve_sessions (
        token_sha256 VARCHAR PRIMARY KEY,
        username VARCHAR NOT NULL,
        csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE audit_trail (
        seq BIGINT PRIMARY KEY,
        changed_at TIMESTAMPTZ NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        target VARCHAR NOT NULL,
        before_json VARCHAR,
        after_json VARCHAR
      )`,
      `CREATE TABLE alert_triage (
        alert_id VARCHAR PRIMARY KEY,
        status VARCHAR NOT NULL,
        assignee VARCHAR,
        verdict VARCHAR,
        reason VARCHAR,
        updated_by VARCHAR NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE suppressions (
        id VARCHAR PRIMARY KEY,
        rule_id VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        from_alert VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        owner VARCHAR NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        created_by VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE exception_requests (
        exception_id VARCHAR PRIMARY KEY,
        requested_by VARCHAR NOT NULL,
        requested_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    // Notifications (src/notify/, docs/notify.md). notify_outbox: one row per stored change to an alert, written in
    // the alert's own transaction (store/outbox.ts), so a change is never lost between detection and delivery.
    // notify_messages: what routing decided to say (an incident opened or escalated, a digest, a reminder), once.
    // notify_deliveries: one row per message and channel; its id is the Standard Webhooks webhook-id, stable across
    // retries so receivers deduplicate. notify_state: what was already said (per incident, the digest's window,
    // reminders sent), so the noise budget survives restarts.
    version: 70,
    name: 'notifications: outbox, messages, deliveries, routing state',
    statements: [
      `CREATE TABLE notify_outbox (
        seq BIGINT PRIMARY KEY,
        alert_id VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        queued_at TIMESTAMPTZ NOT NULL,
        routed_at TIMESTAMPTZ
      )`,
      `CREATE TABLE notify_messages (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        body_json VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE notify_deliveries (
        id VARCHAR PRIMARY KEY,
        message_id VARCHAR NOT NULL,
        channel VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TIMESTAMPTZ NOT NULL,
        last_attempt_at TIMESTAMPTZ,
        last_result VARCHAR,
        delivered_at TIMESTAMPTZ
      )`,
      `CREATE TABLE notify_state (
        key VARCHAR PRIMARY KEY,
        value_json VARCHAR NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    // The event lake (store/lake.ts): one row per immutable Parquet file; the event tables become views over their
    // files plus a DuckDB write buffer (<table>_inline), set up on open. A file's row commits in the transaction
    // that wrote its rows' evidence, or that compacted it from smaller ones.
    version: LAKE_MIGRATION,
    name: 'event lake: Parquet file catalog',
    statements: [
      `CREATE TABLE lake_files (
        path VARCHAR PRIMARY KEY,
        table_name VARCHAR NOT NULL,
        month VARCHAR NOT NULL,
        rows BIGINT NOT NULL,
        bytes BIGINT NOT NULL,
        evidence_sha256 VARCHAR,
        created_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    // Containment (src/contain/): every Graph write premortem made or refused, appended only: the action as planned,
    // who proposed and who approved it, the request sent, Graph's status, request id and answer, and whether the
    // read-back showed it in place. Proposals are the serve page's four eyes: a responder proposes a plan, a
    // different user with the approver role executes it.
    version: 80,
    name: 'containment: trail of Graph write actions, proposals',
    statements: [
      `CREATE TABLE contain_trail (
        seq BIGINT PRIMARY KEY,
        happened_at TIMESTAMPTZ NOT NULL,
        incident_id VARCHAR NOT NULL,
        action_id VARCHAR NOT NULL,
        step VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL,
        proposed_by VARCHAR,
        approved_by VARCHAR NOT NULL,
        method VARCHAR,
        url VARCHAR,
        body_json VARCHAR,
        status INTEGER,
        request_id VARCHAR,
        answer_json VARCHAR,
        verified BOOLEAN,
        detail VARCHAR,
        action_json VARCHAR NOT NULL
      )`,
      `CREATE TABLE contain_proposals (
        id VARCHAR PRIMARY KEY,
        incident_id VARCHAR NOT NULL,
        proposed_by VARCHAR NOT NULL,
        proposed_at TIMESTAMPTZ NOT NULL,
        plan_json VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        decided_by VARCHAR,
        decided_at TIMESTAMPTZ
      )`,
    ],
  },
  {
    // Rows stored before the mapping SQL checked event times (a sign-in dated 9999 blinded every windowed rule)
    // are moved into rejects once, on the next open, by store/quarantine.ts; this queues that task. store_tasks
    // holds one-off work a migration cannot do in SQL alone (event rows live in Parquet files).
    version: 140,
    name: 'store tasks; quarantine of event times outside the plausible range',
    statements: [
      'CREATE TABLE store_tasks (name VARCHAR PRIMARY KEY, done_at TIMESTAMPTZ, detail VARCHAR)',
      "INSERT INTO store_tasks VALUES ('quarantine-implausible-times', NULL, NULL)",
    ],
  },
  {
    // The lake's id index (store/lake.ts ID_INDEX): a lake table like the event tables, its month files sorted by
    // uid. The rows of files written before it are indexed once, on the next open (store_tasks, lake.ts).
    version: 170,
    name: 'lake id index',
    statements: [
      `CREATE TABLE uid_index (
        table_name VARCHAR NOT NULL,
        uid VARCHAR NOT NULL,
        cluster_key VARCHAR,
        event_at TIMESTAMPTZ
      )`,
      "INSERT INTO store_tasks VALUES ('index-uids', NULL, NULL)",
    ],
  },
];

export const SCHEMA_VERSION = Math.max(0, ...MIGRATIONS.map((m) => m.version));
