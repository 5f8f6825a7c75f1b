import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('Entra categories with tables of their own', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('loads the four Identity Protection categories into risk_events; detections reach the rules view', async () => {
    const s = await importPaths(ws, [fixture('diag-identity-protection-PT1H.json')]);
    expect(s.files[0]).toMatchObject({ read: 5, loaded: 5, rejected: 0, byTable: { risk_events: 5 } });
    const rows = await ws.all(
      'SELECT kind, risk_event_type, risk_level, risk_state, user_id, user_principal_name, service_principal_id, service_principal_name, app_id, key_ids, country, detected_at FROM risk_events ORDER BY detected_at, kind',
    );
    expect(rows.map((r) => [r.kind, r.risk_level, r.risk_state, iso(r.detected_at)])).toEqual([
      ['userRiskDetection', 'medium', 'atRisk', '2025-09-26T01:10:02.123Z'],
      ['riskyUser', 'medium', 'atRisk', '2025-09-26T01:15:40.000Z'],
      ['riskyServicePrincipal', 'high', 'atRisk', '2025-09-26T02:05:00.000Z'],
      ['servicePrincipalRiskDetection', 'high', 'atRisk', '2025-09-26T02:05:00.000Z'],
      ['riskyUser', 'high', 'confirmedCompromised', '2025-09-27T09:00:00.000Z'],
    ]);
    expect(rows[0]).toMatchObject({
      risk_event_type: 'unfamiliarFeatures',
      user_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      user_principal_name: 'j.tan@contoso-demo.com',
      country: 'NG',
    });
    // A risky user's and a risky service principal's own id names the object.
    expect(rows[1]).toMatchObject({ user_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900' });
    expect(rows[2]).toMatchObject({
      service_principal_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      service_principal_name: 'Octiga Cloud Security',
      app_id: '4c3b2a19-0000-4000-8000-0000000a9901',
    });
    expect(rows[3]).toMatchObject({
      risk_event_type: 'suspiciousSignins',
      service_principal_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      key_ids: '["6d1f2a3b-0000-4000-8000-00000000k001"]',
    });
    // Two states of one risky user under one id are two rows, each its own version.
    const uids = await ws.all("SELECT uid, source_id FROM risk_events WHERE kind = 'riskyUser' ORDER BY uid");
    expect(uids).toEqual([
      {
        uid: 'aa11bb22-cc33-4d44-8e55-ff6677889900@2025-09-26T01:15:40Z',
        source_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      },
      {
        uid: 'aa11bb22-cc33-4d44-8e55-ff6677889900@2025-09-27T09:00:00Z',
        source_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      },
    ]);
    const view = await ws.all('SELECT risk_event_type, ip_address FROM risk_detections');
    expect(view).toEqual([{ risk_event_type: 'unfamiliarFeatures', ip_address: '203.0.113.57' }]);
    const again = await importPaths(ws, [fixture('diag-identity-protection-PT1H.json')]);
    expect(again.files[0]?.loaded ?? 0).toBe(0);
  });

  it('loads provisioning, Global Secure Access traffic and enriched Microsoft 365 records from one Event Hub body', async () => {
    const s = await importPaths(ws, [fixture('diag-provisioning-network-enriched.json')]);
    expect(s.files[0]).toMatchObject({
      read: 5,
      loaded: 5,
      rejected: 0,
      byTable: { provisioning: 2, network_access: 2, activities: 1 },
    });
    const prov = await ws.all('SELECT * FROM provisioning ORDER BY activity_at');
    expect(prov[0]).toMatchObject({
      uid: '75f9f8a2-0000-4000-8000-0000000pr001',
      job_id: 'scim.7f3c2b1a.1',
      provisioning_action: 'create',
      status: 'success',
      initiator_type: 'system',
      service_principal_id: '0d1e2f3a-0000-4000-8000-0000000sp0a1',
      service_principal_name: 'Contoso HR SCIM',
      source_identity_id: 'c1d2e3f4-0000-4000-8000-00000000u777',
      target_identity_id: 'hr-000777',
      target_system: 'Contoso HR',
    });
    expect(prov[1]).toMatchObject({
      status: 'failure',
      error_code: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
      error_reason: 'The SCIM endpoint returned 500',
    });
    const net = await ws.all(
      'SELECT action, user_principal_name, source_ip, destination_fqdn, destination_port, received_bytes FROM network_access ORDER BY created_at',
    );
    expect(net).toEqual([
      {
        action: 'block',
        user_principal_name: 'j.tan@contoso-demo.com',
        source_ip: '198.51.100.23',
        destination_fqdn: 'login.evil-proxy.example',
        destination_port: 443,
        received_bytes: 5300n,
      },
      {
        action: 'allow',
        user_principal_name: 'j.tan@contoso-demo.com',
        source_ip: '198.51.100.23',
        destination_fqdn: 'outlook.office365.com',
        destination_port: 443,
        received_bytes: 128000n,
      },
    ]);
    const act = await ws.one('SELECT operation, workload, record_type, user_id, client_ip, created_at FROM activities');
    expect(act).toMatchObject({
      operation: 'MailItemsAccessed',
      workload: 'Exchange',
      record_type: 50,
      client_ip: '198.51.100.23',
    });
    expect(iso(act?.created_at)).toBe('2025-09-26T05:12:00.000Z');
  });

  it('loads a Log Analytics AADUserRiskEvents CSV export (JSON-text location, US dates)', async () => {
    const s = await importPaths(ws, [fixture('la-AADUserRiskEvents.csv')]);
    expect(s.files[0]).toMatchObject({ shape: 'log-analytics-csv', read: 2, loaded: 2, rejected: 0 });
    const rows = await ws.all(
      'SELECT kind, risk_event_type, country, user_principal_name, detected_at FROM risk_events ORDER BY detected_at',
    );
    expect(rows.map((r) => [r.kind, r.risk_event_type, r.country, r.user_principal_name, iso(r.detected_at)])).toEqual([
      ['userRiskDetection', 'anonymizedIPAddress', 'NG', 'j.tan@contoso-demo.com', '2025-09-26T01:10:02.123Z'],
      ['userRiskDetection', 'leakedCredentials', null, 'sam.ray@contoso-demo.com', '2025-09-27T09:00:00.000Z'],
    ]);
    expect(Number(await ws.scalar('SELECT count(*) FROM signins'))).toBe(0);
  });
});

/**
 * Log Analytics exports of the four Identity Protection tables as JSON (an array of rows). Columns are the PascalCase
 * of Graph's riskDetection, servicePrincipalRiskDetection, riskyUser and riskyServicePrincipal properties
 * (reference/id_protection_risk_detections.md names the detections, not the columns). UNVERIFIED: every column name
 * of AADUserRiskEvents, AADServicePrincipalRiskEvents, AADRiskyUsers and AADRiskyServicePrincipals, and in
 * particular the address's spelling: the fixture writes IpAddress (the PascalCase of ipAddress) in two rows and the
 * sign-in tables' IPAddress in one; both must load.
 */
describe('Log Analytics Identity Protection rows', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('loads all four tables, the address under either spelling (DuckDB struct names ignore case)', async () => {
    const s = await importPaths(ws, [fixture('la-identity-protection.json')]);
    expect(s.files[0]).toMatchObject({ read: 5, loaded: 5, rejected: 0, byTable: { risk_events: 5 } });
    const rows = await ws.all(
      `SELECT kind, risk_event_type, risk_level, ip_address, country, user_id, user_principal_name,
              service_principal_id, service_principal_name, app_id, detected_at FROM risk_events ORDER BY detected_at, kind`,
    );
    expect(rows.map((r) => [r.kind, r.risk_event_type, r.ip_address, iso(r.detected_at)])).toEqual([
      ['userRiskDetection', 'unfamiliarFeatures', '203.0.113.57', '2025-09-26T01:10:02.123Z'],
      ['riskyUser', null, null, '2025-09-26T01:15:40.000Z'],
      ['riskyServicePrincipal', null, null, '2025-09-26T02:05:00.000Z'],
      ['servicePrincipalRiskDetection', 'suspiciousSignins', '203.0.113.91', '2025-09-26T02:05:00.000Z'],
      ['userRiskDetection', 'anonymizedIPAddress', '198.51.100.23', '2025-09-27T09:00:00.000Z'],
    ]);
    expect(rows[0]).toMatchObject({ country: 'NG', user_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900' });
    expect(rows[2]).toMatchObject({
      service_principal_id: '5e6f7a8b-0000-4000-8000-0000000005e1',
      service_principal_name: 'Octiga Cloud Security',
      app_id: '4c3b2a19-0000-4000-8000-0000000a9901',
    });
    expect(rows[1]).toMatchObject({ user_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900' });
    // The detections reach the rules' view with their addresses.
    const view = await ws.all('SELECT ip_address FROM risk_detections ORDER BY ip_address');
    expect(view.map((r) => r.ip_address)).toEqual(['198.51.100.23', '203.0.113.57']);
    const again = await importPaths(ws, [fixture('la-identity-protection.json')]);
    expect(again.files[0]).toMatchObject({ read: 5, loaded: 0, duplicate: 5 });
  });

  it('loads Log Analytics AADProvisioningLogs and NetworkAccessTraffic rows from one file; names the table it does not read', async () => {
    // UNVERIFIED: the columns of AADProvisioningLogs and NetworkAccessTraffic are taken as the PascalCase of Graph's
    // provisioningObjectSummary and networkaccess.networkAccessTraffic, nested objects as JSON text (as AuditLogs'
    // InitiatedBy is); reference/ has neither table.
    const s = await importPaths(ws, [fixture('la-provisioning-network.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'log-analytics-json',
      read: 5,
      loaded: 4,
      rejected: 1,
      byTable: { provisioning: 2, network_access: 2 },
    });
    expect(s.files[0]?.rejectReasons).toEqual([
      {
        reason: 'Log Analytics rows of table "AADCustomSecurityAttributeAuditLogs" are not read by premortem',
        count: 1,
      },
    ]);
    const prov = await ws.all(
      `SELECT uid, job_id, provisioning_action, status, error_code, initiator_type, service_principal_id,
              service_principal_name, source_identity_id, target_identity_id, target_system, activity_at
       FROM provisioning ORDER BY activity_at`,
    );
    expect(prov.map((r) => [r.uid, r.provisioning_action, r.status, r.error_code, iso(r.activity_at)])).toEqual([
      ['75f9f8a2-0000-4000-8000-0000000la001', 'create', 'success', null, '2025-09-26T04:00:00.000Z'],
      [
        '75f9f8a2-0000-4000-8000-0000000la002',
        'update',
        'failure',
        'SystemForCrossDomainIdentityManagementServiceIncompatible',
        '2025-09-26T04:40:00.000Z',
      ],
    ]);
    expect(prov[0]).toMatchObject({
      job_id: 'scim.7f3c2b1a.1',
      initiator_type: 'system',
      service_principal_id: '0d1e2f3a-0000-4000-8000-0000000sp0a1',
      service_principal_name: 'Contoso HR SCIM',
      source_identity_id: 'c1d2e3f4-0000-4000-8000-00000000u777',
      target_identity_id: 'hr-000777',
      target_system: 'Contoso HR',
    });
    const net = await ws.all(
      `SELECT uid, action, user_principal_name, source_ip, destination_fqdn, destination_port, received_bytes, created_at
       FROM network_access ORDER BY created_at`,
    );
    expect(net.map((r) => [r.uid, r.action, r.user_principal_name, r.destination_fqdn, r.destination_port])).toEqual([
      ['3c2b1a09-0000-4000-8000-00000000tx01', 'block', 'j.tan@contoso-demo.com', 'login.evil-proxy.example', 443],
      ['3c2b1a09-0000-4000-8000-00000000tx02', 'allow', 'j.tan@contoso-demo.com', 'outlook.office365.com', 443],
    ]);
    expect(net.map((r) => [r.source_ip, r.received_bytes, iso(r.created_at)])).toEqual([
      ['198.51.100.23', 5300n, '2025-09-26T05:10:00.000Z'],
      ['198.51.100.23', 128000n, '2025-09-26T05:11:00.000Z'],
    ]);
  });

  it('loads Log Analytics EnrichedMicrosoft365AuditLogs rows into activities; names the row it cannot load', async () => {
    // Fields marked UNVERIFIED in test/fixtures/shapes/enriched-m365/README.md.
    const s = await importPaths(ws, [fixture('enriched-m365/EnrichedMicrosoft365AuditLogs.json')]);
    expect(s.files[0]).toMatchObject({
      shape: 'log-analytics-json',
      kind: 'EnrichedMicrosoft365AuditLogs rows',
      read: 4,
      loaded: 3,
      rejected: 1,
      byTable: { activities: 3 },
    });
    expect(s.files[0]?.rejectReasons).toEqual([{ reason: 'no Operation', count: 1 }]);
    const rows = await ws.all(
      `SELECT uid, created_at, time_source, operation_key, workload, record_type, user_type, client_ip, app_id,
              client_info, session_id, unique_token_id, result_status
       FROM activities ORDER BY created_at`,
    );
    expect(
      rows.map((r) => [r.uid, iso(r.created_at), r.operation_key, r.workload, r.record_type, r.client_ip]),
    ).toEqual([
      [
        '8b2f1c3d-0000-4000-8000-0000000e0001',
        '2025-09-26T05:20:00.000Z',
        'mailitemsaccessed',
        'Exchange',
        50,
        '198.51.100.23',
      ],
      [
        '8b2f1c3d-0000-4000-8000-0000000e0002',
        '2025-09-26T05:21:00.000Z',
        'filedownloaded',
        'SharePoint',
        6,
        '198.51.100.23',
      ],
      [
        '8b2f1c3d-0000-4000-8000-0000000e0003',
        '2025-09-26T05:30:00.000Z',
        'teamssessionstarted',
        'MicrosoftTeams',
        25,
        '203.0.113.44',
      ],
    ]);
    expect(rows[0]).toMatchObject({
      time_source: 'event',
      user_type: 'Regular',
      app_id: '00000002-0000-0ff1-ce00-000000000000',
      client_info: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      session_id: 'sess-0001',
      unique_token_id: 'tok-0001',
      result_status: 'Succeeded',
    });
    expect(rows[1]?.user_type).toBe('Regular');
    const again = await importPaths(ws, [fixture('enriched-m365/EnrichedMicrosoft365AuditLogs.json')]);
    expect(again.files[0]).toMatchObject({ read: 4, loaded: 0, duplicate: 3, conflict: 0 });
  });
});
