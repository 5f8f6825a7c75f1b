/**
 * auth-methods-external-added on whole records as Microsoft writes them: Graph directoryAudit objects (a page of
 * /auditLogs/directoryAudits) and the diagnostic setting's AuditLogs records (PT1H.json). The audit record holds
 * the whole authentication methods policy before and after the update; only an update whose new policy holds an
 * external method the old one did not is an addition. Its removal, and other changes while one stays, are not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRules } from '../compile/compile.js';
import { importPaths } from '../ingest/import-files.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { Workspace } from '../store/workspace.js';
import { listAlerts } from './list-alerts.js';
import { runDetection } from './run.js';

const RULE = 'auth-methods-external-added';
const loaded = loadRules(builtinRulesDir());
const { compiled } = compileRules(loaded.rules, new PipelineSet(loadPipelines(builtinPipelinesDir())), {
  only: (r) => r.meta.name === RULE,
});

const SMS = { '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', id: 'Sms', state: 'enabled' };
const fido2 = (enforced: boolean) => ({
  '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
  id: 'Fido2',
  state: 'enabled',
  isAttestationEnforced: enforced,
});
const EXTERNAL = {
  '@odata.type': '#microsoft.graph.externalAuthenticationMethodConfiguration',
  id: 'b2c1e7d4-0000-4000-8000-00000000e001',
  displayName: 'Contoso Partner MFA',
  state: 'enabled',
  appId: '6d2f1a9e-0000-4000-8000-00000000e0a1',
  openIdConnectSetting: {
    clientId: '0b7e4c2a-0000-4000-8000-00000000e0c1',
    discoveryUrl: 'https://mfa.example.net/.well-known/openid-configuration',
  },
  includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
};
const policy = (methods: unknown[]) =>
  JSON.stringify({
    id: 'authenticationMethodsPolicy',
    displayName: 'Authentication Methods Policy',
    policyVersion: '1.5',
    authenticationMethodConfigurations: methods,
  });

/** A Graph directoryAudit of an authentication methods policy update. */
function directoryAudit(id: string, at: string, before: unknown[], after: unknown[]) {
  return {
    id,
    category: 'Policy',
    correlationId: `${id.slice(-12)}-0000-4000-8000-000000000000`,
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Authentication Methods Policy Update',
    activityDateTime: at,
    loggedByService: 'Authentication Methods',
    operationType: 'Update',
    initiatedBy: {
      app: null,
      user: {
        id: 'd7c5a0f1-6b8e-4f1e-9a43-0c2b5e7f8a01',
        displayName: null,
        userPrincipalName: 'admin@contoso-demo.com',
        ipAddress: '203.0.113.7',
        userType: null,
        homeTenantId: null,
        homeTenantName: null,
      },
    },
    targetResources: [
      {
        id: 'authenticationMethodsPolicy',
        displayName: 'Authentication Methods Policy',
        type: 'Policy',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [
          { displayName: 'AuthenticationMethodsPolicy', oldValue: policy(before), newValue: policy(after) },
        ],
      },
    ],
    additionalDetails: [],
  };
}

/** The same event as the diagnostic setting streams it (category AuditLogs, the Graph object under properties). */
function diagnostic(audit: ReturnType<typeof directoryAudit>) {
  return {
    time: audit.activityDateTime,
    resourceId: '/tenants/7f3e0a11-0000-4000-8000-000000000001/providers/Microsoft.aadiam',
    operationName: audit.activityDisplayName,
    operationVersion: '1.0',
    category: 'AuditLogs',
    tenantId: '7f3e0a11-0000-4000-8000-000000000001',
    resultSignature: 'None',
    durationMs: 0,
    callerIpAddress: '203.0.113.7',
    correlationId: audit.correlationId,
    Level: 4,
    properties: audit,
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe(RULE, () => {
  it('alerts on the addition of an external method, not on its removal or on changes while it stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'premortem-eam-'));
    dirs.push(dir);
    const added = directoryAudit(
      'Policy_a1_added',
      '2025-09-26T10:00:00.1234567Z',
      [SMS, fido2(true)],
      [SMS, fido2(true), EXTERNAL],
    );
    const changed = directoryAudit(
      'Policy_a1_changed',
      '2025-09-27T10:00:00.1234567Z',
      [SMS, fido2(true), EXTERNAL],
      [SMS, fido2(false), EXTERNAL],
    );
    const removed = directoryAudit(
      'Policy_a1_removed',
      '2025-09-28T10:00:00.1234567Z',
      [SMS, fido2(false), EXTERNAL],
      [SMS, fido2(false)],
    );
    const readded = directoryAudit(
      'Policy_a1_readded',
      '2025-09-29T10:00:00.1234567Z',
      [SMS, fido2(false)],
      [SMS, fido2(false), EXTERNAL],
    );
    const reremoved = directoryAudit(
      'Policy_a1_reremoved',
      '2025-09-30T10:00:00.1234567Z',
      [SMS, fido2(false), EXTERNAL],
      [SMS, fido2(false)],
    );
    const graph = join(dir, 'directoryAudits');
    const diag = join(dir, 'diagnostic');
    for (const d of [graph, diag]) mkdirSync(d);
    writeFileSync(
      join(graph, 'page-0001.json'),
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits',
        value: [added, changed, removed],
      }),
    );
    writeFileSync(
      join(diag, 'PT1H.json'),
      `${[readded, reremoved].map((a) => JSON.stringify(diagnostic(a))).join('\n')}\n`,
    );
    const ws = await Workspace.open(join(dir, 'ws'));
    try {
      const imported = await importPaths(ws, [graph, diag]);
      expect(imported.files.map((f) => [f.loaded, f.rejected])).toEqual([
        [3, 0],
        [2, 0],
      ]);
      const run = await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
      expect(run.errors).toEqual([]);
      const alerts = await listAlerts(ws, undefined, { members: true });
      expect(alerts.flatMap((a) => a.evidence.map((e) => e.source_id)).sort()).toEqual([added.id, readded.id]);
      expect(alerts.every((a) => a.severity === 'high')).toBe(true);
    } finally {
      ws.close();
    }
  }, 120_000);
});
