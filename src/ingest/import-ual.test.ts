import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);
const INBOX = 'a1b2c3d4-0000-4000-8000-000000000001';
const MAIL = 'a1b2c3d4-0000-4000-8000-000000000002';
const ROLE = 'a1b2c3d4-0000-4000-8000-000000000003';
const STS = 'a1b2c3d4-0000-4000-8000-000000000004';

describe('import of the unified audit log into activities', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  const row = (uid: string) => ws.one('SELECT * FROM activities WHERE uid = $1', [uid]);

  it('reads Management Activity API AuditData: no-Z times as UTC, ports stripped, names for numbers', async () => {
    const s = await importPaths(ws, [fixture('ual-management-api.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'ual-json',
      read: 5,
      loaded: 5,
      rejected: 0,
      byTable: { activities: 5 },
    });
    const inbox = await row(INBOX);
    expect(inbox).toMatchObject({
      source_id: INBOX,
      operation: 'New-InboxRule',
      operation_key: 'new-inboxrule',
      workload: 'Exchange',
      record_type: 1,
      user_id: 'j.tan@contoso-demo.com',
      user_type: 'Admin',
      client_ip: '2001:db8:8068:7::5f1f',
      time_source: 'event',
    });
    expect(isoOf(inbox?.created_at)).toBe('2025-09-26T10:31:04.000Z');
    expect(JSON.parse(String(inbox?.parameters))[1]).toEqual({ Name: 'ForwardTo', Value: 'attacker@evil.example' });
    expect(JSON.parse(String(inbox?.audit_data)).OriginatingServer).toBe('AM0PR01MB1234 (15.20.8005.017)');
    expect(await row(MAIL)).toMatchObject({
      record_type: 50,
      client_ip: '203.0.113.9',
      app_id: '00000003-0000-0000-c000-000000000000',
      mailbox_owner_upn: 'j.tan@contoso-demo.com',
      logon_type: 0,
      session_id: '00b3c4d5-0000-4000-8000-0000000000a2',
      unique_token_id: 'Vt0gXbXn2kqA7-4Bq2-BAA',
      client_info: 'Client=REST;Client=RESTSystem;;',
    });
    // Entra records carry no ClientIP: the actor's address stands in; the trailing period is kept, keyed without.
    expect(await row(ROLE)).toMatchObject({
      operation: 'Add member to role.',
      operation_key: 'add member to role',
      client_ip: '198.51.100.23',
      workload: 'AzureActiveDirectory',
    });
    expect(await row(STS)).toMatchObject({ record_type: 15, app_id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264' });
  });

  it('reads Search-UnifiedAuditLog CSV (BOM, CRLF, AuditData as JSON text) with the same meaning', async () => {
    const s = await importPaths(ws, [fixture('ual-search-unifiedauditlog.csv')]);
    expect(s.files[0]).toMatchObject({ shape: 'ual-csv', read: 5, loaded: 5, rejected: 0 });
    // The wrapper's CreationDate is local, locale-formatted time: AuditData.CreationTime (UTC) wins.
    expect(isoOf((await row(INBOX))?.created_at)).toBe('2025-09-26T10:31:04.000Z');
    expect(await row(INBOX)).toMatchObject({ record_type: 1, user_id: 'j.tan@contoso-demo.com' });
  });

  it('reads classic and new Purview CSV exports, rejecting a row whose AuditData is cut off', async () => {
    const s = await importPaths(ws, [fixture('ual-purview-classic.csv'), fixture('ual-purview-new.csv')]);
    expect(s.files.map((f) => [f.read, f.loaded, f.rejected])).toEqual([
      [2, 2, 0],
      [3, 2, 1],
    ]);
    expect(s.files[1]?.rejectReasons).toEqual([{ reason: 'AuditData is not a JSON object', count: 1 }]);
    expect(await ws.count('activities')).toBe(4);
    const rej = await ws.one<{ raw: string }>('SELECT raw FROM rejects');
    expect(rej?.raw).toContain('Set-Mailbox');
  });

  it('reads Extractor-Suite JSON (BOM, PowerShell indentation, "][") and Goose JSONL (AuditData only)', async () => {
    const s = await importPaths(ws, [fixture('ual-extractor-suite.json'), fixture('ual-goose.json')]);
    expect(s.files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    // Goose holds two of the same events again (dedupe on AuditData.Id) and one new one.
    expect(s.files[1]).toMatchObject({ read: 3, loaded: 1, duplicate: 2, rejected: 0 });
    expect(await row(ROLE)).toMatchObject({ operation_key: 'add member to role', record_type: 8 });
  });

  it('reads Graph audit-log-query records (camelCase wrapper, PascalCase auditData)', async () => {
    const s = await importPaths(ws, [fixture('ual-graph-audit-records.json')]);
    expect(s.files[0]).toMatchObject({ shape: 'graph-audit-log-json', read: 2, loaded: 2, rejected: 0 });
    expect(await row(MAIL)).toMatchObject({
      record_type: 50,
      user_id: 'j.tan@contoso-demo.com',
      user_type: 'Regular',
      client_ip: '203.0.113.9',
      app_id: '00000003-0000-0000-c000-000000000000',
    });
  });

  it('holds one row per event whichever shapes carried it', async () => {
    const all = [
      'ual-management-api.json',
      'ual-goose.json',
      'ual-search-unifiedauditlog.csv',
      'ual-purview-classic.csv',
      'ual-purview-new.csv',
      'ual-extractor-suite.json',
      'ual-graph-audit-records.json',
    ].map(fixture);
    const s = await importPaths(ws, all);
    expect(await ws.count('activities')).toBe(5);
    expect(s.totals).toMatchObject({ read: 23, loaded: 5, duplicate: 17, rejected: 1 });
  });
});
