import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CompiledRule, compileRules } from '../compile/compile.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules, loadRulesFromText } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import type { TestRow } from '../rules/rule-test-cases.js';
import { Workspace } from '../store/workspace.js';
import { alertId } from './alert-store.js';
import { listAlerts } from './list-alerts.js';
import { insertRows } from './rule-tests.js';
import { runDetection } from './run.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const builtin = loadRules(builtinRulesDir()).rules;
const compiled = compileRules(builtin, pipelines).compiled;
const byName = (name: string): CompiledRule[] => compiled.filter((c) => c.rule.meta.name === name);

let dir: string;
let ws: Workspace;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-detect-'));
  ws = await Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
/** n failures from one address against n accounts, one a minute from `start`. */
function spray(prefix: string, start: string, n: number, ip = '203.0.113.7'): TestRow[] {
  const t = Date.parse(start);
  return Array.from({ length: n }, (_, i) => ({
    uid: `${prefix}${i}`,
    source_id: `src-${prefix}${i}`,
    created_at: new Date(t + i * 60_000).toISOString(),
    ip_address: ip,
    user_principal_name: `user${i}@contoso.com`,
    error_code: i % 3 === 0 ? 50053 : 50126,
    client_app: i % 2 === 0 ? 'Authenticated SMTP' : 'IMAP4',
    app_display_name: 'Office 365 Exchange Online',
  }));
}

const GRANT: TestRow = {
  uid: 'grant-1',
  source_id: 'Directory_ABC',
  activity_at: '2025-09-26T03:12:00Z',
  activity: 'Add member to role',
  activity_key: 'add member to role',
  logged_by_service: 'Core Directory',
  result: 'success',
  initiator_type: 'user',
  initiator_upn: 'admin@contoso.com',
  initiator_ip: '203.0.113.7',
  target_type: 'ServicePrincipal',
  target_display_name: 'Octiga Cloud Security',
  role_name: 'Global Administrator',
};

