/**
 * The demo tenant end to end, in process: simulate seed 1 with every scenario, write the Graph pages and the
 * configuration snapshot as `premortem simulate --out` does, import the folder, then assess, except, monitor and
 * weigh the rollout. One workspace for the whole file: the import is the slow part.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedSimulation } from '../../test/simulated-workspace.js';
import { md } from '../core/escape.js';
import { runRuleFiles } from '../detect/engine.js';
import {
  configSnapshot,
  type MfaExceptionTruth,
  type Simulation,
  type SprayBackdoorTruth,
  simulate,
  truthOf,
  writeConfigSnapshot,
} from '../simulate/index.js';
import { readSnapshotFolder } from '../snapshot/config-snapshot.js';
import { Workspace } from '../store/workspace.js';
import { assess } from './assess.js';
import { loadBaseline } from './baseline.js';
import { CheckContext } from './checks/context.js';
import { compensatingRules, generatedRulesDir, writeGeneratedRules } from './compensating.js';
import { drift } from './drift.js';
import { addException, readRegister, registerPath } from './exceptions/register.js';
import { execReport } from './execs.js';
import { rolloutImpact } from './impact.js';
import type { CheckResult } from './model.js';
import { renderAssessmentMarkdown, renderAssessmentText } from './render-assessment.js';

let root: string;
let ws: Workspace;
let sim: Simulation;
let story: MfaExceptionTruth;
let backdoor: SprayBackdoorTruth;
let configDir: string;
const NOW = new Date('2025-10-03T00:00:00Z');

beforeAll(async () => {
  // What simulate({ seed: 1 }) and its snapshot write, imported (built once per test run: test/simulated-workspace.ts).
  sim = simulate({ seed: 1 });
  const demo = await importedSimulation({ seed: 1, scenario: 'all', config: true });
  root = demo.dir;
  configDir = join(demo.tenantDir, 'config');
  ws = await Workspace.open(demo.wsDir);
  const s = truthOf(sim.groundTruth.scenarios, 'mfa-exception');
  const b = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
  if (!s || !b) throw new Error('both scenarios must run under --scenario all');
  story = s;
  backdoor = b;
});

afterAll(() => {
  ws?.close();
  rmSync(root, { recursive: true, force: true });
});

const byId = (results: readonly CheckResult[]) => new Map(results.map((r) => [r.id, r]));

describe('the demo tenant as imported', () => {
  it('imports every sign-in and audit and rejects nothing: the config folder is not mistaken for logs', async () => {
    expect(await ws.count('signins')).toBe(sim.signIns.length);
    expect(await ws.count('audits')).toBe(sim.directoryAudits.length);
    expect(await ws.count('rejects')).toBe(0);
  });
});

describe('the demo snapshot shows seed 000 and seed 003', () => {
  it('finds the executive excluded from the MFA policy with no exception, naming the policy', () => {
    const results = byId(assess(readSnapshotFolder(configDir), loadBaseline(), [], { now: NOW }).results);
    for (const id of ['PM-001', 'PM-003']) {
      const r = results.get(id);
      expect(r?.status, id).toBe('fail');
      expect(r?.evidence, id).toContainEqual(
        expect.objectContaining({
          subject: expect.objectContaining({ id: story.executive.id, name: 'Jonathan Tan' }),
          policy: { id: story.policies.mfaAll, displayName: 'Require MFA for all users' },
          accepted: false,
        }),
      );
    }
    // The rollback also narrowed the policy to modern clients so the EAS phones would sync: that is no MFA for all.
    expect(results.get('PM-001')?.evidence[0]?.message).toContain(
      'client apps: only browser, mobileAppsAndDesktopClients',
    );
    expect(results.get('PM-011')?.evidence[0]?.message).toContain('enabledForReportingButNotEnforced');
  });

  it('finds the permanent Global Administrator on Octiga Cloud Security', () => {
    const results = byId(assess(readSnapshotFolder(configDir), loadBaseline(), [], { now: NOW }).results);
    for (const id of ['PM-019', 'PM-020', 'PM-021']) {
      expect(results.get(id)?.evidence, id).toContainEqual(
        expect.objectContaining({
          subject: expect.objectContaining({
            type: 'servicePrincipal',
            id: backdoor.backdoor.servicePrincipalId,
            name: 'Octiga Cloud Security',
          }),
        }),
      );
    }
  });

  it('names the backdoor by object id and app id, the role by its id, and the backdoor secret by its keyId', () => {
    const results = byId(assess(readSnapshotFolder(configDir), loadBaseline(), [], { now: NOW }).results);
    const sp = {
      type: 'service_principal',
      id: backdoor.backdoor.servicePrincipalId,
      name: 'Octiga Cloud Security',
      app_id: backdoor.backdoor.appId,
    };
    for (const id of ['PM-019', 'PM-021']) {
      const finding = results.get(id)?.evidence.find((e) => e.subject?.id === backdoor.backdoor.servicePrincipalId);
      expect(finding?.objects, id).toEqual(
        expect.arrayContaining([
          sp,
          { type: 'role', id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
        ]),
      );
    }
    const octiga = JSON.parse(readFileSync(join(configDir, 'servicePrincipals.json'), 'utf8')).value.find(
      (s: { id: string }) => s.id === backdoor.backdoor.servicePrincipalId,
    );
    const keyId: string = octiga.passwordCredentials[0].keyId;
    const secret = results
      .get('PM-025')
      ?.evidence.find((e) => e.subject?.id === backdoor.backdoor.servicePrincipalId && /over 180/.test(e.message));
    expect(secret?.objects).toEqual(
      expect.arrayContaining([sp, expect.objectContaining({ type: 'credential', id: keyId, key_id: keyId })]),
    ); // And as shown: each finding's line names the service principal by object id and app id, the secret by keyId.
    const assessment = assess(readSnapshotFolder(configDir), loadBaseline(), [], { now: NOW });
    const ids = `Octiga Cloud Security (service_principal: id ${sp.id}, app id ${sp.app_id})`.replace('_', ' ');
    const markdown = renderAssessmentMarkdown(assessment, []).split('\n');
    const section = (id: string) => {
      const from = markdown.findIndex((l) => l.startsWith(`### ${id} `));
      const to = markdown.findIndex((l, i) => i > from && l.startsWith('### '));
      return markdown.slice(from, to).join('\n');
    };
    for (const id of ['PM-019', 'PM-021']) expect(section(id), id).toContain(md(ids));
    expect(section('PM-025')).toMatch(new RegExp(`keyId ${keyId}`));
    expect(renderAssessmentText(assessment, [], (x) => x)).toContain(ids);
  });

  it('has neither before the rollback and the takeover (the earlier snapshot of the drift demo)', () => {
    const before = join(root, 'before');
    writeConfigSnapshot(before, configSnapshot(sim, 'before-rollback'));
    const results = byId(assess(readSnapshotFolder(before), loadBaseline(), [], { now: NOW }).results);
    expect(results.get('PM-003')?.status).toBe('pass');
    expect(results.get('PM-021')?.status).toBe('pass');
  });
});

describe('exceptions on the demo tenant', () => {
  const control = () => `ca-exclusion:${story.policies.mfaAll}`;
  const entry = {
    subjects: { users: ['j.tan@contoso-demo.com'], groups: [], service_principals: [], apps: [], other: [] },
    reason: 'InvoiceFlow Mobile cannot do modern authentication; vendor fix promised for October',
    owner: 'finance-it@contoso-demo.com',
    compensating_controls: ['alert on every sign-in without MFA', 'sign-ins only from the Singapore office'],
    allowed_ips: ['192.0.2.10/32', '192.0.2.11/32', '192.0.2.12/32'],
  };

  it('makes the exclusion accepted risk while approved and unexpired, and a failure once expired or unapproved', () => {
    const file = join(root, 'exceptions-states.yaml');
    addException(file, {
      ...entry,
      control: control(),
      approver: 'ciso@contoso-demo.com',
      days: 30,
      now: new Date('2025-09-10T00:00:00Z'),
    });
    const register = readRegister(file);
    const status = (now: Date, reg = register) =>
      byId(assess(readSnapshotFolder(configDir), loadBaseline(), reg, { now }).results).get('PM-003');
    const valid = status(new Date('2025-10-01T00:00:00Z'));
    expect(valid?.status).toBe('accepted-risk');
    expect(valid?.evidence[0]?.exception).toMatchObject({ id: 'EXC-001', state: 'valid' });
    const expired = status(new Date('2025-10-11T00:00:00Z'));
    expect(expired?.status).toBe('fail');
    expect(expired?.evidence[0]?.message).toMatch(/exception EXC-001 expired 2025-10-10T23:59:59Z/);
    const unapproved = register.map(({ approver: _a, ...e }) => e);
    expect(status(new Date('2025-10-01T00:00:00Z'), unapproved)?.evidence[0]?.message).toMatch(
      /EXC-001 never approved/,
    );
  });

  it('generates compensating detections that fire on the executive’s demo sign-ins at raised severity', async () => {
    const file = registerPath(ws.dir);
    addException(file, {
      ...entry,
      control: control(),
      approver: 'ciso@contoso-demo.com',
      days: 30,
      now: new Date('2025-09-10T00:00:00Z'),
    });
    const files = writeGeneratedRules(generatedRulesDir(ws.dir), compensatingRules(readRegister(file), NOW));
    const result = await runRuleFiles(ws, files, NOW);
    expect(result.skipped).toEqual([]);
    expect(result.files.map((f) => f.split('/').pop())).toEqual([
      'exception-exc-001-no-mfa.yml',
      'exception-exc-001-legacy-auth.yml',
      'exception-exc-001-outside-locations.yml',
    ]);
    const alerts = [...(result.detection?.new ?? [])];
    const byRule = (name: string) => alerts.filter((a) => a.title.startsWith(name));
    const legacy = byRule('Excepted identity used legacy authentication');
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy[0]?.severity).toBe('critical');
    for (const a of alerts) expect(a.entities.users).toEqual(['j.tan@contoso-demo.com']);
    // The attacker's SMTP AUTH success of seed 003 is among them: the account the exception excused was the way in.
    const evidence = new Set(legacy.flatMap((a) => a.evidence.map((e) => e.source_id)));
    expect(evidence.has(backdoor.signInIds.legacySuccess)).toBe(true);
    expect(byRule('Excepted identity signed in without MFA')[0]?.severity).toBe('high');
    expect(byRule('Excepted identity signed in from outside its stated locations').length).toBeGreaterThan(0);
  });
});

describe('premortem impact on the demo tenant', () => {
  it('names the invoicing app, its four users and their phones before block-legacy-auth is enforced', async () => {
    const report = await rolloutImpact(ws, 'block-legacy-auth', 30);
    const invoicing = report.groups.find((g) => g.app === 'InvoiceFlow Mobile');
    expect(invoicing).toMatchObject({ clientApp: 'Exchange ActiveSync', outcome: 'blocked' });
    expect(invoicing?.users.map((u) => u.upn).sort()).toEqual(story.phones.map((p) => p.userPrincipalName).sort());
    expect(invoicing?.devices.map((d) => d.id).sort()).toEqual(story.phones.map((p) => p.deviceId).sort());
    expect(invoicing?.devices.map((d) => d.name)).toContain("Jonathan's iPhone");
    expect(report.reportOnly).toContainEqual(
      expect.objectContaining({ policy: 'Block legacy authentication', result: 'reportOnlyFailure', users: 4 }),
    );
  });

  it('shows the invoicing phones as blocked, not challenged, under mfa-all', async () => {
    const report = await rolloutImpact(ws, 'mfa-all', 30);
    const invoicing = report.groups.find((g) => g.app === 'InvoiceFlow Mobile');
    expect(invoicing?.outcome).toBe('blocked');
    expect(report.groups.some((g) => g.outcome === 'challenged' && g.clientApp === 'Browser')).toBe(true);
  });
});

describe('drift and the one rule for execs', () => {
  it('names who narrowed the MFA policy and excluded the executive, and who made Octiga a Global Administrator', async () => {
    const beforeDir = join(root, 'drift-before');
    writeConfigSnapshot(beforeDir, configSnapshot(sim, 'before-rollback'));
    const before = readSnapshotFolder(beforeDir);
    const after = readSnapshotFolder(configDir);
    const checks = loadBaseline();
    const d = await drift(
      ws,
      before,
      after,
      assess(before, checks, [], { now: NOW }),
      assess(after, checks, [], { now: NOW }),
    );
    expect(d.posture).toContainEqual(expect.objectContaining({ id: 'PM-003', from: 'pass', to: 'fail' }));
    expect(d.posture).toContainEqual(expect.objectContaining({ id: 'PM-021', from: 'pass', to: 'fail' }));
    const policy = d.objects.find((o) => o.id === story.policies.mfaAll);
    expect(policy?.change).toBe('changed');
    expect(policy?.details.join('\n')).toContain(`conditions.users.excludeUsers: `);
    expect(policy?.details.join('\n')).toContain(story.executive.id);
    expect(policy?.madeBy).toEqual([
      expect.objectContaining({
        activity: 'Update conditional access policy',
        by: story.changedBy.userPrincipalName,
        ip: story.changedBy.ipAddress,
        sourceId: story.auditIds.rolledBack,
      }),
    ]);
    const assignment = d.objects.find((o) => o.resource === 'roleAssignments' && o.change === 'added');
    expect(assignment?.madeBy.map((m) => m.sourceId)).toContain(backdoor.auditIds.roleAssignment);
    expect(assignment?.madeBy.find((m) => m.sourceId === backdoor.auditIds.roleAssignment)?.by).toBe(
      'j.tan@contoso-demo.com',
    );
  });

  it('ranks the executive first: excluded from MFA, a permanent privileged role, no MFA method', () => {
    const ctx = new CheckContext(readSnapshotFolder(configDir), NOW);
    const report = execReport(ctx);
    expect(report[0]?.upn).toBe('j.tan@contoso-demo.com');
    expect(report[0]?.gaps.map((g) => g.kind).sort()).toEqual(['excluded-from-mfa', 'no-mfa-method', 'permanent-role']);
    // The IT admins hold eligible roles but get every control members get: they are not on the list.
    expect(report.map((e) => e.upn)).not.toContain(sim.tenant.admins[0]?.user.userPrincipalName);
  });
});
