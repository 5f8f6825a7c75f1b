import { describe, expect, it } from 'vitest';
import { resolveColumn } from './derived-columns.js';

describe('resolveColumn', () => {
  it('resolves canonical, derived and JSON columns', () => {
    expect(resolveColumn('signins', 'error_code')).toEqual({ name: 'error_code', type: 'INTEGER' });
    expect(resolveColumn('signins', '@signin_status')?.name).toMatch(/^\(CASE WHEN error_code = 0 THEN 'Success'/);
    expect(resolveColumn('activities', 'audit_data#AppAccessContext.ClientAppId')).toEqual({
      name: "json_extract_string(audit_data, '$.AppAccessContext.ClientAppId')",
      type: 'VARCHAR',
    });
    expect(resolveColumn('audits', 'target_resources#[0].modifiedProperties[1].newValue')?.name).toBe(
      "json_extract_string(target_resources, '$[0].modifiedProperties[1].newValue')",
    );
    expect(resolveColumn('risk_detections', 'risk_event_type')?.type).toBe('VARCHAR');
  });

  it('refuses anything that could carry SQL, and JSON paths into non-text columns', () => {
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
      expect(resolveColumn('signins', bad) ?? resolveColumn('activities', bad), bad).toBeUndefined();
    }
  });
});
