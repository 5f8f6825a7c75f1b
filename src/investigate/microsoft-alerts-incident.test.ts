import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import type { Alert } from '../detect/alert.js';
import { DetectionEngine } from '../detect/engine.js';
import { listAlerts } from '../detect/list-alerts.js';
import { importPaths } from '../ingest/import-files.js';
import { buildIncidentReport } from '../report/build-report.js';
import { renderReport } from '../report/render.js';
import { buildIncidents, groupAlerts, withMicrosoftActors } from './incidents.js';
import { buildTimeline } from './timeline.js';

const ALERTS_V2 = join(PROJECT_ROOT, 'test/fixtures/shapes/microsoft-alerts/alerts_v2.json');

describe("Microsoft's alerts join the seed-003 incident", () => {
  let s: Seed003;
  beforeAll(async () => {
    s = await seed003Workspace(1, CORE_RULE_FILES);
    const imported = await importPaths(s.ws, [ALERTS_V2]);
    expect(imported.files.map((f) => [f.read, f.loaded, f.rejected])).toEqual([[4, 4, 0]]);
    await DetectionEngine.load(CORE_RULE_FILES, { strict: true }).run(s.ws);
  });
  afterAll(() => s?.cleanup());

  it('the alerts_v2 fixture gives three alerts; the spray and the OAuth app alerts join the backdoor incident, the unrelated one does not', async () => {
    const microsoft = (await listAlerts(s.ws)).filter((a) => a.rule_id.startsWith('microsoft:'));
    expect(microsoft.map((a) => a.title).sort()).toEqual([
      'Password spray',
      'Suspicious PowerShell command line',
      'Unusual addition of credentials to an OAuth app',
    ]);
    const incidents = await buildIncidents(s.ws);
    const all = await listAlerts(s.ws);
    const ruleOf = new Map(all.map((a) => [a.id, a.rule_id]));
    const backdoorRule = all.find((a) =>
      a.title.startsWith('Privileged role assigned to a service principal'),
    )?.rule_id;
    const seed = incidents.find((i) => i.alert_ids.some((id) => ruleOf.get(id) === backdoorRule));
    expect(seed).toBeDefined();
    const joined = (seed?.alert_ids ?? [])
      .map((id) => all.find((a) => a.id === id))
      .filter((a): a is Alert => a?.rule_id.startsWith('microsoft:') ?? false);
    expect(joined.map((a) => [a.rule_id, a.title]).sort()).toEqual([
      ['microsoft:azure-ad-identity-protection', 'Password spray'],
      ['microsoft:microsoft-defender-for-cloud-apps', 'Unusual addition of credentials to an OAuth app'],
    ]);
    const endpoint = microsoft.find((a) => a.title === 'Suspicious PowerShell command line');
    const own = incidents.filter((i) => i.alert_ids.includes(endpoint?.id ?? ''));
    expect(own).toHaveLength(1);
    expect(own[0]?.alert_ids).toHaveLength(1);
    // The accounts Microsoft's evidence names are the incidents' actors.
    expect(own[0]?.actors.users).toEqual(['m.lee@contoso-demo.com']);
    expect(seed?.actors.users).toContain('j.tan@contoso-demo.com');
    expect(seed?.actors.service_principals).toContain('Octiga Cloud Security');

    // The timeline and the report show them with the product that raised them.
    const timeline = await buildTimeline(s.ws, { alertIds: seed?.alert_ids ?? [] });
    const lines = timeline.entries.filter((e) => e.alertId !== undefined && joined.some((a) => a.id === e.alertId));
    expect(lines.map((l) => [l.action.split(':')[0], l.evidence.source]).sort()).toEqual([
      ['Password spray', "Microsoft's alerts"],
      ['Unusual addition of credentials to an OAuth app', "Microsoft's alerts"],
    ]);
    expect(lines.map((l) => l.action).join('\n')).toContain('Raised by Microsoft Defender for Cloud Apps');
    if (!seed) return;
    const md = renderReport([await buildIncidentReport(s.ws, seed, { now: new Date('2025-10-05T00:00:00Z') })], 'md');
    expect(md).toContain('Raised by Microsoft Entra ID Protection');
    expect(md).toContain('Raised by Microsoft Defender for Cloud Apps');
  });
});

