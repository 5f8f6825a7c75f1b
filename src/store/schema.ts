import { AUDIT_COLUMNS, type ColumnDef, SIGNIN_COLUMNS } from '../core/event-model.js';

function tableDdl(table: string, columns: readonly ColumnDef[]): string {
  // No primary key on uid: an ART index costs memory and ingest time at millions of rows; the loader
  // deduplicates with an anti-join instead (see store/load.ts).
  const cols = columns.map((c) => `  ${c.name} ${c.type}${c.name === 'uid' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${table} (\n${cols.join(',\n')}\n)`;
}

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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
