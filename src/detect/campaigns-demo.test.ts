/**
 * The demo month (every scenario, seed 1) as `npm run demo` detects it: each incident shows at most one alert per
 * rule family. A family is a campaign family (its members and its campaign alert count as one) or else one rule.
 * Seed 004's lesson: one attack told twelve times is spam. The incidents themselves stay what the stories are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules } from '../compile/compile.js';
import { importPaths } from '../ingest/import-files.js';
import type { Incident } from '../investigate/incident-model.js';
import { buildIncidents } from '../investigate/incidents.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { simulate, truthOf, writeGraphJson } from '../simulate/index.js';
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
let root: string;
let ws: Workspace;
let alerts: Alert[];
let incidents: Incident[];
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'premortem-campaigns-demo-'));
  await writeGraphJson(sim, join(root, 'tenant'));
  ws = await Workspace.open(join(root, 'ws'));
  await importPaths(ws, [join(root, 'tenant')]);
  const { compiled } = compileRules(loaded.rules, new PipelineSet(loadPipelines(builtinPipelinesDir())));
  const run = await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
  expect(run.errors).toEqual([]);
  alerts = await listAlerts(ws);
  incidents = await buildIncidents(ws);
}, 2_400_000);
afterAll(() => {
  ws?.close();
  if (root) rmSync(root, { recursive: true, force: true });
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

  it('keeps the three stories as their own incidents, with every forged-token read in the collection campaign', () => {
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
    const eas = alerts.filter((a) => a.rule_id === 'campaign:eas-new-device');
    expect(eas).toHaveLength(1);
    expect(eas[0]?.entities.ips).toEqual([spray.takeoverIp]);
  });
});
