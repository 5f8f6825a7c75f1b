import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('import of Entra admin center downloads', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('reads the sign-in CSV: trailing-space and duplicated headers, Status words, "City, State, CC"', async () => {
    const s = await importPaths(ws, [
      fixture('InteractiveSignIns_2025-09-26_2025-09-27.csv'),
      fixture('NonInteractiveSignIns_2025-09-26_2025-09-27.csv'),
    ]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded, f.rejected])).toEqual([
      ['entra-portal-csv', 3, 3, 0],
      ['entra-portal-csv', 1, 1, 0],
    ]);
    const ok = await ws.one("SELECT * FROM signins WHERE uid = '66ea54eb-6301-4ee5-be62-ff5a759b0200'");
    expect(ok).toMatchObject({
      event_type: 'interactiveUser',
      user_principal_name: 'j.tan@contoso-demo.com',
      app_id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', // "Application ID " (trailing space)
      resource_id: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
      error_code: 0, // Status "Success" with the code left blank
      city: 'Lagos',
      state: 'Lagos',
      country: 'NG',
      asn: 64500n, // "Autonomous system  number" (two spaces)
      conditional_access_status: 'notApplied',
      authentication_requirement: 'singleFactorAuthentication',
      is_legacy_auth: false,
      time_source: 'event',
    });
    expect(isoOf(ok?.created_at)).toBe('2025-09-26T10:15:03.000Z');
    expect(await ws.one("SELECT * FROM signins WHERE uid = '66ea54eb-6301-4ee5-be62-ff5a759b0201'")).toMatchObject({
      error_code: 50126,
      is_legacy_auth: true,
      country: 'NL',
      city: 'Amsterdam',
      state: 'Noord-Holland',
    });
    expect(await ws.one("SELECT * FROM signins WHERE uid = '66ea54eb-6301-4ee5-be62-ff5a759b0202'")).toMatchObject({
      error_code: 50074,
      country: 'SG',
      city: null,
      authentication_requirement: 'multiFactorAuthentication',
      incoming_token_type: 'primaryRefreshToken',
    });
    // The tab is known only from the file name; the second "Incoming token type" column is merged into one.
    expect(await ws.one("SELECT * FROM signins WHERE uid = '66ea54eb-6301-4ee5-be62-ff5a759b0203'")).toMatchObject({
      event_type: 'nonInteractiveUser',
      incoming_token_type: 'refreshToken',
      city: 'Lagos',
      state: null,
      country: 'NG',
    });
  });

  it('reads the audit CSV into directory audits, keeping the truncated Target/ModifiedProperty columns', async () => {
    const s = await importPaths(ws, [fixture('AuditLogs_2025-09-26.csv')]);
    expect(s.files[0]).toMatchObject({ shape: 'entra-portal-csv', read: 2, loaded: 2, rejected: 0 });
    const role = await ws.one("SELECT * FROM audits WHERE activity_key = 'add member to role'");
    expect(role).toMatchObject({
      category: 'RoleManagement',
      logged_by_service: 'Core Directory',
      result: 'success',
      initiator_type: 'user',
      initiator_upn: 'j.tan@contoso-demo.com',
      initiator_ip: '203.0.113.7',
      target_type: 'ServicePrincipal',
      target_display_name: 'Octiga Cloud Security',
      role_name: 'Global Administrator',
      role_template_id: '62e90394-69f5-4237-9190-012177145e10',
    });
    expect(String(role?.uid)).toMatch(/^sha256:/); // the download carries no record id
    expect(isoOf(role?.activity_at)).toBe('2025-09-26T10:20:00.123Z');
    expect(JSON.parse(String(role?.target_resources))).toHaveLength(2);
    const cred = await ws.one(
      "SELECT * FROM audits WHERE activity_key = 'update application - certificates and secrets management'",
    );
    expect(cred).toMatchObject({
      activity: 'Update application – Certificates and secrets management ',
      initiator_type: 'app',
      initiator_sp_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      target_display_name: 'Payroll Sync',
      user_agent: 'python-requests/2.31',
    });
    const props = JSON.parse(String(cred?.target_resources))[0].modifiedProperties;
    expect(props[0]).toMatchObject({ displayName: 'KeyDescription', oldValue: '[]' });
  });
});
