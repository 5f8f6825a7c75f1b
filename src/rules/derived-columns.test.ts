import { describe, expect, it } from 'vitest';
import { DERIVED_COLUMNS, describeColumn } from './derived-columns.js';

describe('describeColumn', () => {
  it('describes canonical, derived and JSON columns without any query language', () => {
    expect(describeColumn('signins', 'error_code')).toEqual({ kind: 'column', name: 'error_code', type: 'INTEGER' });
    expect(describeColumn('signins', '@signin_status')).toEqual({
      kind: 'derived',
      name: '@signin_status',
      type: 'VARCHAR',
    });
    expect(describeColumn('activities', 'audit_data#AppAccessContext.ClientAppId')).toEqual({
      kind: 'json',
      column: 'audit_data',
      path: 'AppAccessContext.ClientAppId',
      type: 'VARCHAR',
    });
    expect(describeColumn('risk_detections', 'risk_event_type')?.type).toBe('VARCHAR');
  });

  it('refuses anything that could carry a query, and JSON paths into non-text columns', () => {
    for (const bad of [
      "audit_data#Name') OR 1=1 --",
      'audit_data#Na me',
      'audit_data#',
      'error_code#x',
      'no_such_column#x',
      '@nope',
      'error_code; DROP TABLE signins',
      'Error_Code',
    ]) {
      expect(describeColumn('signins', bad) ?? describeColumn('activities', bad), bad).toBeUndefined();
    }
  });

  it('every derived column has a type and a meaning', () => {
    for (const columns of Object.values(DERIVED_COLUMNS)) {
      for (const [name, def] of Object.entries(columns)) {
        expect(name).toMatch(/^@[a-z_]+$/);
        expect(def.doc.length).toBeGreaterThan(10);
      }
    }
  });
});