describe('incidents join alerts by the ids of the service principals they name', () => {
  const alert = (id: string, rule: string, objects: Alert['objects'], sp: string[] = []): Alert => ({
    id,
    rule_id: rule,
    title: id,
    severity: 'high',
    first_seen: '2025-09-26T00:00:00Z',
    last_seen: '2025-09-26T00:00:00Z',
    entities: { users: [], service_principals: sp, ips: [], apps: [] },
    objects,
    evidence: [],
    tags: [],
    summary: '',
    event_count: 1,
  });
  const actors = { users: [], service_principals: [] };
  const backdoor = alert(
    'a',
    'privileged-role-to-service-principal',
    [{ type: 'service_principal', id: '01E5CB8C-2ca9-48d7-b44a-40f5dc59f358', name: 'Octiga Cloud Security' }],
    ['Octiga Cloud Security'],
  );

  it("counts the accounts and service principals Microsoft's alerts name among their actors, not a spray's targets", () => {
    const ms = alert('m', 'microsoft:azure-ad-identity-protection', [
      { type: 'user', id: 'aa11bb22', name: 'Jo Tan', upn: 'J.Tan@contoso-demo.com' },
      { type: 'user', id: 'cc33dd44', name: 'no upn' },
      { type: 'service_principal', id: '01e5cb8c', name: 'Octiga Cloud Security', app_id: '3f1c6a2e' },
      { type: 'ip', id: '203.0.113.7', name: '203.0.113.7' },
    ]);
    expect(withMicrosoftActors(ms, { users: ['a.yeo@contoso-demo.com'], service_principals: [] })).toEqual({
      users: ['a.yeo@contoso-demo.com', 'j.tan@contoso-demo.com'],
      service_principals: ['Octiga Cloud Security'],
    });
    const many = Array.from({ length: 12 }, (_, i) => ({ type: 'user' as const, id: `u${i}@x.example`, name: null }));
    expect(withMicrosoftActors(alert('n', 'microsoft:x', many), actors)).toEqual(actors);
    expect(withMicrosoftActors({ ...ms, rule_id: 'password-spray' }, actors)).toEqual(actors);
  });

  it('by app id alone, whatever the display name says', () => {
    const byApp = alert('b', 'microsoft:microsoft-defender-for-cloud-apps', [
      { type: 'application', id: '3f1c6a2e', name: 'Microsoft Graph', app_id: '3f1c6a2e' },
    ]);
    const withApp = {
      ...backdoor,
      objects: [{ ...(backdoor.objects[0] as Alert['objects'][number]), app_id: '3F1C6A2E' }],
    };
    expect(
      groupAlerts([
        { alert: withApp, actors },
        { alert: byApp, actors },
      ]),
    ).toHaveLength(1);
  });

  it('by object id, and not by a client application every sign-in names', () => {
    const bySp = alert('c', 'microsoft:x', [
      { type: 'service_principal', id: '01e5cb8c-2ca9-48d7-b44a-40f5dc59f358', name: 'renamed' },
    ]);
    expect(
      groupAlerts([
        { alert: backdoor, actors },
        { alert: bySp, actors },
      ]),
    ).toHaveLength(1);
    const portal = (id: string) =>
      alert(id, 'success-after-spray', [
        { type: 'application', id: 'c44b4083', name: 'Azure Portal', app_id: 'c44b4083' },
      ]);
    expect(
      groupAlerts([
        { alert: portal('d'), actors },
        { alert: portal('e'), actors },
      ]),
    ).toHaveLength(2);
  });
});
