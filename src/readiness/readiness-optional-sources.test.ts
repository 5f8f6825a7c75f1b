/**
 * Readiness lists every table premortem reads: the logs a tenant exports by choice (Graph activity, provisioning,
 * Global Secure Access, the Azure Activity log, Microsoft's alerts) and imported risk detections are measured like
 * the sign-ins, and a rule over one of them needs that source, not the sign-ins.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { EVENT_TABLES } from '../core/event-model.js';
import { loadRulePack } from '../rules/rule-pack.js';
import { insertTarget } from '../store/lake.js';
import type { Workspace } from '../store/workspace.js';
import { assessReadiness } from './report.js';
import { profileRules } from './rule-sources.js';
import { SCORED_SOURCES, SOURCES } from './sources.js';

const RULE = `title: Elevate access in the Azure Activity log
id: test-elevate
tags: [attack.t1078.004]
logsource: { product: premortem, service: azure_activity }
detection:
  sel: { operation_name: MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION }
  condition: sel
level: high
`;

let ws: Workspace;
let dir: string;
let cleanup: () => void;
const NOW = Date.parse('2025-09-10T00:00:00Z');

beforeAll(async () => {
  ({ ws, dir, cleanup } = await tempWorkspace());
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'elevate.yml'), RULE);
  const rows = async (table: string, time: string, n: number, extra = '') =>
    ws.run(
      `INSERT INTO ${insertTarget(table)} (uid, ${time}${extra ? `, ${extra.split('=')[0]}` : ''})
       SELECT '${table}-' || i, TIMESTAMPTZ '2025-09-09 00:30:00+00' + to_hours(i)${extra ? `, ${extra.split('=')[1]}` : ''}
       FROM range(${n}) t(i)`,
    );
  await rows('azure_activity', 'event_at', 3);
  await rows('graph_activity', 'requested_at', 4);
  await rows('ms_alerts', 'created_at', 2);
  await rows('risk_events', 'detected_at', 5, "kind='userRiskDetection'");
});
afterAll(() => cleanup());

describe('readiness over every table premortem reads', () => {
  it('has a source for every event table', () => {
    const tables = new Set<string>(SOURCES.map((s) => s.table));
    for (const t of Object.keys(EVENT_TABLES).filter((t) => t !== 'ms_alert_evidence'))
      expect(tables.has(t) || (t === 'risk_events' && tables.has('risk_detections'))).toBe(true);
    // The sources a tenant sends by choice are measured but not scored.
    expect(SCORED_SOURCES.map((s) => s.id)).not.toContain('azure-activity');
  });

  it('measures the exported logs and imported risk detections; a rule over the Azure Activity log needs it', async () => {
    const r = await assessReadiness(ws, { now: NOW, rules: [join(dir, 'rules')] });
    const held = Object.fromEntries(r.howFarBack.sources.map((s) => [s.source, s.count]));
    expect(held).toMatchObject({
      'azure-activity': 3,
      'graph-activity': 4,
      'microsoft-alerts': 2,
      'risk-detections': 5,
      provisioning: 0,
      'network-access': 0,
    });
    expect(r.howFarBack.sources.find((s) => s.source === 'azure-activity')?.retentionDays).toBe(90);
    expect(r.howFarBack.sources.find((s) => s.source === 'provisioning')?.notes).toContain(
      'not sent: read when the tenant exports it',
    );
    expect(r.howDoWeKnow.sent).toEqual(['risk-detections', 'graph-activity', 'azure-activity', 'microsoft-alerts']);
    const pack = loadRulePack([join(dir, 'rules')]);
    const elevate = profileRules(pack.ruleSet, pack.pipelines).profiles.find((x) => x.id === 'test-elevate');
    expect(elevate?.requires).toEqual([['azure-activity']]);
  });
});
