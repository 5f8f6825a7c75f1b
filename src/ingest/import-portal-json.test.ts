import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

/**
 * The Entra admin center's "Download JSON" (reference/portal_csv_headers.md: an array of Graph-beta-shaped
 * objects, exact shape UNVERIFIED): BOM, CRLF, pretty-printed, one array of camelCase objects. Read by the Graph
 * mappers: the records are Graph's own.
 */
describe('import of Entra admin center "Download JSON" files', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('reads the sign-ins download: exact counts and mapped columns', async () => {
    const s = await importPaths(ws, [fixture('portal-download-signins.json')]);
    expect(s.files.map((f) => [f.shape, f.kind, f.read, f.loaded, f.duplicate, f.rejected])).toEqual([
      ['graph-json', 'sign-ins', 3, 3, 0, 0],
    ]);
    const ok = await ws.one("SELECT * FROM signins WHERE uid = '7a1c0f9e-0001-4a8e-9c2d-0000000a0001'");
    expect(ok).toMatchObject({
      source_shape: 'graph-json',
      record_index: 0n,
      event_type: 'interactiveUser',
      user_principal_name: 'j.tan@contoso-demo.com',
      user_display_name: 'Tan, Jia',
      app_display_name: 'Azure Portal',
      error_code: 0,
      city: 'Amsterdam',
      country: 'NL',
      conditional_access_status: 'success',
      authentication_requirement: 'multiFactorAuthentication',
      device_os: 'Windows10',
    });
    expect(isoOf(ok?.created_at)).toBe('2026-11-23T08:14:55.000Z');
    expect(await ws.one("SELECT * FROM signins WHERE uid = '7a1c0f9e-0002-4a8e-9c2d-0000000a0002'")).toMatchObject({
      error_code: 50126,
      client_app: 'Authenticated SMTP',
      is_legacy_auth: true,
      country: 'NG',
    });
    expect(await ws.one("SELECT * FROM signins WHERE uid = '7a1c0f9e-0003-4a8e-9c2d-0000000a0003'")).toMatchObject({
      event_type: 'nonInteractiveUser',
      is_interactive: false,
      incoming_token_type: 'primaryRefreshToken',
      device_is_compliant: true,
      device_trust_type: 'Azure AD joined',
    });
  });

  it('reads the audit-log download: exact counts, initiator, target and role', async () => {
    const s = await importPaths(ws, [fixture('portal-download-audits.json')]);
    expect(s.files.map((f) => [f.shape, f.kind, f.read, f.loaded, f.rejected])).toEqual([
      ['graph-json', 'directory audits', 2, 2, 0],
    ]);
    const role = await ws.one("SELECT * FROM audits WHERE activity_key = 'add member to role'");
    expect(role).toMatchObject({
      uid: 'Directory_8a8f2b3c-0001-4f00-9000-00000000a001',
      category: 'RoleManagement',
      initiator_upn: 'j.tan@contoso-demo.com',
      initiator_ip: '203.0.113.10',
      target_upn: 'a.okafor@contoso-demo.com',
      role_name: 'Global Administrator',
      role_template_id: '62e90394-69f5-4237-9190-012177145e10',
    });
    expect(isoOf(role?.activity_at)).toBe('2026-11-23T09:30:00.123Z');
    expect(
      await ws.one("SELECT activity, target_display_name FROM audits WHERE category = 'ApplicationManagement'"),
    ).toEqual({
      activity: 'Consent to application',
      target_display_name: 'Mail Helper, Pro',
    });
    // Importing it again changes nothing.
    const again = await importPaths(ws, [fixture('portal-download-audits.json')]);
    expect(again.totals).toMatchObject({ read: 2, loaded: 0, duplicate: 2, rejected: 0 });
  });
});
