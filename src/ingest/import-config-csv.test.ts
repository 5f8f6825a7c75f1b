import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { assessWorkspace } from '../posture/assess-workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';
import { listRejects } from './rejects.js';

const dir = join(PROJECT_ROOT, 'test/fixtures/shapes/extractor-suite-config');
const fixture = (name: string) => join(dir, name);

async function objects(ws: Workspace, resource: string): Promise<Record<string, unknown>[]> {
  const rows = await ws.all<{ raw: string }>('SELECT raw FROM snapshots WHERE resource = $1 ORDER BY object_id', [
    resource,
  ]);
  return rows.map((r) => JSON.parse(r.raw) as Record<string, unknown>);
}

describe('import of Microsoft-Extractor-Suite configuration CSVs into snapshots', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('recognises each export by its headers and counts every row (BOM, CRLF, quoted commas and newlines)', async () => {
    const s = await importPaths(ws, [dir]);
    expect(s.files).toEqual([]);
    expect(s.skipped).toEqual([]);
    expect(
      s.configFiles.map((f) => [f.path.split('/').pop(), f.read, f.loaded, f.duplicate, f.rejected, f.resources]),
    ).toEqual([
      ['202611231405-MFA-AuthenticationMethods.csv', 3, 2, 0, 1, { userAuthenticationMethodSummaries: 2 }],
      ['202611231405-MFA-UserRegistrationDetails.csv', 4, 3, 0, 1, { userRegistrationDetails: 3 }],
      ['20261123140600-All-Roles.csv', 4, 3, 0, 1, { roleAssignments: 3 }],
      [
        '20261123140700-PIM-Assignments.csv',
        4,
        3,
        0,
        1,
        { roleAssignmentScheduleInstances: 2, roleEligibilitySchedules: 1 },
      ],
      ['20261123140800-OAuthPermissions.csv', 4, 3, 0, 1, { oauth2PermissionGrants: 2, appRoleAssignments: 1 }],
      ['20261123140900_MailboxRules.csv', 3, 2, 1, 0, { mailboxRules: 2 }],
      ['20261123141000_TransportRules.csv', 2, 2, 0, 0, { transportRules: 2 }],
    ]);
    // One snapshot for the import, every resource marked read.
    expect(s.snapshots).toHaveLength(1);
    const snap = s.snapshots[0];
    expect(snap?.snapshotId).toMatch(/^extractor-suite-[0-9a-f]{16}$/);
    expect(snap?.takenAt).toBe('2026-11-23T14:10:00.000Z'); // the newest file-name stamp
    expect(await ws.all('SELECT resource, status, object_count FROM snapshot_resources ORDER BY resource')).toEqual([
      { resource: 'appRoleAssignments', status: 'ok', object_count: 1n },
      { resource: 'mailboxRules', status: 'ok', object_count: 2n },
      { resource: 'oauth2PermissionGrants', status: 'ok', object_count: 2n },
      { resource: 'roleAssignmentScheduleInstances', status: 'ok', object_count: 2n },
      { resource: 'roleAssignments', status: 'ok', object_count: 3n },
      { resource: 'roleEligibilitySchedules', status: 'ok', object_count: 1n },
      { resource: 'transportRules', status: 'ok', object_count: 2n },
      { resource: 'userAuthenticationMethodSummaries', status: 'ok', object_count: 2n },
      { resource: 'userRegistrationDetails', status: 'ok', object_count: 3n },
    ]);
    // Provenance: one evidence row per file with its SHA-256 and counts; the rejects kept with reason and row.
    const ev = await ws.all<{ shape: string; target_table: string; records_read: bigint; records_rejected: bigint }>(
      "SELECT shape, target_table, records_read, records_rejected FROM evidence WHERE shape LIKE 'extractor-suite-%-csv' ORDER BY path",
    );
    expect(ev.map((e) => [e.shape, e.target_table, Number(e.records_read), Number(e.records_rejected)])).toEqual([
      ['extractor-suite-mfa-methods-csv', 'snapshots', 3, 1],
      ['extractor-suite-mfa-registration-csv', 'snapshots', 4, 1],
      ['extractor-suite-role-members-csv', 'snapshots', 4, 1],
      ['extractor-suite-pim-assignments-csv', 'snapshots', 4, 1],
      ['extractor-suite-oauth-permissions-csv', 'snapshots', 4, 1],
      ['extractor-suite-mailbox-rules-csv', 'snapshots', 3, 0],
      ['extractor-suite-transport-rules-csv', 'snapshots', 2, 0],
    ]);
    const rejects = await ws.all<{ reason: string; raw: string }>('SELECT reason, raw FROM rejects ORDER BY path');
    expect(rejects.map((r) => r.reason)).toEqual([
      'user is "-": the collector could not read this user\'s methods',
      'no Id: the user registration details row names no user',
      'the collector could not read this member ("Error retrieving data"); its Role is unreliable',
      'AssignmentType "Unknown" is neither active nor eligible',
      'PermissionType "Other" is neither Delegated nor Application',
    ]);
    expect(JSON.parse(rejects[4]?.raw ?? '{}')).toMatchObject({ PermissionType: 'Other', Permission: 'Something' });
  });

  it('maps rows to the Graph resource shapes posture reads', async () => {
    await importPaths(ws, [dir]);
    const reg = await objects(ws, 'userRegistrationDetails');
    expect(reg[0]).toMatchObject({
      id: '5f2f1c2e-0000-4000-8000-00000000000a',
      userPrincipalName: 'j.tan@contoso-demo.com',
      userDisplayName: 'Tan, Jia',
      userType: 'member',
      isAdmin: true,
      isMfaCapable: true,
      methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
      // 23/11/2026 proves the file day-first: 03/11/2026 is then the 3rd of November.
      lastUpdatedDateTime: '2026-11-23T14:05:09.000Z',
      '@premortem': { source: 'extractor-suite-mfa-registration-csv', recordIndex: 0 },
    });
    expect(reg[1]).toMatchObject({ isMfaCapable: false, lastUpdatedDateTime: '2026-11-03T09:00:00.000Z' });
    expect(reg[2]).toMatchObject({ userType: 'guest', lastUpdatedDateTime: '2026-11-12T18:30:00.000Z' });

    const roles = await objects(ws, 'roleAssignments');
    expect(roles.map((r) => [r.roleDefinitionId, r.principalId])).toEqual([
      ['29232cdf-9323-42fd-ade2-1d097af3e4de', '5f2f1c2e-0000-4000-8000-00000000000a'],
      ['62e90394-69f5-4237-9190-012177145e10', '5f2f1c2e-0000-4000-8000-00000000000a'],
      ['62e90394-69f5-4237-9190-012177145e10', '5f2f1c2e-0000-4000-8000-00000000000b'],
    ]);
    // 3/14/2025 proves this file month-first; the afternoon time is read from its PM.
    expect(roles[0]?.principal).toMatchObject({
      createdDateTime: '2025-03-14T08:01:02.000Z',
      signInActivity: { lastSignInDateTime: '2026-11-20T21:15:00.000Z' },
    });

    const active = await objects(ws, 'roleAssignmentScheduleInstances');
    expect(active.map((a) => [a.roleDefinitionId, a.principalId, a.memberType, a.endDateTime])).toEqual([
      ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'a.okafor@contoso-demo.com', 'Group', '2026-12-31T08:00:00.000Z'],
      ['62e90394-69f5-4237-9190-012177145e10', 'j.tan@contoso-demo.com', 'Direct', null],
    ]);
    const grants = await objects(ws, 'oauth2PermissionGrants');
    expect(grants.map((g) => [g.scope, g.consentType, g.clientDisplayName])).toEqual(
      expect.arrayContaining([
        ['Mail.Read', 'AllPrincipals', 'Mail Helper, Pro'],
        ['offline_access', 'Principal', 'Mail Helper, Pro'],
      ]),
    );
    expect((await objects(ws, 'appRoleAssignments'))[0]).toMatchObject({
      appRoleValue: 'Mail.ReadWrite',
      principalId: 'aaaaaaaa-0000-4000-8000-000000000002',
      createdDateTime: '2025-06-01T12:00:00.000Z',
    });
    const rules = await objects(ws, 'mailboxRules');
    expect(rules.map((r) => [r.mailbox, r.name, r.moveToFolder, r.forwardTo])).toEqual(
      expect.arrayContaining([
        ['a.okafor@contoso-demo.com', '.', 'RSS Feeds', null],
        ['j.tan@contoso-demo.com', 'fwd', null, '"attacker@evil.example" [SMTP:attacker@evil.example]'],
      ]),
    );
    // Dotted dates are day-first.
    expect((await objects(ws, 'transportRules')).map((r) => [r.name, r.whenChanged])).toEqual([
      ['Bypass spam, partner', '2026-10-01T09:30:00.000Z'],
      ['External tag', '2026-11-23T14:05:00.000Z'],
    ]);
  });

  it('is read by posture like a collected snapshot', async () => {
    await importPaths(ws, [dir]);
    const a = await assessWorkspace(ws, undefined, new Date('2026-11-24T00:00:00Z'));
    const result = (id: string) => a?.results.find((r) => r.id === id);
    // PM-008 reads userRegistrationDetails: Ada Okafor has no MFA method (the guest is not a member).
    expect(result('PM-008')?.status).toBe('fail');
    expect(JSON.stringify(result('PM-008')?.evidence)).toContain(
      'a.okafor@contoso-demo.com has no MFA method registered',
    );
    expect(JSON.stringify(result('PM-008')?.evidence)).not.toContain('ext_guest');
    // PM-019 reads roleAssignmentScheduleInstances: Jia Tan holds Global Administrator with no end.
    expect(result('PM-019')?.status).toBe('fail');
    expect(JSON.stringify(result('PM-019')?.evidence)).toContain('j.tan@contoso-demo.com');
  });

  it('reads dates nothing decides month-first and counts them; reads them in the order the user gives', async () => {
    const s = await importPaths(ws, [fixture('20261123140700-PIM-Assignments.csv')]);
    // 01/02/2026 and 05/06/2026 read either way and nothing in the file shows the order.
    expect(s.configFiles[0]?.dates).toEqual({
      basis: 'undecided: 3 date(s) read either way and none shows the order; read month-first',
      ambiguousDates: 3,
    });
    const ga = (await objects(ws, 'roleAssignmentScheduleInstances')).find(
      (a) => a.principalId === 'j.tan@contoso-demo.com',
    );
    expect(ga?.startDateTime).toBe('2026-01-02T09:00:00.000Z'); // 01/02/2026 month-first, reported above
    expect((ga?.['@premortem'] as { row: Record<string, string> }).row.StartDateTime).toBe('01/02/2026 09:00:00');

    const { ws: ws2, cleanup: cleanup2 } = await tempWorkspace();
    try {
      const s2 = await importPaths(ws2, [fixture('20261123140700-PIM-Assignments.csv')], { dateOrder: 'dmy' });
      expect(s2.configFiles[0]?.dates).toEqual({ basis: '--date-order dmy', ambiguousDates: 0 });
      const rows = await ws2.all<{ raw: string }>(
        "SELECT raw FROM snapshots WHERE resource = 'roleEligibilitySchedules'",
      );
      expect(JSON.parse(rows[0]?.raw ?? '{}').scheduleInfo).toEqual({
        startDateTime: '2026-06-05T10:00:00.000Z',
        expiration: { type: 'afterDateTime', endDateTime: '2027-06-05T10:00:00.000Z' },
      });
    } finally {
      cleanup2();
    }
  });

  it('records an export with no rows as a resource read and empty, and what the export leaves out', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'premortem-empty-'));
    try {
      const empty = join(tmp, '20261123140900_MailboxRules.csv');
      writeFileSync(
        empty,
        '\ufeff"UserName","RuleName","RuleEnabled","CopytoFolder","MovetoFolder","RedirectTo","ForwardTo","TextDescription"\r\n',
      );
      const s = await importPaths(ws, [empty, fixture('20261123140600-All-Roles.csv')]);
      expect(s.configFiles.map((f) => [f.read, f.loaded, f.resources])).toEqual([
        [0, 0, {}],
        [4, 3, { roleAssignments: 3 }],
      ]);
      expect(
        await ws.all('SELECT resource, status, object_count, detail FROM snapshot_resources ORDER BY resource'),
      ).toEqual([
        {
          resource: 'mailboxRules',
          status: 'ok',
          object_count: 0n,
          detail: 'Microsoft-Extractor-Suite CSV: 20261123140900_MailboxRules.csv',
        },
        {
          resource: 'roleAssignments',
          status: 'ok',
          object_count: 3n,
          detail:
            'Microsoft-Extractor-Suite CSV: 20261123140600-All-Roles.csv; users only: Get-AllRoleActivity skips service principals; active directory roles only',
        },
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('is idempotent: importing the same files again adds nothing', async () => {
    const tables = ['snapshots', 'snapshot_resources', 'rejects', 'evidence'];
    const counts = async () => Promise.all(tables.map((t) => ws.scalar(`SELECT count(*) FROM ${t}`)));
    await importPaths(ws, [dir]);
    const before = await counts();
    expect(before.map(Number)).toEqual([18, 9, 5, 7]); // 18 objects loaded, 9 resources, 5 rejects, 7 files
    const s = await importPaths(ws, [dir]);
    expect(s.configFiles.map((f) => [f.loaded, f.duplicate, f.rejected])).toEqual(
      s.configFiles.map((f) => [0, f.read - f.rejected, f.rejected]),
    );
    expect(await counts()).toEqual(before);
    // A configuration CSV's rejects are found like any file's (premortem show --rejects FILE).
    const pim = await listRejects(ws, fixture('20261123140700-PIM-Assignments.csv'), 10);
    expect(pim.rejects.map((r) => [r.record_index, r.reason])).toEqual([
      [3, 'AssignmentType "Unknown" is neither active nor eligible'],
    ]);
  });

  it('imports a folder mixing logs, configuration CSVs and other files; an unknown CSV named explicitly is an error', async () => {
    const mixed = mkdtempSync(join(tmpdir(), 'premortem-mixed-'));
    try {
      copyFileSync(join(PROJECT_ROOT, 'test/fixtures/shapes/graph-signins-v1-array.json'), join(mixed, 'signins.json'));
      copyFileSync(
        join(PROJECT_ROOT, 'test/fixtures/shapes/InteractiveSignIns_2025-09-26_2025-09-27.csv'),
        join(mixed, 'InteractiveSignIns_2025-09-26_2025-09-27.csv'),
      );
      copyFileSync(fixture('202611231405-MFA-UserRegistrationDetails.csv'), join(mixed, 'mfa.csv'));
      writeFileSync(join(mixed, 'inventory.csv'), '\ufeffName,Count\r\n"Laptops, spare",3\r\n');
      const s = await importPaths(ws, [mixed]);
      expect(s.files.map((f) => [f.shape, f.rejected])).toEqual([
        ['entra-portal-csv', 0],
        ['graph-json', 0],
      ]);
      expect(s.configFiles.map((f) => [f.kind, f.loaded])).toEqual([
        ['Extractor-Suite Get-MFA user registration details', 3],
      ]);
      expect(s.skipped.map((k) => k.path.split('/').pop())).toEqual(['inventory.csv']);

      await expect(importPaths(ws, [join(mixed, 'inventory.csv')])).rejects.toThrow(
        /inventory\.csv is not a supported log: .*Name, Count/,
      );
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });
});
