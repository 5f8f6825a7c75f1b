/**
 * The token-theft scenario (seed 004, Storm-0558): the records say what the story says (a session replayed from a
 * new country with no interactive sign-in there; forged-token reads of four mailboxes by an unknown app beside the
 * owners' ordinary reads), and written out, imported and run through every built-in rule they raise exactly the
 * alerts the story calls for, with the thief's records as evidence and none of the owners'.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules } from '../../../compile/compile.js';
import { listAlerts } from '../../../detect/list-alerts.js';
import { runDetection } from '../../../detect/run.js';
import { importPaths } from '../../../ingest/import-files.js';
import { builtinPipelinesDir, builtinRulesDir } from '../../../rules/content.js';
import { loadRules } from '../../../rules/loader.js';
import { loadPipelines, PipelineSet } from '../../../rules/pipeline.js';
import { Workspace } from '../../../store/workspace.js';
import type { BetaSignIn } from '../../graph-types.js';
import { writeGraphJson } from '../../graph-writer.js';
import { type Simulation, simulate } from '../../simulate.js';
import { truthOf } from '../index.js';
import type { TokenTheftTruth } from './index.js';

const sim: Simulation = simulate({ seed: 1, scenario: 'token-theft' });
const truth = truthOf(sim.groundTruth.scenarios, 'token-theft') as TokenTheftTruth;
const signIn = (id: string) => sim.signIns.find((s) => s.id === id) as BetaSignIn;
const known = new Set([
  '00000002-0000-0ff1-ce00-000000000000',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  '9199bf20-a13f-4107-85dc-02114787ef48',
]);

describe('the token-theft records', () => {
  it('replay the victim’s session silently from a country where nobody signed in interactively', () => {
    const own = signIn(truth.signInIds.victimSignIn);
    expect(own).toMatchObject({
      isInteractive: true,
      sessionId: truth.sessionId,
      signInEventTypes: ['interactiveUser'],
    });
    const replays = truth.signInIds.replays.map(signIn);
    expect(replays.length).toBeGreaterThanOrEqual(2);
    for (const r of replays) {
      expect(r).toMatchObject({
        isInteractive: false,
        signInEventTypes: ['nonInteractiveUser'],
        sessionId: truth.sessionId,
        userPrincipalName: truth.sessionVictim.userPrincipalName,
        ipAddress: truth.attackerIp,
        incomingTokenType: 'refreshToken',
        status: { errorCode: 0 },
      });
      expect(r.location.countryOrRegion).toBe(truth.attackerCountry);
    }
    expect(own.location.countryOrRegion).not.toBe(truth.attackerCountry);
    // The first replay is inside the hour after the victim's sign-in: the session is in two countries at once.
    const gap = Date.parse(replays[0]?.createdDateTime ?? '') - Date.parse(own.createdDateTime);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(3_600_000);
    const interactiveThere = sim.signIns.filter(
      (s) => s.isInteractive && (s.ipAddress === truth.attackerIp || s.location.countryOrRegion === 'PL'),
    );
    expect(interactiveThere).toEqual([]);
    // Only this scenario's sign-ins carry a session id, so no other record's bytes changed.
    expect(sim.signIns.filter((s) => s.sessionId !== undefined)).toHaveLength(2 + replays.length);
  });

  it('are Management Activity API MailItemsAccessed records: the thief’s by an unknown app, the owners’ by Outlook', () => {
    expect(sim.unifiedAuditLog.length).toBe(truth.ualIds.forgedReads.length + truth.ualIds.ownerReads.length);
    const times = sim.unifiedAuditLog.map((r) => r.CreationTime);
    expect(times).toEqual([...times].sort().reverse());
    for (const r of sim.unifiedAuditLog) {
      expect(r.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(r).toMatchObject({ Operation: 'MailItemsAccessed', Workload: 'Exchange', RecordType: 50 });
      expect(r.UserId).toBe(r.MailboxOwnerUPN);
      expect(r.ClientIP).toBe(r.ClientIPAddress);
      const access = r.OperationProperties.find((p) => p.Name === 'MailAccessType')?.Value;
      if (access === 'Bind') expect(r.OperationCount).toBe(r.Folders.flatMap((f) => f.FolderItems ?? []).length);
      else expect(access).toBe('Sync');
    }
    const forged = sim.unifiedAuditLog.filter((r) => truth.ualIds.forgedReads.includes(r.Id));
    expect(new Set(forged.map((r) => r.MailboxOwnerUPN))).toEqual(new Set(truth.mailboxes));
    expect(truth.mailboxes).toHaveLength(4);
    for (const r of forged) {
      expect(r).toMatchObject({ AppId: truth.forgedAppId, ClientAppId: truth.forgedAppId, ClientIP: truth.attackerIp });
      expect(known.has(r.ClientAppId)).toBe(false);
    }
    const owners = sim.unifiedAuditLog.filter((r) => truth.ualIds.ownerReads.includes(r.Id));
    for (const r of owners) {
      expect(known.has(r.ClientAppId)).toBe(true);
      expect(r.ClientIP).not.toBe(truth.attackerIp);
    }
    expect(new Set(owners.map((r) => r.OperationProperties[0]?.Value))).toEqual(new Set(['Bind', 'Sync']));
  });

  it('are Graph activity records: forged tokens no sign-in issued, and the owners’ tokens their sign-ins issued', () => {
    const byRequest = new Map(sim.graphActivity.map((r) => [r.properties.requestId, r]));
    expect(byRequest.size).toBe(sim.graphActivity.length);
    expect(truth.graphRequestIds.forged.length + truth.graphRequestIds.owners.length).toBe(sim.graphActivity.length);
    const times = sim.graphActivity.map((r) => r.time);
    expect(times).toEqual([...times].sort().reverse());
    const issuedBy = new Map(sim.signIns.map((s) => [s.uniqueTokenIdentifier, s]));
    const forged = truth.graphRequestIds.forged.map((id) => byRequest.get(id));
    const mailboxIds = new Set(
      truth.mailboxes.map((upn) => sim.tenant.users.find((u) => u.userPrincipalName === upn)?.id),
    );
    // One token per forged read, each used only for that read's folders, and no sign-in carries any of them.
    expect(truth.forgedTokens).toHaveLength(truth.ualIds.forgedReads.length);
    expect(new Set(truth.forgedTokens).size).toBe(truth.forgedTokens.length);
    for (const r of forged) {
      expect(r?.category).toBe('MicrosoftGraphActivityLogs');
      expect(r?.properties).toMatchObject({ appId: truth.forgedAppId, ipAddress: truth.attackerIp, sessionId: null });
      expect(truth.forgedTokens).toContain(r?.properties.signInActivityId);
      expect(issuedBy.has(r?.properties.signInActivityId ?? '')).toBe(false);
      expect(mailboxIds.has(r?.properties.userId ?? '')).toBe(true);
      expect(r?.properties.requestUri).toContain(`/users/${r?.properties.userId}/mailFolders/`);
      expect(Date.parse(r?.properties.tokenIssuedAt ?? '')).toBeLessThan(Date.parse(r?.time ?? ''));
    }
    const owners = truth.graphRequestIds.owners.map((id) => byRequest.get(id));
    expect(owners.length).toBeGreaterThan(5);
    for (const r of owners) {
      const s = issuedBy.get(r?.properties.signInActivityId ?? '');
      expect(s).toBeDefined();
      expect(s).toMatchObject({
        userId: r?.properties.userId,
        ipAddress: r?.properties.ipAddress,
        appId: r?.properties.appId,
      });
      expect(s?.resourceId).toBe('00000003-0000-0000-c000-000000000000');
      expect(mailboxIds.has(r?.properties.userId ?? '')).toBe(true);
      expect(r?.properties.ipAddress).not.toBe(truth.attackerIp);
      const after = Date.parse(r?.time ?? '') - Date.parse(s?.createdDateTime ?? '');
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(3_600_000);
    }
  });

  it('leave the other scenarios and the ordinary month untouched', () => {
    const none = simulate({ seed: 1, scenario: 'none' });
    expect(none.unifiedAuditLog).toEqual([]);
    expect(none.graphActivity).toEqual([]);
    const ids = new Set(sim.signIns.map((s) => s.id));
    for (const s of none.signIns) expect(ids.has(s.id)).toBe(true);
    expect(sim.signIns.length - none.signIns.length).toBe(2 + truth.signInIds.replays.length);
  });
});

describe('the token-theft scenario imported and detected', () => {
  let root: string;
  let ws: Workspace;
  let imported: Awaited<ReturnType<typeof importPaths>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'premortem-token-theft-'));
    const out = join(root, 'tenant');
    await writeGraphJson(sim, out);
    ws = await Workspace.open(join(root, 'ws'));
    imported = await importPaths(ws, [out]);
    const loaded = loadRules(builtinRulesDir());
    const { compiled } = compileRules(loaded.rules, new PipelineSet(loadPipelines(builtinPipelinesDir())));
    await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
  }, 600_000);
  afterAll(() => {
    ws?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the unified audit log as content blobs that import into activities', async () => {
    const blobs = readdirSync(join(root, 'tenant', 'unifiedAuditLog'));
    expect(blobs).toEqual(['Audit.Exchange-0001.json']);
    const blob = JSON.parse(readFileSync(join(root, 'tenant', 'unifiedAuditLog', blobs[0] ?? ''), 'utf8')) as unknown[];
    expect(blob).toHaveLength(sim.unifiedAuditLog.length);
    const file = imported.files.find((f) => f.path.endsWith('Audit.Exchange-0001.json'));
    expect(file).toMatchObject({ shape: 'ual-json', loaded: sim.unifiedAuditLog.length, rejected: 0 });
    const n = await ws.scalar("SELECT count(*) FROM activities WHERE operation = 'MailItemsAccessed'");
    expect(Number(n)).toBe(sim.unifiedAuditLog.length);
  });

  it('writes the Graph activity log as PT1H.json blobs that import into graph_activity', async () => {
    const files = imported.files.filter((f) => f.path.includes('insights-logs-microsoftgraphactivitylogs'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.every((f) => f.path.endsWith('PT1H.json') && f.rejected === 0)).toBe(true);
    expect(files.reduce((n, f) => n + f.loaded, 0)).toBe(sim.graphActivity.length);
    const n = await ws.scalar('SELECT count(*) FROM graph_activity');
    expect(Number(n)).toBe(sim.graphActivity.length);
  });

  it('raises token-replay, mail-items-accessed-unusual-app and graph-token-without-sign-in on the thief’s records only', async () => {
    const loaded = loadRules(builtinRulesDir());
    const nameOf = new Map(loaded.rules.rules.map((r) => [r.meta.id ?? '', r.meta.name ?? r.meta.title]));
    // Every rule's own alerts, also those folded into a campaign (the campaign itself is checked below).
    const alerts = (await listAlerts(ws, undefined, { members: true })).filter(
      (a) => !a.rule_id.startsWith('campaign:'),
    );
    const names = [...new Set(alerts.map((a) => nameOf.get(a.rule_id)))].sort();
    // Not graph-session-many-addresses: the forged tokens carry no session, and the stolen session (replayed from
    // one address beside the victim's office) never reaches three addresses.
    expect(names).toEqual(['graph-token-without-sign-in', 'mail-items-accessed-unusual-app', 'token-replay']);
    const evidence = (name: string) =>
      new Set(alerts.filter((a) => nameOf.get(a.rule_id) === name).flatMap((a) => a.evidence.map((e) => e.source_id)));
    const mail = evidence('mail-items-accessed-unusual-app');
    expect(mail).toEqual(new Set(truth.ualIds.forgedReads));
    const replay = evidence('token-replay');
    expect(replay.has(truth.signInIds.replays[0] ?? '')).toBe(true);
    expect(replay.has(truth.signInIds.victimSignIn)).toBe(true);
    for (const a of alerts) expect(a.entities.users).not.toContain('j.tan@contoso-demo.com');
    // One alert per forged token, its evidence that token's requests; none of the owners' own requests.
    const forged = alerts.filter((a) => nameOf.get(a.rule_id) === 'graph-token-without-sign-in');
    expect(forged).toHaveLength(truth.forgedTokens.length);
    expect(evidence('graph-token-without-sign-in')).toEqual(new Set(truth.graphRequestIds.forged));
  });

  it('folds the twelve forged-token reads into one collection campaign naming every mailbox', async () => {
    const shown = await listAlerts(ws);
    const mail = shown.filter((a) => a.rule_id === 'campaign:mailbox-collection');
    expect(mail).toHaveLength(1);
    const campaign = mail[0];
    expect(new Set(campaign?.evidence.map((e) => e.source_id))).toEqual(new Set(truth.ualIds.forgedReads));
    expect([...(campaign?.entities.users ?? [])].sort()).toEqual(
      [...truth.mailboxes].map((u) => u.toLowerCase()).sort(),
    );
    expect(campaign?.entities.ips).toEqual([truth.attackerIp]);
    expect(campaign?.entities.apps).toEqual([truth.forgedAppId]);
    expect(campaign?.summary).toContain(
      `${truth.ualIds.forgedReads.length} records (${truth.ualIds.forgedReads.length} MailItemsAccessed)`,
    );
    expect(campaign?.summary).toMatch(/seen mail read by an unusual application \(12 alerts\)$/);
    // No member of the family is shown beside its campaign.
    const mailRule = '9e1a3c57-4f6b-4d8c-8e0a-1b2c3d4e5f40';
    expect(shown.filter((a) => a.rule_id === mailRule)).toEqual([]);
  });

  it('folds the twelve forged tokens into one campaign from the thief’s server through the forged application', async () => {
    const shown = await listAlerts(ws);
    const tokens = shown.filter((a) => a.rule_id === 'campaign:forged-tokens');
    expect(tokens).toHaveLength(1);
    expect(new Set(tokens[0]?.evidence.map((e) => e.source_id))).toEqual(new Set(truth.graphRequestIds.forged));
    expect(tokens[0]?.entities.ips).toEqual([truth.attackerIp]);
    expect(tokens[0]?.entities.apps).toEqual([truth.forgedAppId]);
    expect(tokens[0]?.summary).toMatch(/seen token without a sign-in \(12 alerts\)$/);
    expect(shown.filter((a) => a.rule_id === '6302519c-01fe-4d8c-9b67-8ed4425d16ad')).toEqual([]);
  });
});
