import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SHARED_DATA } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { DetectionEngine } from '../detect/engine.js';
import { builtinRulesDir } from '../rules/content.js';
import { ruleId } from '../rules/model.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);

describe('the Azure Activity log in its three shapes', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeAll(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterAll(() => cleanup());

  it('reads diagnostic records, the REST JSON and the real Log Analytics AzureActivity sample', async () => {
    const s = await importPaths(ws, [
      fixture('diag-azure-activity-PT1H.json'),
      fixture('azure-activity-rest.json'),
      join(SHARED_DATA, 'sentinel-training-lab/azureActivity_adele.csv'),
    ]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded, f.rejected])).toEqual([
      ['azure-diagnostic', 2, 2, 0],
      ['azure-activity-json', 1, 1, 0],
      ['log-analytics-csv', expect.any(Number), expect.any(Number), 0],
    ]);
    const lab = s.files[2];
    expect(lab?.loaded).toBe(lab?.read);
    const diag = await ws.one(
      "SELECT * FROM azure_activity WHERE source_shape = 'azure-diagnostic' AND operation_name LIKE '%ELEVATE%'",
    );
    expect(diag).toMatchObject({
      category: 'Administrative',
      status: 'Success',
      caller: 'j.tan@contoso-demo.com',
      caller_object_id: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      caller_app_id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
      caller_ip: '203.0.113.57',
      scope: '/providers/Microsoft.Authorization',
      role: 'Global Administrator',
      message: 'Microsoft.Authorization/elevateAccess/action',
    });
    expect(iso(diag?.event_at)).toBe('2025-09-26T01:25:03.123Z');
    const assignment = await ws.one(
      "SELECT subscription_id, resource_provider FROM azure_activity WHERE operation_name LIKE '%ROLEASSIGNMENTS%'",
    );
    expect(assignment).toEqual({
      subscription_id: '8f153238-0000-4000-8000-00000000sub1',
      resource_provider: 'MICROSOFT.AUTHORIZATION',
    });
    const rest = await ws.one("SELECT * FROM azure_activity WHERE source_shape = 'azure-activity-json'");
    expect(rest).toMatchObject({
      uid: '5d6e7f80-0000-4000-8000-00000000ed01',
      operation_name: 'Microsoft.Authorization/elevateAccess/action',
      category: 'Administrative',
      status: 'Succeeded',
      sub_status: 'OK',
      caller: 'j.tan@contoso-demo.com',
      caller_ip: '203.0.113.57',
      resource_provider: 'Microsoft.Authorization',
      tenant_id: '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    });
    const adele = await ws.one(
      "SELECT operation_name, category, caller, scope, role, subscription_id FROM azure_activity WHERE operation_name ILIKE 'Microsoft.Web/sites/delete' LIMIT 1",
    );
    expect(adele).toMatchObject({
      category: 'Administrative',
      scope:
        '/subscriptions/8f153238-e602-427e-a7c0-3043fbe50918/resourceGroups/Sentinel-MainRG/providers/Microsoft.Web/sites/Okta-new',
      role: 'Contributor',
      subscription_id: '8f153238-e602-427e-a7c0-3043fbe50918',
    });
    expect(Number(await ws.scalar('SELECT count(*) FROM signins'))).toBe(0);
    expect(Number(await ws.scalar('SELECT count(*) FROM audits'))).toBe(0);
  });

  it('raises the elevate-access alert from the Activity log, whatever the case of the operation name', async () => {
    const engine = DetectionEngine.load([builtinRulesDir()]);
    const rule = engine.compiled.find((c) => ruleId(c.rule) === '3b8e1f4a-6c2d-4e9a-8f71-2d5c0a9b7e13')?.rule;
    expect(rule).toBeDefined();
    const run = await engine.runOnly(ws, rule ? [rule] : []);
    // The diagnostic record (MICROSOFT.AUTHORIZATION/ELEVATEACCESS/ACTION) and the REST event of the same call.
    const evidence = run.new.flatMap((a) => a.evidence.map((e) => e.table));
    expect(evidence).toEqual(['azure_activity', 'azure_activity']);
    expect(run.new.flatMap((a) => a.entities.users)).toContain('j.tan@contoso-demo.com');
  });
});

describe('Owner or User Access Administrator assigned at a broad scope, in the real record shapes', () => {
  let ws: Workspace;
  let cleanup: () => void;
  beforeAll(async () => ({ ws, cleanup } = await tempWorkspace()));
  afterAll(() => cleanup());

  it('alerts once per request at root, management group and subscription scope, never on the look-alikes', async () => {
    const dir = (name: string) => fixture(join('azure-role-assignments', name));
    const s = await importPaths(ws, [dir('diag-PT1H.json'), dir('la-AzureActivity.json'), dir('rest.json')]);
    expect(s.files.map((f) => [f.shape, f.read, f.loaded, f.rejected])).toEqual([
      ['azure-diagnostic', 4, 4, 0],
      ['log-analytics-json', 2, 2, 0],
      ['azure-activity-json', 2, 2, 0],
    ]);
    // The diagnostic record's request body is kept (the rule reads the role from it).
    const start = await ws.one(
      "SELECT properties FROM azure_activity WHERE source_shape = 'azure-diagnostic' AND status = 'Start' AND scope LIKE '%ra101'",
    );
    expect(String(start?.properties)).toContain('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    const engine = DetectionEngine.load([builtinRulesDir()]);
    const rules = engine.compiled
      .map((c) => c.rule)
      .filter((r) => r.meta.name?.startsWith('azure-owner-assigned-broad-scope') ?? false);
    expect(rules).toHaveLength(1);
    const run = await engine.runOnly(ws, rules);
    const scopes = await Promise.all(
      run.new.map(async (a) => {
        const uids = a.evidence.map((e) => e.uid);
        const rows = await ws.all<{ scope: string }>(
          `SELECT DISTINCT scope FROM azure_activity WHERE list_contains($1::VARCHAR[], uid)`,
          [`[${uids.map((u) => `'${u}'`).join(',')}]`],
        );
        return [rows.map((r) => r.scope.replace(/^.*roleAssignments\//, '')).join(), a.evidence.length];
      }),
    );
    expect(scopes.sort()).toEqual([
      ['0b1c2d3e-0000-4000-8000-0000000ra101', 2],
      ['0b1c2d3e-0000-4000-8000-0000000ra103', 1],
      ['0b1c2d3e-0000-4000-8000-0000000ra105', 1],
    ]);
    expect(run.new.every((a) => a.severity === 'high' && a.entities.users.includes('j.tan@contoso-demo.com'))).toBe(
      true,
    );
  });
});
