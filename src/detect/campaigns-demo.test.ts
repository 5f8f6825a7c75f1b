import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImportedSimulation, importedSimulation } from '../../test/simulated-workspace.js';
import { compileRules } from '../compile/compile.js';
import type { Incident } from '../investigate/incident-model.js';
import { buildIncidents } from '../investigate/incidents.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { simulate, truthOf } from '../simulate/index.js';
import { Workspace } from '../store/workspace.js';
import type { Alert } from './alert.js';
import { CAMPAIGN_FAMILIES } from './campaigns.js';
import { listAlerts } from './list-alerts.js';
import { runDetection } from './run.js';

const loaded = loadRules(builtinRulesDir());
const nameOf = new Map(loaded.rules.rules.map((r) => [r.meta.id ?? '', r.meta.name ?? r.meta.title]));
/** The family an alert belongs to: its campaign family, else its rule. */
function familyOf(a: Alert): string {
  if (a.rule_id.startsWith('campaign:')) return a.rule_id;
  const f = CAMPAIGN_FAMILIES.find((x) => Object.hasOwn(x.rules, a.rule_id));
  return f ? `campaign:${f.id}` : (nameOf.get(a.rule_id) ?? a.rule_id);
}

const sim = simulate({ seed: 1 });
let demo: ImportedSimulation;
let ws: Workspace;
let alerts: Alert[];
let incidents: Incident[];
beforeAll(async () => {
  // The month simulate({ seed: 1 }) writes, imported (built once per test run: test/simulated-workspace.ts).
  demo = await importedSimulation({ seed: 1, scenario: 'all' });
  ws = await Workspace.open(demo.wsDir);
  const { compiled } = compileRules(loaded.rules, new PipelineSet(loadPipelines(builtinPipelinesDir())));
  const run = await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
  expect(run.errors).toEqual([]);
  alerts = await listAlerts(ws);
  incidents = await buildIncidents(ws);
}, 2_400_000);
afterAll(() => {
  ws?.close();
  demo?.cleanup();
});

describe('the demo month', () => {
  it('shows at most one alert per rule family in each incident', () => {
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const repeated = incidents.flatMap((i) => {
      const counts = new Map<string, number>();
      for (const id of i.alert_ids) {
        const a = byId.get(id);
        if (a) counts.set(familyOf(a), (counts.get(familyOf(a)) ?? 0) + 1);
      }
      return [...counts].filter(([, n]) => n > 1).map(([family, n]) => `${i.id} ${family} ×${n}`);
    });
    expect(repeated).toEqual([]);
  });

  it('keeps the three stories as their own incidents, with every forged-token read and request in its campaign', () => {
    const theft = truthOf(sim.groundTruth.scenarios, 'token-theft');
    const spray = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
    if (!theft || !spray) throw new Error('the demo month runs every scenario');
    expect(incidents).toHaveLength(3);
    const holding = (ip: string) => incidents.filter((i) => i.entities.ips.includes(ip));
    expect(holding(theft.attackerIp)).toHaveLength(1);
    expect(holding(spray.takeoverIp)).toHaveLength(1);
    const mail = alerts.filter((a) => a.rule_id === 'campaign:mailbox-collection');
    expect(mail).toHaveLength(1);
    expect(new Set(mail[0]?.evidence.map((e) => e.source_id))).toEqual(new Set(theft.ualIds.forgedReads));
    expect(holding(theft.attackerIp)[0]?.alert_ids).toContain(mail[0]?.id);
    // The forged tokens in Graph's activity log: one campaign, in the same incident.
    const tokens = alerts.filter((a) => a.rule_id === 'campaign:forged-tokens');
    expect(tokens).toHaveLength(1);
    expect(new Set(tokens[0]?.evidence.map((e) => e.source_id))).toEqual(new Set(theft.graphRequestIds.forged));
    expect(holding(theft.attackerIp)[0]?.alert_ids).toContain(tokens[0]?.id);
    const eas = alerts.filter((a) => a.rule_id === 'campaign:eas-new-device');
    expect(eas).toHaveLength(1);
    expect(eas[0]?.entities.ips).toEqual([spray.takeoverIp]);
  });
});