describe('runDetection', () => {
  it('writes alerts in the contract shape, with entities and evidence from the rows', async () => {
    await insertRows(ws, 'signins', spray('s', '2025-09-02T10:00:00Z', 12), 't');
    await insertRows(ws, 'audits', [GRANT], 't');
    const run = await runDetection(ws, compiled);
    expect(run.errors).toEqual([]);
    expect(run.new.map((a) => a.title)).toEqual([
      'Password spray from one source',
      'Privileged role assigned to a service principal outside PIM',
    ]);
    const [sprayAlert, grant] = run.new;
    expect(sprayAlert).toMatchObject({
      rule_id: 'ae35311f-0975-491a-b324-e0314db2a738',
      severity: 'high',
      first_seen: '2025-09-02T10:00:00.000Z',
      last_seen: '2025-09-02T10:11:00.000Z',
      event_count: 12,
      tags: ['attack.credential-access', 'attack.t1110.003'],
      entities: { ips: ['203.0.113.7'], apps: ['Office 365 Exchange Online'], service_principals: [] },
    });
    expect(sprayAlert?.entities.users).toHaveLength(12);
    expect(sprayAlert?.evidence[0]).toEqual({ uid: 's0', source_id: 'src-s0', table: 'signins' });
    expect(sprayAlert?.summary).toBe(
      '12 distinct accounts failed from 203.0.113.7 between 2025-09-02T10:00:00Z and 2025-09-02T10:11:00Z over Authenticated SMTP, IMAP4 (12 attempts, errors 50126, 50053)',
    );
    expect(sprayAlert?.id).toBe(alertId('ae35311f-0975-491a-b324-e0314db2a738', '["203.0.113.7"]', 's0'));
    expect(grant).toMatchObject({
      severity: 'critical',
      entities: {
        users: ['admin@contoso.com'],
        service_principals: ['Octiga Cloud Security'],
        ips: ['203.0.113.7'],
        apps: [],
      },
      evidence: [{ uid: 'grant-1', source_id: 'Directory_ABC', table: 'audits' }],
      summary:
        'admin@contoso.com ran "Add member to role" (Global Administrator) on Octiga Cloud Security (ServicePrincipal) at 2025-09-26T03:12:00Z',
    });
    expect(await listAlerts(ws)).toEqual(run.new);
  });

  it('is idempotent: a second run over the same data raises nothing new and changes nothing', async () => {
    await insertRows(ws, 'signins', spray('s', '2025-09-02T10:00:00Z', 12), 't');
    await insertRows(ws, 'audits', [GRANT], 't');
    const first = await runDetection(ws, compiled);
    const stored = await listAlerts(ws);
    const second = await runDetection(ws, compiled);
    expect(second.new).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged.map((a) => a.id).sort()).toEqual(first.new.map((a) => a.id).sort());
    expect(await listAlerts(ws)).toEqual(stored);
  });

  it('a spray that goes on after a run extends the same alert (updated, same id)', async () => {
    const rows = spray('s', '2025-09-02T10:00:00Z', 30);
    await insertRows(ws, 'signins', rows.slice(0, 12), 't');
    const first = await runDetection(ws, byName('password-spray'));
    await insertRows(ws, 'signins', rows.slice(12), 't');
    const second = await runDetection(ws, byName('password-spray'));
    expect(second.new).toEqual([]);
    expect(second.updated.map((a) => a.id)).toEqual(first.new.map((a) => a.id));
    expect(second.updated[0]).toMatchObject({ event_count: 30, last_seen: '2025-09-02T10:29:00.000Z' });
  });

  it('a multi-week spray with pauses is one alert; a return after more than a week is another', async () => {
    const rows = [
      ...spray('a', '2025-09-02T09:00:00Z', 12),
      ...spray('b', '2025-09-05T09:00:00Z', 12),
      ...spray('c', '2025-09-11T09:00:00Z', 12),
      ...spray('d', '2025-10-01T09:00:00Z', 12),
    ];
    await insertRows(ws, 'signins', rows, 't');
    const run = await runDetection(ws, byName('password-spray'));
    expect(run.new.map((a) => [a.first_seen, a.last_seen, a.event_count])).toEqual([
      ['2025-09-02T09:00:00.000Z', '2025-09-11T09:11:00.000Z', 36],
      ['2025-10-01T09:00:00.000Z', '2025-10-01T09:11:00.000Z', 12],
    ]);
  });

  it('an earlier import that backfills a spray merges into the stored alert instead of raising another', async () => {
    await insertRows(ws, 'signins', spray('late', '2025-09-03T10:00:00Z', 12), 't');
    const first = await runDetection(ws, byName('password-spray'));
    await insertRows(
      ws,
      'signins',
      spray('early', new Date(Date.parse('2025-09-03T10:00:00Z') - DAY).toISOString(), 12),
      't',
    );
    const second = await runDetection(ws, byName('password-spray'));
    expect(second.new).toEqual([]);
    expect(second.updated.map((a) => a.id)).toEqual(first.new.map((a) => a.id));
    expect(second.updated[0]?.first_seen).toBe('2025-09-02T10:00:00.000Z');
    expect(await listAlerts(ws)).toHaveLength(1);
  });

  it('two stored alerts bridged by new data become one (the earlier keeps its id)', async () => {
    await insertRows(
      ws,
      'signins',
      [...spray('a', '2025-09-01T10:00:00Z', 12), ...spray('c', '2025-09-15T10:00:00Z', 12)],
      't',
    );
    const first = await runDetection(ws, byName('password-spray'));
    expect(first.new).toHaveLength(2);
    await insertRows(ws, 'signins', spray('b', '2025-09-08T10:00:00Z', 12), 't');
    const second = await runDetection(ws, byName('password-spray'));
    expect(second.new).toEqual([]);
    const all = await listAlerts(ws);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: first.new[0]?.id, event_count: 36 });
  });

  it('runs a rule whose value tries SQL injection harmlessly (bound, not spliced)', async () => {
    await insertRows(ws, 'signins', spray('s', '2025-09-02T10:00:00Z', 3), 't');
    const evil = "x'); DROP TABLE signins; --";
    const { rules } = loadRulesFromText(
      `title: Evil\nlogsource: {product: premortem, service: signins}\ndetection:\n  s:\n    user_agent|contains: "${evil}"\n    user_principal_name: ["${evil}", user1@contoso.com]\n  condition: s\n`,
    );
    const evilRule = compileRules(rules, pipelines).compiled;
    expect(evilRule[0]?.query.sql).not.toContain('DROP');
    const run = await runDetection(ws, evilRule);
    expect(run.errors).toEqual([]);
    expect(run.new).toEqual([]);
    expect(await ws.count('signins')).toBe(3);
  });
});
