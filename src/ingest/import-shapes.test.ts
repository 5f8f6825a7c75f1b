import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir, tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const shapes = join(PROJECT_ROOT, 'test/fixtures/shapes');
const fixture = (name: string) => join(shapes, name);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('import of each shape', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('reads a Graph beta page: wrapper keys ignored, beta fields kept, UPN lower-cased', async () => {
    const s = await importPaths(ws, [fixture('graph-signins-beta-page.json')]);
    expect(s.files[0]).toMatchObject({ shape: 'graph-json', read: 2, loaded: 2, rejected: 0 });
    const row = await ws.one("SELECT * FROM signins WHERE uid = '66ea54eb-6301-4ee5-be62-ff5a759b0100'");
    expect(row).toMatchObject({
      source_id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
      user_principal_name: 'j.tan@contoso-demo.com',
      event_type: 'interactiveUser',
      error_code: 0,
      client_app: 'Browser',
      is_legacy_auth: false,
      country: 'NG',
      asn: 64500n,
      authentication_requirement: 'singleFactorAuthentication',
      time_source: 'event',
    });
    expect(isoOf(row?.created_at)).toBe('2025-09-26T10:15:03.000Z');
    const smtp = await ws.one(
      "SELECT error_code, is_legacy_auth, user_agent FROM signins WHERE client_app = 'Authenticated SMTP'",
    );
    expect(smtp).toMatchObject({ error_code: 50053, is_legacy_auth: true, user_agent: 'BAV2ROPC' });
  });

  it('reads a pretty-printed v1.0 array (no signInEventTypes) with CA policies and device detail', async () => {
    await importPaths(ws, [fixture('graph-signins-v1-array.json')]);
    const row = await ws.one('SELECT * FROM signins');
    expect(row).toMatchObject({
      event_type: 'interactiveUser',
      device_is_compliant: true,
      device_trust_type: 'Azure AD joined',
      additional_details: 'MFA requirement satisfied by claim in the token',
      conditional_access_status: 'success',
    });
    expect(JSON.parse(String(row?.applied_ca_policies))[0].displayName).toBe('Require MFA for all users');
  });

  it('reads NDJSON directory audits: role target, app initiator, trailing period in the activity', async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson')]);
    const role = await ws.one("SELECT * FROM audits WHERE activity_key = 'add member to role'");
    expect(role).toMatchObject({
      initiator_type: 'user',
      initiator_upn: 'j.tan@contoso-demo.com',
      initiator_ip: '203.0.113.7',
      target_type: 'ServicePrincipal',
      target_display_name: 'Octiga Cloud Security',
      role_name: 'Global Administrator',
      role_template_id: '62e90394-69f5-4237-9190-012177145e10',
      logged_by_service: 'Core Directory',
      result: 'success',
    });
    const reset = await ws.one("SELECT * FROM audits WHERE activity_key = 'reset password (by admin)'");
    expect(reset).toMatchObject({
      activity: 'Reset password (by admin).',
      initiator_type: 'app',
      initiator_display_name: 'Octiga Cloud Security',
      initiator_sp_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      target_upn: 'ana.ruiz@contoso-demo.com',
      result: 'failure',
    });
  });

  it('reads Azure Monitor {"records":[…]} bodies, routing by category and rejecting other categories', async () => {
    const s = await importPaths(ws, [fixture('diag-records-body.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'azure-diagnostic',
      read: 3,
      loaded: 2,
      rejected: 1,
      byTable: { signins: 1, audits: 1 },
    });
    const si = await ws.one('SELECT * FROM signins');
    expect(si).toMatchObject({
      event_type: 'nonInteractiveUser',
      error_code: 50097,
      session_id: '5f6e7d8c-0000-4000-8000-00000000e001',
      user_type: 'member',
    });
    // The diagnostic envelope's time is processing time; the event time is properties.createdDateTime.
    expect(isoOf(si?.created_at)).toBe('2025-02-01T16:26:24.695Z');
    const au = await ws.one('SELECT * FROM audits');
    expect(au).toMatchObject({
      activity: 'Add member to group',
      initiator_upn: 'admin@contoso-demo.com',
      target_upn: 'ana.ruiz@contoso-demo.com',
    });
    // A ProvisioningLogs record is read now; this one has no activityDateTime and is rejected saying so.
    expect(s.files[0]?.rejectReasons[0]?.reason).toBe('no activityDateTime: not a provisioning record');
  });

  it('reads diagnostic records one per line (storage PT1H.json), service principal sign-ins included', async () => {
    await importPaths(ws, [fixture('diag-PT1H.json')]);
    const rows = await ws.all(
      'SELECT event_type, service_principal_name, error_code, client_app FROM signins ORDER BY created_at',
    );
    expect(rows).toEqual([
      {
        event_type: 'servicePrincipal',
        service_principal_name: 'Octiga Cloud Security',
        error_code: 0,
        client_app: null,
      },
      { event_type: 'interactiveUser', service_principal_name: null, error_code: 50126, client_app: 'IMAP4' },
    ]);
  });

  it('keeps going past malformed records, rejecting each with its index and reason', async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      const file = join(dir, 'mixed.ndjson');
      writeFileSync(
        file,
        [
          '{"id":"ok-1","createdDateTime":"2025-09-01T00:00:00Z","userPrincipalName":"a@x.com","ipAddress":"192.0.2.1","status":{"errorCode":0}}',
          '{"id":"bad-json","createdDateTime":"2025-09-01T00:00:01Z", "userPrincipalName": ',
          '{"id":"bad-date","createdDateTime":"yesterday","userPrincipalName":"b@x.com","ipAddress":"192.0.2.1","status":{"errorCode":0}}',
          '{"id":"bad-code","createdDateTime":"2025-09-01T00:00:02Z","userPrincipalName":"c@x.com","status":{"errorCode":"oops"}}',
          '[1,2]',
          '{"id":"ok-2","createdDateTime":"2025-09-01T00:00:03Z","userPrincipalName":"d@x.com","ipAddress":"192.0.2.1","status":{"errorCode":50126}}',
        ].join('\n'),
      );
      const s = await importPaths(ws, [file]);
      const f = s.files[0];
      expect(f).toMatchObject({ read: 6, loaded: 2, duplicate: 0, rejected: 4 });
      expect((f?.read ?? 0) === (f?.loaded ?? 0) + (f?.duplicate ?? 0) + (f?.rejected ?? 0)).toBe(true);
      const rejects = await ws.all<{ record_index: bigint; reason: string; raw: string }>(
        'SELECT record_index, reason, raw FROM rejects ORDER BY record_index',
      );
      expect(rejects.map((r) => Number(r.record_index))).toEqual([1, 2, 3, 4]);
      expect(rejects[0]?.reason).toMatch(/not valid JSON/);
      expect(rejects[1]?.reason).toBe('createdDateTime "yesterday" is not a date');
      expect(rejects[2]?.reason).toBe('error code "oops" is not a number');
      expect(rejects[3]?.reason).toMatch(/not a JSON object/);
      // The raw record is kept as it was read.
      expect(rejects[1]?.raw).toContain('"yesterday"');
    } finally {
      rm();
    }
  });

  it("rejects a truncated file's cut-off record with a reason that says so", async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{"value":[{"id":"x","createdDateTime":"not a date"');
      const s = await importPaths(ws, [file]);
      expect(s.files[0]).toMatchObject({ read: 1, loaded: 0, rejected: 1 });
      expect(s.files[0]?.rejectReasons[0]?.reason).toMatch(/cut off/);
    } finally {
      rm();
    }
  });

  it('imports a folder: supported files loaded, others skipped and named', async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      copyFileSync(fixture('graph-audits.ndjson'), join(dir, 'audits.json'));
      writeFileSync(join(dir, 'notes.txt'), 'responder notes\n');
      writeFileSync(join(dir, 'summary.csv'), 'AppName,HighRisk\nx,No\n');
      const s = await importPaths(ws, [dir]);
      expect(s.files).toHaveLength(1);
      expect(s.skipped.map((k) => k.path.split('/').pop()).sort()).toEqual(['notes.txt', 'summary.csv']);
    } finally {
      rm();
    }
  });

  it('refuses a folder in which every file is skipped (input that cannot be used), naming the files', async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      writeFileSync(join(dir, 'notes.txt'), 'responder notes\n');
      writeFileSync(join(dir, 'summary.csv'), 'AppName,HighRisk\nx,No\n');
      await expect(importPaths(ws, [dir])).rejects.toMatchObject({
        code: 'input-unsupported',
        message: expect.stringMatching(/nothing to import: every file was skipped.*notes\.txt/),
      });
      expect(Number(await ws.scalar('SELECT count(*) FROM evidence'))).toBe(0);
    } finally {
      rm();
    }
  });

  it('treats the same event from two shapes as one (same source id)', async () => {
    const { dir, cleanup: rm } = tempDir();
    try {
      const rec = {
        id: 'same-event-1',
        createdDateTime: '2025-09-01T00:00:00Z',
        userPrincipalName: 'a@x.com',
        ipAddress: '192.0.2.1',
        status: { errorCode: 0 },
      };
      writeFileSync(join(dir, 'graph.json'), JSON.stringify({ value: [rec] }));
      writeFileSync(
        join(dir, 'diag.json'),
        JSON.stringify({ time: '2025-09-01T00:01:00Z', category: 'SignInLogs', properties: rec }),
      );
      const s = await importPaths(ws, [dir]);
      expect(s.totals).toMatchObject({ read: 2, loaded: 1, duplicate: 1 });
    } finally {
      rm();
    }
  });
});
