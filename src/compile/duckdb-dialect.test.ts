import { describe, expect, it } from 'vitest';
import { DERIVED_COLUMNS } from '../rules/derived-columns.js';
import type { RuleTable } from '../rules/rule-tables.js';
import { DUCKDB } from './duckdb-dialect.js';
import { columnRef } from './query.js';

describe('DuckDB columns (canonical, derived, JSON)', () => {
  it('resolves canonical, derived and JSON columns', () => {
    expect(columnRef('signins', 'error_code')).toEqual({ name: 'error_code', type: 'INTEGER' });
    expect(columnRef('signins', '@signin_status').name).toMatch(/^\(CASE WHEN error_code = 0 THEN 'Success'/);
    expect(columnRef('activities', 'audit_data#AppAccessContext.ClientAppId')).toEqual({
      name: "json_extract_string(audit_data, '$.AppAccessContext.ClientAppId')",
      type: 'VARCHAR',
    });
    expect(columnRef('audits', 'target_resources#[0].modifiedProperties[1].newValue').name).toBe(
      "json_extract_string(target_resources, '$[0].modifiedProperties[1].newValue')",
    );
    expect(columnRef('risk_detections', 'risk_event_type').type).toBe('VARCHAR');
  });
});

describe('DUCKDB dialect', () => {
  it('defines every derived column the rules may name', () => {
    for (const [table, columns] of Object.entries(DERIVED_COLUMNS)) {
      for (const name of Object.keys(columns)) {
        expect(DUCKDB.derived(table as RuleTable, name), `${table}.${name}`).toBeDefined();
      }
    }
  });
});
