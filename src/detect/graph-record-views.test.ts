import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileRules } from '../compile/compile.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules, loadRulesFromText } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { Workspace } from '../store/workspace.js';
import { listAlerts } from './list-alerts.js';
import { runDetection } from './run.js';

// Risk detections and PIM alerts arrive from the live collection as raw Graph records (graph_records); the views
// of store migration 5 give rules columns over them. These rows are shaped like Graph's v1.0 riskDetection and
// beta unifiedRoleManagementAlert.
const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

let dir: string;
let ws: Workspace;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-views-'));
  ws = await Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

async function graphRecord(endpoint: string, uid: string, raw: Record<string, unknown>): Promise<void> {
  await ws.run(`INSERT INTO graph_records VALUES ($1, $2, $3, NULL, $4, 'page-1', 0)`, [
    endpoint,
    uid,
    String(raw.id),
    JSON.stringify(raw),
  ]);
}

const detection = (id: string, level: string, type: string, state = 'atRisk') => ({
  id,
  requestId: 'req-1',
  riskEventType: type,
  riskLevel: level,
  riskState: state,
  riskDetail: 'none',
  detectionTimingType: 'offline',
  activity: 'user',
  source: 'IdentityProtection',
  detectedDateTime: '2025-09-30T04:00:00Z',
  activityDateTime: '2025-09-30T01:00:00Z',
  userPrincipalName: 'J.Tan@contoso.com',
  ipAddress: '203.0.113.57',
  location: { countryOrRegion: 'NL' },
});

describe('risk detections and PIM alerts (views over graph_records)', () => {
  it('the built-in high-risk detection rule alerts on an open high-risk detection only', async () => {
    await graphRecord('riskDetections', 'd1@1', detection('d1', 'high', 'leakedCredentials'));
    await graphRecord('riskDetections', 'd2@1', detection('d2', 'medium', 'unfamiliarFeatures'));
    await graphRecord('riskDetections', 'd3@1', detection('d3', 'high', 'anomalousToken', 'dismissed'));
    const rules = loadRules(builtinRulesDir()).rules;
    const { compiled } = compileRules(rules, pipelines, { only: (r) => r.meta.name === 'high-risk-detection' });
    const run = await runDetection(ws, compiled);
    expect(run.errors).toEqual([]);
    const alerts = await listAlerts(ws);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.entities.users).toEqual(['j.tan@contoso.com']);
    expect(alerts[0]?.first_seen).toBe('2025-09-30T04:00:00.000Z');
    expect(alerts[0]?.summary).toContain('leakedCredentials (high)');
  });

  it("SigmaHQ's PIM rule finds the alert kind behind alertDefinitionId", async () => {
    await graphRecord('roleManagementAlerts', 'a1@1', {
      id: 'DirectoryRole_t_RolesAssignedOutsidePimAlert',
      alertDefinitionId: 'DirectoryRole_00000000-0000-0000-0000-000000000001_RolesAssignedOutsidePimAlert',
      scopeId: '/',
      incidentCount: 1,
      isActive: true,
      lastModifiedDateTime: '2025-09-26T02:00:00Z',
    });
    await graphRecord('roleManagementAlerts', 'a2@1', {
      id: 'DirectoryRole_t_StaleSignInAlert',
      alertDefinitionId: 'DirectoryRole_00000000-0000-0000-0000-000000000001_StaleSignInAlert',
      incidentCount: 3,
      isActive: true,
      lastModifiedDateTime: '2025-09-26T02:00:00Z',
    });
    const { rules } = loadRulesFromText(
      'title: Roles Assigned Outside PIM\nid: b1bc08d1-8224-4758-a0e6-fbcfc98c73bb\nlevel: high\nlogsource: {product: azure, service: pim}\ndetection:\n  selection:\n    riskEventType: rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration\n  condition: selection\n',
    );
    const run = await runDetection(ws, compileRules(rules, pipelines).compiled);
    expect(run.errors).toEqual([]);
    expect(run.new).toHaveLength(1);
    expect(run.new[0]?.evidence.map((e) => e.table)).toEqual(['pim_alerts']);
  });
});
