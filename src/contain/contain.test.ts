import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildIncidents } from '../investigate/incidents.js';
import { VirtualClock } from '../sources/graph/clock.js';
import { GraphClient } from '../sources/graph/http.js';
import { tokenClaims } from '../sources/graph/token-claims.js';
import { Workspace } from '../store/workspace.js';
import { executePlan, undoAction } from './execute.js';
import type { ContainmentPlan } from './model.js';
import { buildContainmentPlan } from './plan.js';
import { readTrail } from './trail.js';

let demo: Seed003;
let plan: ContainmentPlan;

beforeAll(async () => {
  demo = await seed003Workspace(1, undefined, { config: true });
  const seed = (await buildIncidents(demo.ws)).find((i) =>
    i.actors.service_principals.includes(demo.truth.backdoor.displayName),
  );
  if (!seed) throw new Error('the seed-003 incident is missing');
  plan = await buildContainmentPlan(demo.ws, seed.id);
  // Building the seed-003 workspace takes minutes on a loaded machine.
}, 1_500_000);
afterAll(() => demo?.cleanup());

describe('the containment plan of the seed-003 incident', () => {
  it('has exactly the actions the evidence supports, by id', () => {
    const t = demo.truth;
    const sp = t.backdoor.servicePrincipalId;
    const jtan = t.compromisedUser.id;
    // k.toh read mail over ActiveSync from the attacker's address after the service principal reset its password;
    // a.nair, a.yeo and r.nguyen had their passwords reset by it (ids from the simulated directory, seed 1).
    const ktoh = '965d99bb-1e6c-4690-9f7d-348db7d8ac91';
    const reset = [
      '5d8d42af-a0b7-40b8-86a7-9f1af9122f09',
      'd0864f3a-0726-487d-84f7-c29ff3123843',
      'e9f6dd56-1bc4-4c3a-8ae1-410ad26b3135',
    ];
    expect(plan.actions.map((a) => a.id).sort()).toEqual(
      [
        'remove-credential:c5a0c339-0f34-416e-8f37-a6115640f08c',
        `disable-service-principal:${sp}`,
        'remove-role-assignment:1xojy1wi9YC2Y6Cgu_byeUyDYFMlptYQ3wkL5MzLe_Y-1',
        `remove-role-eligibility:${sp}:${t.backdoor.roleTemplateId}`,
        `disable-user:${jtan}`,
        `disable-user:${ktoh}`,
        ...[jtan, ktoh, ...reset].flatMap((u) => [`revoke-sessions:${u}`, `force-password-change:${u}`]),
        `create-blocked-location:${plan.incident}`,
        `create-block-policy:${plan.incident}`,
        'enable-policy:8e2a4b6c-1d3f-4a5e-8b7c-9d0e1f2a3b45',
      ].sort(),
    );
    expect(plan.notes).toEqual([]);
  });

  it('removes the Global Administrator assignment of the backdoor by its assignment id, citing the audit record', () => {
    const role = plan.actions.find((a) => a.kind === 'remove-role-assignment');
    expect(role?.request).toEqual({
      method: 'DELETE',
      path: '/v1.0/roleManagement/directory/roleAssignments/1xojy1wi9YC2Y6Cgu_byeUyDYFMlptYQ3wkL5MzLe_Y-1',
    });
    expect(role?.params).toMatchObject({
      principal_id: demo.truth.backdoor.servicePrincipalId,
      role_id: demo.truth.backdoor.roleTemplateId,
    });
    expect(role?.evidence).toEqual([demo.truth.auditIds.roleAssignment]);
    expect(role?.permission).toBe('RoleManagement.ReadWrite.Directory');
  });

  it("removes the backdoor's PIM eligibility for Global Administrator with an adminRemove request", () => {
    const el = plan.actions.find((a) => a.kind === 'remove-role-eligibility');
    expect(el?.request).toEqual({
      method: 'POST',
      path: '/v1.0/roleManagement/directory/roleEligibilityScheduleRequests',
      body: {
        action: 'adminRemove',
        principalId: demo.truth.backdoor.servicePrincipalId,
        roleDefinitionId: demo.truth.backdoor.roleTemplateId,
        directoryScopeId: '/',
        justification: `premortem containment of ${plan.incident}`,
      },
    });
    expect(el?.evidence).toEqual([demo.truth.auditIds.roleAssignment]);
    expect(el?.permission).toBe('RoleEligibilitySchedule.ReadWrite.Directory');
    expect(el?.undoable).toBe(false);
  });

  it('removes the added secret by keyId on the service principal and cites the credential record', () => {
    const cred = plan.actions.find((a) => a.kind === 'remove-credential');
    expect(cred?.request).toEqual({
      method: 'POST',
      path: `/v1.0/servicePrincipals/${demo.truth.backdoor.servicePrincipalId}/removePassword`,
      body: { keyId: 'c5a0c339-0f34-416e-8f37-a6115640f08c' },
    });
    expect(cred?.evidence).toEqual([demo.truth.auditIds.credentialAdded]);
  });

  it('blocks exactly the attacker addresses, and names ids only in URLs', () => {
    const loc = plan.actions.find((a) => a.kind === 'create-blocked-location');
    expect(loc?.params.ranges).toEqual([...demo.truth.attackerIps].sort().map((ip) => `${ip}/32`));
    for (const a of plan.actions) {
      expect(a.request.path).not.toMatch(/Octiga|@|\s/);
      expect(a.evidence.length).toBeGreaterThan(0);
    }
    const legacy = plan.actions.find((a) => a.kind === 'enable-policy');
    expect(legacy?.evidence).toContain(demo.truth.signInIds.legacySuccess);
    expect(legacy?.reason).toMatch(/would have blocked \d+ sign-ins by \d+ users/);
  });

  it('prints the same plan as a dry run through the command line, exit 0, with --json', async () => {
    demo.ws.close();
    const run = await runPremortem(['--workspace', demo.wsDir, '--json', 'contain', '--incident', plan.incident]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { mode: string; plan: ContainmentPlan };
    expect(out.mode).toBe('dry-run');
    expect(out.plan.actions.map((a) => a.id)).toEqual(plan.actions.map((a) => a.id));
    const missing = await runPremortem(['--workspace', demo.wsDir, 'contain', '--incident', 'inc-0000000000']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no incident inc-0000000000/);
  });
});

describe('carrying the plan out against the Graph test server', () => {
  let server: GraphTestServer;
  let client: (token: string) => GraphClient;
  const lists = () => server.data.config.lists;
  const user = (id: string) => lists().users?.find((u) => u.id === id);
  const sp = () => lists().servicePrincipals?.find((s) => s.id === demo.truth.backdoor.servicePrincipalId);

  beforeAll(async () => {
    server = await startGraphServer();
    const resources = demo.config?.resources ?? {};
    for (const [name, body] of Object.entries(resources)) {
      const value = (body as { value?: unknown }).value;
      if (Array.isArray(value)) server.data.config.lists[name] = structuredClone(value) as Record<string, unknown>[];
    }
    const clock = new VirtualClock();
    client = (token) =>
      new GraphClient({ graphUrl: server.graphUrl, tokens: { kind: 'token', getToken: async () => token }, clock });
  });
  afterAll(() => server?.close());

  const run = async (token: string) => {
    const ws = await Workspace.open(demo.wsDir);
    try {
      return await executePlan(ws, plan, {
        client: client(token),
        approvedBy: 'alice',
        ...(tokenClaims(token)?.roles.length ? { roles: tokenClaims(token)?.roles ?? [] } : {}),
      });
    } finally {
      ws.close();
    }
  };

  it('without write permissions names each missing permission and sends nothing', async () => {
    const r = await run(server.tokens.issue(server.app.clientId));
    expect(r.done).toEqual([]);
    expect(r.left).toEqual(plan.actions.map((a) => a.id));
    expect(new Set(r.missing_permissions.map((m) => m.permission))).toEqual(
      new Set([
        'Application.ReadWrite.All',
        'RoleManagement.ReadWrite.Directory',
        'RoleEligibilitySchedule.ReadWrite.Directory',
        'User.EnableDisableAccount.All',
        'User.RevokeSessions.All',
        'User-PasswordProfile.ReadWrite.All',
        'Policy.ReadWrite.ConditionalAccess',
      ]),
    );
    expect(server.writes.writes).toEqual([]);
  });

  it('stops at a failure half-way through, throttled on the way, with what is done and what is left', async () => {
    server.writes.failing = /\/revokeSignInSessions$/;
    server.faults.set({
      rates: { throttle: 0.3 },
      retryAfterSeconds: 2,
      maxConsecutive: 2,
      seed: 3,
      paths: /^\/v1\.0\/(users|servicePrincipals|roleManagement)\//,
    });
    const r = await run(server.tokens.issue(server.containAppId));
    server.writes.failing = undefined;
    server.faults.set({});
    expect(server.writes.writes.some((w) => w.status === 429)).toBe(true);
    const firstRevoke = plan.actions.findIndex((a) => a.kind === 'revoke-sessions');
    expect(r.done).toEqual(plan.actions.slice(0, firstRevoke).map((a) => a.id));
    expect(r.failed.map((f) => f.id)).toEqual([plan.actions[firstRevoke]?.id]);
    expect(r.left).toEqual(plan.actions.slice(firstRevoke + 1).map((a) => a.id));
    expect(sp()?.accountEnabled).toBe(false);
    expect(user(demo.truth.compromisedUser.id)?.accountEnabled).toBe(false);
    expect(user(demo.truth.compromisedUser.id)?.signInSessionsValidFromDateTime).toBeUndefined();
  });

  it('a rerun completes the rest and leaves the tenant contained; a third run changes nothing', async () => {
    const token = server.tokens.issue(server.containAppId);
    const r = await run(token);
    const firstRevoke = plan.actions.findIndex((a) => a.kind === 'revoke-sessions');
    expect(r.already).toEqual(plan.actions.slice(0, firstRevoke).map((a) => a.id));
    expect(r.done).toEqual(plan.actions.slice(firstRevoke).map((a) => a.id));
    expect(r.failed).toEqual([]);

    const t = demo.truth;
    expect(sp()?.accountEnabled).toBe(false);
    expect((sp()?.passwordCredentials as unknown[]).length).toBe(0);
    expect(lists().roleAssignments?.some((a) => a.principalId === t.backdoor.servicePrincipalId)).toBe(false);
    expect(lists().roleEligibilitySchedules?.some((a) => a.principalId === t.backdoor.servicePrincipalId)).toBe(false);
    for (const a of plan.actions.filter((x) => x.kind === 'disable-user'))
      expect(user(String(a.params.user_id))?.accountEnabled).toBe(false);
    for (const a of plan.actions.filter((x) => x.kind === 'force-password-change'))
      expect(user(String(a.params.user_id))?.passwordProfile).toMatchObject({ forceChangePasswordNextSignIn: true });
    for (const a of plan.actions.filter((x) => x.kind === 'revoke-sessions'))
      expect(user(String(a.params.user_id))?.signInSessionsValidFromDateTime).toEqual(expect.any(String));
    const policies = lists().conditionalAccessPolicies ?? [];
    expect(policies.find((p) => p.id === '8e2a4b6c-1d3f-4a5e-8b7c-9d0e1f2a3b45')?.state).toBe('enabled');
    const location = lists().namedLocations?.find((l) => String(l.displayName).startsWith('premortem'));
    expect((location?.ipRanges as { cidrAddress: string }[]).map((x) => x.cidrAddress).sort()).toEqual(
      [...t.attackerIps].sort().map((ip) => `${ip}/32`),
    );
    const block = policies.find((p) => String(p.displayName).startsWith('premortem'));
    expect(block?.state).toBe('enabled');
    expect(block?.conditions).toMatchObject({ locations: { includeLocations: [location?.id] } });

    const writes = server.writes.writes.length;
    const again = await run(token);
    expect(again.already).toEqual(plan.actions.map((a) => a.id));
    expect(again.done).toEqual([]);
    expect(server.writes.writes.length).toBe(writes);
  });

  it('undoes a disable (re-enabled, read back) and refuses to undo what Graph cannot restore', async () => {
    const token = server.tokens.issue(server.containAppId);
    const ws = await Workspace.open(demo.wsDir);
    try {
      const jtan = demo.truth.compromisedUser.id;
      const u = await undoAction(ws, `disable-user:${jtan}`, { client: client(token), approvedBy: 'bob' });
      expect(u.verified).toBe(true);
      expect(user(jtan)?.accountEnabled).toBe(true);
      await expect(
        undoAction(ws, 'remove-credential:c5a0c339-0f34-416e-8f37-a6115640f08c', {
          client: client(token),
          approvedBy: 'bob',
        }),
      ).rejects.toThrow(/cannot undo remove-credential/);
      const trail = await readTrail(ws, plan.incident);
      expect(trail.at(-1)).toMatchObject({
        action_id: `disable-user:${jtan}`,
        step: 'undo',
        outcome: 'undone',
        approved_by: 'bob',
      });
      expect(trail.filter((e) => e.outcome === 'done').every((e) => e.request_id && e.status !== null)).toBe(true);
      expect(JSON.stringify(trail)).not.toContain(token);
    } finally {
      ws.close();
    }
  });

  it('runs through the command line with a token given for the run: the undone disable is done again, exit 0', async () => {
    const token = server.tokens.issue(server.containAppId);
    const env = { PREMORTEM_CONTAIN_TOKEN: token, PREMORTEM_GRAPH_URL: server.graphUrl };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const r = await runPremortem([
        '--workspace',
        demo.wsDir,
        '--json',
        'contain',
        '--incident',
        plan.incident,
        '--execute',
        '--approved-by',
        'carol',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { result: { done: string[]; already: string[] } };
      expect(out.result.done).toEqual([`disable-user:${demo.truth.compromisedUser.id}`]);
      expect(r.stdout).not.toContain(token);
      process.env.PREMORTEM_CONTAIN_TOKEN = server.tokens.issue(server.app.clientId);
      const refused = await runPremortem([
        '--workspace',
        demo.wsDir,
        'contain',
        '--incident',
        plan.incident,
        '--execute',
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(
        /NOT PERMITTED\s+remove-role-assignment:\S+: the token lacks RoleManagement.ReadWrite.Directory/,
      );
    } finally {
      process.env = saved;
    }
  });

  it("gives the incident report a Response section from the trail: who approved, what was sent, Graph's answer", async () => {
    const r = await runPremortem(['--workspace', demo.wsDir, 'report', '--incident', plan.incident, '--format', 'md']);
    expect(r.code).toBe(0);
    // Markdown escapes _ and parentheses of the names and ids; the facts are read without the backslashes.
    const section = r.stdout.slice(r.stdout.indexOf('### Actions taken (premortem contain)')).replaceAll('\\', '');
    expect(section).toMatch(
      /\| done \| alice \| DELETE \/v1\.0\/roleManagement\/directory\/roleAssignments\/1xojy1wi9YC2Y6Cgu_byeUyDYFMlptYQ3wkL5MzLe_Y-1 \| 204 request-id [0-9a-f-]{36} \|/,
    );
    expect(section).toMatch(
      /undo disable-user:\S+<br>Jonathan Tan \(bbc8834f-b6b0-4441-bdf9-582193529d3b\) \| undone \| bob/,
    );
    expect(section).toMatch(/refused: missing permission User\.EnableDisableAccount\.All/);
  });

  it("reaches Graph's own 403: a permission the token holds but a directory role the app lacks, named, nothing half-done", async () => {
    // The attacker (or anyone) clears a forced password change again; the app has lost its User Administrator role.
    const target = plan.actions.find((a) => a.kind === 'force-password-change');
    const victim = user(String(target?.params.user_id));
    if (!target || !victim) throw new Error('no force-password-change action in the seed-003 plan');
    victim.passwordProfile = { forceChangePasswordNextSignIn: false };
    server.writes.directoryRoles.set(server.containAppId, []);
    const token = server.tokens.issue(server.containAppId);
    const before = server.writes.writes.length;
    const r = await run(token);
    const i = plan.actions.indexOf(target);
    expect(r.done).toEqual([]);
    expect(r.already).toEqual(plan.actions.slice(0, i).map((a) => a.id));
    expect(r.failed.map((f) => f.id)).toEqual([target.id]);
    expect(r.missing_permissions).toEqual([
      {
        id: target.id,
        permission: 'User-PasswordProfile.ReadWrite.All',
        directory_role: "User Administrator (Privileged Authentication Administrator for an administrator's account)",
        refused_by_graph: true,
      },
    ]);
    expect(r.failed[0]?.error).toMatch(/User-PasswordProfile\.ReadWrite\.All and the User Administrator/);
    expect(r.left).toEqual(plan.actions.slice(i + 1).map((a) => a.id));
    // One request sent and refused; the account is as it was, nothing after it sent.
    expect(server.writes.writes.slice(before).map((w) => [w.method, w.status])).toEqual([['PATCH', 403]]);
    expect(victim.passwordProfile).toEqual({ forceChangePasswordNextSignIn: false });

    server.writes.directoryRoles.set(server.containAppId, ['User Administrator']);
    const again = await run(token);
    expect(again.done).toEqual([target.id]);
    expect(again.failed).toEqual([]);
    expect(victim.passwordProfile).toMatchObject({ forceChangePasswordNextSignIn: true });
  });
});
