import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('Entra diagnostic categories and Log Analytics tables', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('loads MicrosoftGraphActivityLogs diagnostic records (one per line) into graph_activity', async () => {
    const s = await importPaths(ws, [fixture('diag-graph-activity-PT1H.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'azure-diagnostic',
      read: 3,
      loaded: 3,
      rejected: 0,
      byTable: { graph_activity: 3 },
    });
    const row = await ws.one("SELECT * FROM graph_activity WHERE request_method = 'POST'");
    expect(row).toMatchObject({
      uid: '7a1b0c2d-0000-4000-8000-0000000ga002',
      request_id: '7a1b0c2d-0000-4000-8000-0000000ga002',
      response_status_code: 202,
      app_id: '4c3b2a19-0000-4000-8000-0000000a9901',
      service_principal_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      sign_in_activity_id: 'c3BUb2tlbjE',
      ip_address: '203.0.113.57',
      tenant_id: '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      location: 'West Europe',
      roles: 'UserAuthenticationMethod.ReadWrite.All',
      client_auth_method: 1,
      duration_ms: 143n,
      time_source: 'event',
    });
    expect(iso(row?.requested_at)).toBe('2025-09-26T01:21:40.000Z');
    const delegated = await ws.one(
      'SELECT user_id, scopes, client_auth_method FROM graph_activity WHERE user_id IS NOT NULL',
    );
    expect(delegated).toEqual({
      user_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      scopes: 'Mail.Read User.Read',
      client_auth_method: 0,
    });
    // Idempotent: the same file again changes nothing.
    const again = await importPaths(ws, [fixture('diag-graph-activity-PT1H.json')]);
    expect(Number(await ws.scalar('SELECT count(*) FROM graph_activity'))).toBe(3);
    expect(again.files[0]?.loaded ?? 0).toBe(0);
  });

  it('rejects a Graph activity record dated 9999 with its reason, and loads the rest', async () => {
    // An attacker-influenced time must never reach SQL that cannot add a window to it (plausible-time.ts).
    const [first = '', ...rest] = readFileSync(fixture('diag-graph-activity-PT1H.json'), 'utf8').split('\n');
    const dir = mkdtempSync(join(tmpdir(), 'premortem-graph-activity-'));
    try {
      const file = join(dir, 'PT1H.json');
      writeFileSync(
        file,
        [first.replaceAll('2025-09-26T01:20:11.1234567Z', '9999-12-31T23:59:59Z'), ...rest].join('\n'),
      );
      const s = await importPaths(ws, [file]);
      expect(s.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1, byTable: { graph_activity: 2 } });
      expect(s.files[0]?.rejectReasons.map((r) => r.reason)).toEqual([
        expect.stringMatching(/"9999-12-31T23:59:59Z" is outside the plausible range/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads a Log Analytics MicrosoftGraphActivityLogs CSV export (US dates, AadTenantId, not the workspace)', async () => {
    const s = await importPaths(ws, [fixture('la-MicrosoftGraphActivityLogs.csv')]);
    expect(s.files[0]).toMatchObject({ shape: 'log-analytics-csv', read: 2, loaded: 2, rejected: 0 });
    const rows = await ws.all(
      'SELECT request_method, response_status_code, tenant_id, session_id, requested_at, token_issued_at FROM graph_activity ORDER BY requested_at',
    );
    expect(rows.map((r) => [r.request_method, r.response_status_code, r.tenant_id, r.session_id])).toEqual([
      ['PATCH', 204, '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', null],
      ['GET', 403, '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', '5f6e7d8c-0000-4000-8000-00000000e001'],
    ]);
    expect(iso(rows[0]?.requested_at)).toBe('2025-09-26T01:20:11.123Z');
    expect(iso(rows[1]?.token_issued_at)).toBe('2025-09-26T07:55:00.000Z');
  });

  it('loads what it can of a file that mixes categories, and names each category it rejects', async () => {
    // The first record (ProvisioningLogs) was once of a category with no table: the file is read record by record.
    const s = await importPaths(ws, [fixture('diag-mixed-categories.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'azure-diagnostic',
      read: 5,
      loaded: 4,
      rejected: 1,
      byTable: { signins: 2, graph_activity: 1, provisioning: 1 },
    });
    const reasons = s.files[0]?.rejectReasons.map((r) => r.reason).sort();
    expect(reasons).toEqual(['diagnostic records of category "B2CRequestLogs" are not read by premortem']);
    const signins = await ws.all(
      'SELECT event_type, user_principal_name, service_principal_id, error_code FROM signins ORDER BY created_at',
    );
    expect(signins).toEqual([
      {
        event_type: 'servicePrincipal',
        user_principal_name: null,
        service_principal_id: '7d6c5b4a-0000-4000-8000-00000000ms01',
        error_code: 0,
      },
      {
        event_type: 'interactiveUser',
        user_principal_name: 'j.tan@contoso-demo.com',
        service_principal_id: null,
        error_code: 300030,
      },
    ]);
  });

  it('refuses a file in which no record is of a category premortem reads, naming the category', async () => {
    await expect(importPaths(ws, [fixture('diag-unread-categories.json')])).rejects.toThrow(
      /diagnostic records of category "B2CRequestLogs"/,
    );
  });
});
