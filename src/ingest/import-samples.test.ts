import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, SHARED_DATA } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const lab = join(SHARED_DATA, 'sentinel-training-lab');
const otrf = join(SHARED_DATA, 'otrf-golden-saml');

describe.skipIf(!HAS_SHARED_DATA)('import of the real public samples (../shared/data)', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('loads every sign-in and audit sample with its exact record count', async () => {
    const s = await importPaths(ws, [lab, otrf]);
    const byName = Object.fromEntries(s.files.map((f) => [f.path.split('/').pop(), f]));
    expect(Object.keys(byName).sort()).toEqual([
      'AADAuditEvents.json',
      'AuditLogs_Hunting.csv',
      'OfficeActivityEvents.json',
      'azureActivity_adele.csv',
      'disable_accounts.csv',
      'office_activity.csv',
      'office_activity_inbox_rule.csv',
      'sign-in_adelete.csv',
    ]);
    expect(byName['sign-in_adelete.csv']).toMatchObject({
      shape: 'log-analytics-csv',
      read: 56,
      loaded: 56,
      rejected: 0,
      byTable: { signins: 56 },
    });
    expect(byName['azureActivity_adele.csv']).toMatchObject({
      shape: 'log-analytics-csv',
      read: 23,
      loaded: 23,
      rejected: 0,
      byTable: { azure_activity: 23 },
    });
    expect(byName['disable_accounts.csv']).toMatchObject({ read: 4, loaded: 4, rejected: 0, byTable: { signins: 4 } });
    expect(byName['AuditLogs_Hunting.csv']).toMatchObject({
      read: 5,
      loaded: 5,
      rejected: 0,
      byTable: { audits: 5 },
      undated: 5,
    });
    // Two of the four OTRF records are exact duplicates with the same Id: they collapse to one.
    expect(byName['AADAuditEvents.json']).toMatchObject({
      shape: 'log-analytics-json',
      read: 4,
      loaded: 3,
      duplicate: 1,
      rejected: 0,
    });
    expect(byName['office_activity.csv']).toMatchObject({
      shape: 'log-analytics-csv',
      read: 266,
      loaded: 266,
      rejected: 0,
      byTable: { activities: 266 },
    });
    expect(byName['office_activity_inbox_rule.csv']).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    expect(byName['OfficeActivityEvents.json']).toMatchObject({
      shape: 'log-analytics-json',
      read: 1,
      loaded: 1,
      byTable: { activities: 1 },
    });
    expect(await ws.count('signins')).toBe(60);
    expect(await ws.count('audits')).toBe(8);
    expect(await ws.count('activities')).toBe(269);
    expect(await ws.count('evidence')).toBe(8);
  });

  it('maps OfficeActivity rows to the unified-audit-log meaning', async () => {
    await importPaths(ws, [lab, otrf]);
    const rules = await ws.all<Record<string, unknown>>(
      "SELECT * FROM activities WHERE operation_key = 'new-inboxrule' ORDER BY created_at",
    );
    expect(rules).toHaveLength(3); // one in office_activity.csv, two in office_activity_inbox_rule.csv
    // This export projected TimeGenerated away: the connector's Start_Time dates it, flagged as ingestion time.
    expect(rules.find((r) => r.time_source === 'ingestion')).toMatchObject({
      record_type: 1,
      workload: 'Exchange',
      user_id: 'adelev@contoso.onmicrosoft.com',
      user_type: 'Admin',
      client_ip: '2a01:110:8068:7:9bf8:aa87:e00a:5f1f',
      time_source: 'ingestion',
    });
    const params = rules.filter((r) => r.time_source === 'ingestion').flatMap((r) => JSON.parse(String(r.parameters)));
    expect(params).toContainEqual({ Name: 'MoveToFolder', Value: 'Junk Email' });
    const mail = await ws.one(
      "SELECT * FROM activities WHERE operation = 'MailItemsAccessed' AND record_type = 50 AND app_id = '00000003-0000-0000-c000-000000000000'",
    );
    expect(mail).toMatchObject({
      user_id: 'pgustavo@simulandlabs.com',
      client_ip: '1.2.3.4',
      logon_type: 0,
      time_source: 'event',
    });
  });

  it('names every other sample as not a supported log, with what was seen', async () => {
    const s = await importPaths(ws, [lab, otrf]);
    const seen = Object.fromEntries(s.skipped.map((k) => [k.path.split('/').pop(), k.seen]));
    expect(seen['WindowsEvents.json']).toMatch(/Windows event log/);
    expect(seen['Microsoft365DefenderEvents.json']).toMatch(/Defender/);
    expect(seen['signinLogs.csv']).toMatch(/query result or summary/);
    expect(seen['HighRiskApps.csv']).toMatch(/query result or summary/);
    expect(Object.keys(seen)).toHaveLength(4);
  });

  it('maps Log Analytics columns to the canonical meaning', async () => {
    await importPaths(ws, [lab, otrf]);
    const disabled = await ws.all(
      'SELECT error_code, time_source, user_principal_name, country, client_app, is_legacy_auth FROM signins WHERE error_code = 50057',
    );
    expect(disabled).toHaveLength(4);
    // disable_accounts.csv has no CreatedDateTime column: the first authentication step dates it.
    expect(
      disabled.every((r) => r.time_source === 'auth-step' && r.country === 'KP' && r.is_legacy_auth === false),
    ).toBe(true);
    const adele = await ws.one<{ n: bigint; codes: string }>(
      "SELECT count(*) n, string_agg(DISTINCT CAST(error_code AS VARCHAR), ',' ORDER BY CAST(error_code AS VARCHAR)) codes FROM signins WHERE ip_address = '175.45.176.99' AND time_source = 'event'",
    );
    expect(Number(adele?.n)).toBe(56);
    expect(adele?.codes).toBe('0,16000,50058');
    const cred = await ws.all(
      "SELECT activity, target_type FROM audits WHERE activity_key = 'update application - certificates and secrets management'",
    );
    // The activity is kept exactly as written (en dash, trailing space) and matched by its key.
    expect(cred).toHaveLength(6); // 5 lab rows + the OTRF first-secret row
    expect(cred[0]?.activity).toBe('Update application – Certificates and secrets management ');
    const grant = await ws.one(
      "SELECT initiator_upn, target_display_name, user_agent FROM audits WHERE activity = 'Add delegated permission grant'",
    );
    expect(grant).toMatchObject({ initiator_upn: 'pgustavo@simulandlabs.com', target_display_name: 'Microsoft Graph' });
    expect(String(grant?.user_agent)).toContain('WindowsPowerShell');
  });

  it('is idempotent: the same data twice leaves every count unchanged', async () => {
    await importPaths(ws, [lab, otrf]);
    const counts = async () => ({
      signins: await ws.count('signins'),
      audits: await ws.count('audits'),
      activities: await ws.count('activities'),
      evidence: await ws.count('evidence'),
      rejects: await ws.count('rejects'),
    });
    const before = await counts();
    const again = await importPaths(ws, [lab, otrf]);
    expect(await counts()).toEqual(before);
    expect(again.totals.loaded).toBe(0);
    expect(again.totals.duplicate).toBe(again.totals.read);
  });

  it('refuses an unsupported file named on the command line, naming it and what it is', async () => {
    const file = join(lab, 'signinLogs.csv');
    const err = await importPaths(ws, [file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PremortemError);
    expect((err as PremortemError).code).toBe('input-unsupported');
    expect((err as PremortemError).message).toContain('signinLogs.csv');
    expect((err as PremortemError).message).toMatch(/not a supported log: a query result or summary/);
    expect(await ws.count('evidence')).toBe(0);
  });
});
