import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { DetectionEngine } from '../detect/engine.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes/microsoft-alerts', name);

describe("Microsoft's alerts in their export shapes", () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeAll(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterAll(() => cleanup());

  it('reads alerts_v2, SecurityAlert, AlertEvidence and the Defender streaming records, raw kept, rejects counted', async () => {
    const s = await importPaths(ws, [
      fixture('alerts_v2.json'),
      fixture('SecurityAlert.csv'),
      fixture('AlertEvidence.json'),
      fixture('defender-stream-PT1H.json'),
      fixture('mixed-tables.json'),
    ]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded, f.duplicate, f.rejected])).toEqual([
      ['graph-security-alerts-json', 4, 4, 0, 0],
      ['microsoft-alerts-csv', 2, 2, 0, 0],
      ['microsoft-alerts-json', 3, 3, 0, 0],
      ['microsoft-alerts-json', 3, 3, 0, 0],
      ['microsoft-alerts-json', 3, 2, 0, 1],
    ]);
    const counts = await ws.all<{ t: string; n: bigint }>(
      `SELECT 'ms_alerts' AS t, count(*) AS n FROM ms_alerts UNION ALL SELECT 'ms_alert_evidence', count(*) FROM ms_alert_evidence ORDER BY 1`,
    );
    expect(counts.map((c) => [c.t, Number(c.n)])).toEqual([
      ['ms_alert_evidence', 6],
      ['ms_alerts', 8],
    ]);
    const reject = await ws.one('SELECT reason FROM rejects');
    expect(String(reject?.reason)).toContain('"DeviceEvents"');
    const graph = await ws.one("SELECT * FROM ms_alerts WHERE alert_id = 'fa7e6d5c4b3a2910_1175930511'");
    expect(graph).toMatchObject({
      title: 'Unusual addition of credentials to an OAuth app',
      severity: 'medium',
      product: 'microsoftDefenderForCloudApps',
      product_name: 'Microsoft Defender for Cloud Apps',
      incident_id: '2417',
      source_shape: 'graph-security-alerts-json',
    });
    expect(String(graph?.evidence)).toContain('01e5cb8c-2ca9-48d7-b44a-40f5dc59f358');
    const la = await ws.one(
      "SELECT title, severity, product, techniques, evidence FROM ms_alerts WHERE alert_id = '5c6d7e8f-0000-4000-8000-0000000sa001'",
    );
    expect(la).toMatchObject({
      title: 'Atypical travel',
      severity: 'medium',
      product: 'Azure Active Directory Identity Protection',
    });
    expect(String(la?.techniques)).toContain('T1078.004');
    const stream = await ws.all(
      "SELECT entity_type, account_upn, remote_ip FROM ms_alert_evidence WHERE source_shape = 'microsoft-alerts-json' AND alert_id = 'da9f8e7d6c5b4a39_-446172330' ORDER BY entity_type",
    );
    expect(stream).toEqual([
      { entity_type: 'Ip', account_upn: null, remote_ip: '203.0.113.57' },
      { entity_type: 'Mailbox', account_upn: 'j.tan@contoso-demo.com', remote_ip: null },
    ]);
    // Idempotent: the same files again load nothing.
    const again = await importPaths(ws, [fixture('alerts_v2.json'), fixture('SecurityAlert.csv')]);
    expect(again.files.map((f) => f.loaded)).toEqual([0, 0]);
  });

  it('raises one alert per Microsoft alert, with its product, severity, ATT&CK tags and objects; again, nothing new', async () => {
    const engine = DetectionEngine.load([]);
    const run = await engine.run(ws, { full: true });
    const alerts = [...run.new].sort((a, b) => a.first_seen.localeCompare(b.first_seen));
    expect(alerts.map((a) => [a.rule_id, a.title, a.severity, a.event_count])).toEqual([
      ['microsoft:azure-ad-identity-protection', 'Password spray', 'high', 2],
      ['microsoft:azure-active-directory-identity-protection', 'Atypical travel', 'medium', 1],
      ['microsoft:microsoft-defender-for-cloud-apps', 'Unusual addition of credentials to an OAuth app', 'medium', 1],
      ['microsoft:microsoft-defender-for-cloud-apps', 'Suspicious OAuth app credential use', 'high', 3],
      [
        'microsoft:microsoft-defender-for-office-365',
        'Suspicious mailbox access over Exchange ActiveSync',
        'medium',
        3,
      ],
      ['microsoft:microsoft-cloud-app-security', 'Impossible travel activity', 'medium', 2],
      ['microsoft:azure-active-directory-identity-protection', 'Unfamiliar sign-in properties', 'low', 1],
      ['microsoft:microsoft-defender-for-endpoint', 'Suspicious PowerShell command line', 'low', 1],
    ]);
    const spray = alerts[0];
    expect(spray?.tags).toEqual(['attack.initial-access', 'attack.t1110.003']);
    expect(spray?.entities).toEqual({
      users: ['j.tan@contoso-demo.com'],
      service_principals: [],
      ips: ['203.0.113.57'],
      apps: [],
    });
    expect(spray?.summary).toContain('Raised by Microsoft Entra ID Protection');
    expect(spray?.summary).toContain('status inProgress');
    const oauth = alerts[2];
    expect(oauth?.objects).toContainEqual({
      type: 'service_principal',
      id: '01e5cb8c-2ca9-48d7-b44a-40f5dc59f358',
      name: 'Octiga Cloud Security',
      app_id: '3f1c6a2e-8b4d-4e7a-9c15-6d2e8f0a4b71',
    });
    expect(alerts[3]?.objects).toContainEqual({
      type: 'application',
      id: '3f1c6a2e-8b4d-4e7a-9c15-6d2e8f0a4b71',
      name: 'Octiga Cloud Security',
      app_id: '3f1c6a2e-8b4d-4e7a-9c15-6d2e8f0a4b71',
    });
    const rerun = await engine.run(ws, { full: true });
    expect(rerun.new).toEqual([]);
    expect(rerun.unchanged).toHaveLength(8);
  });
});
