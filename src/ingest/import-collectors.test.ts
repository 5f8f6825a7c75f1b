import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('import of collector output (AzureADPreview, Azure Monitor storage, Untitled Goose Tool)', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('reads AzureADPreview PascalCase sign-ins (BOM, PowerShell indentation, /Date(ms)/ times)', async () => {
    const s = await importPaths(ws, [fixture('azureadpreview-signins.json')]);
    expect(s.files[0]).toMatchObject({ shape: 'azureadpreview-json', read: 2, loaded: 2, rejected: 0 });
    const failed = await ws.one("SELECT * FROM signins WHERE uid = '7d1a0000-0000-4000-8000-00000000b001'");
    expect(failed).toMatchObject({
      user_principal_name: 'ana.ruiz@contoso-demo.com',
      ip_address: '198.51.100.23',
      error_code: 50126,
      client_app: 'IMAP4',
      is_legacy_auth: true,
      country: 'NL',
      city: 'Amsterdam',
      time_source: 'event',
    });
    const ok = await ws.one("SELECT * FROM signins WHERE uid = '7d1a0000-0000-4000-8000-00000000b002'");
    expect(isoOf(ok?.created_at)).toBe('2023-05-01T10:01:00.000Z');
    expect(ok).toMatchObject({ error_code: 0, additional_details: 'MFA requirement satisfied by claim in the token' });
  });

  it('reads AzureADPreview PascalCase directory audits with nested initiator and targets', async () => {
    await importPaths(ws, [fixture('azureadpreview-audits.json')]);
    expect(await ws.one('SELECT * FROM audits')).toMatchObject({
      activity_key: 'add member to role',
      initiator_type: 'user',
      initiator_upn: 'ana.ruiz@contoso-demo.com',
      initiator_ip: '198.51.100.23',
      target_type: 'ServicePrincipal',
      role_name: 'Global Administrator',
      role_template_id: '62e90394-69f5-4237-9190-012177145e10',
      user_agent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1',
    });
  });

  it('reads an Azure Monitor storage-account folder (…/y=/m=/d=/h=/m=00/PT1H.json) recursively', async () => {
    const s = await importPaths(ws, [fixture('storage-layout')]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded])).toEqual([
      ['azure-diagnostic', 1, 1],
      ['azure-diagnostic', 2, 2],
    ]);
    const si = await ws.one("SELECT * FROM signins WHERE uid = '8e2b0000-0000-4000-8000-00000000c001'");
    // properties.createdDateTime is the event; the envelope's time is when Azure Monitor wrote it.
    expect(isoOf(si?.created_at)).toBe('2025-09-26T10:58:12.123Z');
    expect(si).toMatchObject({ event_type: 'interactiveUser', error_code: 50126, country: 'NL' });
    expect(await ws.one('SELECT initiator_upn, target_upn FROM audits')).toEqual({
      initiator_upn: 'j.tan@contoso-demo.com',
      target_upn: 'ana.ruiz@contoso-demo.com',
    });
  });

  it('reads an Untitled Goose Tool sign-in dump (Graph beta JSONL per source and day)', async () => {
    const s = await importPaths(ws, [fixture('goose')]);
    expect(s.files[0]).toMatchObject({ shape: 'graph-json', loader: 'ndjson-direct', read: 1, loaded: 1 });
    expect(await ws.one('SELECT event_type, country FROM signins')).toEqual({
      event_type: 'nonInteractiveUser',
      country: 'NG',
    });
  });

  it('reads Extractor-Suite Graph sign-ins: BOM, PowerShell indentation, pages appended as "][", SP and MI', async () => {
    const s = await importPaths(ws, [fixture('extractor-suite-20250926104000-servicePrincipal-SignInLogs.json')]);
    expect(s.files[0]).toMatchObject({ shape: 'graph-json', loader: 'staged', read: 3, loaded: 3, rejected: 0 });
    const rows = await ws.all('SELECT uid, event_type, service_principal_name, error_code FROM signins ORDER BY uid');
    expect(rows).toEqual([
      {
        uid: 'a0b1c2d3-0000-4000-8000-00000000e001',
        event_type: 'servicePrincipal',
        service_principal_name: 'Payroll Sync',
        error_code: 0,
      },
      {
        uid: 'a0b1c2d3-0000-4000-8000-00000000e002',
        event_type: 'managedIdentity',
        service_principal_name: 'vm-backup',
        error_code: 0,
      },
      {
        uid: 'a0b1c2d3-0000-4000-8000-00000000e003',
        event_type: 'managedIdentity',
        service_principal_name: 'vm-backup',
        error_code: 7000215,
      },
    ]);
  });
});
