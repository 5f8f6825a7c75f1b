import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { messageRulesList } from '../../test/graph-server/write-api.js';
import { tempWorkspace } from '../../test/workspace.js';
import { DetectionEngine } from '../detect/engine.js';
import { importPaths } from '../ingest/import-files.js';
import { buildIncidents } from '../investigate/incidents.js';
import { builtinRulesDir } from '../rules/content.js';
import { VirtualClock } from '../sources/graph/clock.js';
import { GraphClient } from '../sources/graph/http.js';
import { tokenClaims } from '../sources/graph/token-claims.js';
import type { Workspace } from '../store/workspace.js';
import { isRecordedRule } from './action-kinds.js';
import { executePlan } from './execute.js';
import type { ContainmentPlan } from './model.js';
import { buildContainmentPlan } from './plan.js';
import { planText } from './plan-format.js';
import { addressesIn, parameterMap, psQuote } from './plan-mail.js';
import { readTrail } from './trail.js';

// Users of the `fail` configuration snapshot fixture.
const JTAN = '55555555-5555-4555-8555-555555555555';
const CAROL = '33333333-3333-4333-8333-333333333333';

const record = (n: number, operation: string, objectId: string, parameters: { Name: string; Value: string }[]) => ({
  CreationTime: `2025-09-30T01:${String(40 + n).padStart(2, '0')}:00`,
  Id: `b7c1d2e3-0000-4000-8000-00000000000${n}`,
  Operation: operation,
  OrganizationId: '4f9c1a2b-0000-4000-8000-00000000c0de',
  RecordType: 1,
  ResultStatus: 'True',
  UserKey: '10032000C757D25F',
  UserType: 2,
  Version: 1,
  Workload: 'Exchange',
  ClientIP: '203.0.113.50:51234',
  UserId: 'j.tan@contoso.com',
  ObjectId: objectId,
  Parameters: parameters,
});

// What the attacker did in j.tan's name: a rule on j.tan's own mailbox forwarding out and deleting, one redirecting
// carol's mail (New-InboxRule -Mailbox), forwarding set on j.tan's mailbox, and a rule on a mailbox named only by
// its display name (no account can be trusted from that).
const UAL = [
  record(
    1,
    'New-InboxRule',
    'NAMPR01A001.prod.outlook.com/Microsoft Exchange Hosted Organizations/contoso.onmicrosoft.com/j.tan\\.',
    [
      { Name: 'Name', Value: '.' },
      { Name: 'ForwardTo', Value: 'X@Evil.example' },
      { Name: 'DeleteMessage', Value: 'True' },
      { Name: 'StopProcessingRules', Value: 'True' },
    ],
  ),
  record(2, 'New-InboxRule', 'carol\\Invoices', [
    { Name: 'Mailbox', Value: 'carol@contoso.com' },
    { Name: 'Name', Value: 'Invoices' },
    { Name: 'RedirectTo', Value: '"Payments" [SMTP:pay@evil.example]' },
  ]),
  record(3, 'Set-Mailbox', 'j.tan', [
    { Name: 'Identity', Value: 'j.tan@contoso.com' },
    { Name: 'ForwardingSmtpAddress', Value: 'smtp:collect@evil.example' },
    { Name: 'DeliverToMailboxAndForward', Value: 'True' },
  ]),
  record(4, 'New-InboxRule', 'Finance Shared\\Archive', [
    { Name: 'Mailbox', Value: 'Finance Shared' },
    { Name: 'Name', Value: 'Archive' },
    { Name: 'ForwardTo', Value: 'x@evil.example' },
  ]),
];

const rule = (id: string, displayName: string, actions: Record<string, unknown>) => ({
  id,
  displayName,
  sequence: 1,
  isEnabled: true,
  conditions: {},
  actions,
});
const to = (address: string) => [{ emailAddress: { name: address, address } }];

let dir: string;
let ws: Workspace;
let cleanup: () => void;
let plan: ContainmentPlan;
let server: GraphTestServer;

beforeAll(async () => {
  ({ ws, dir, cleanup } = await tempWorkspace());
  const fixture = fileURLToPath(new URL('../../test/fixtures/snapshots/fail', import.meta.url));
  cpSync(fixture, join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'ual-mailbox.json'), JSON.stringify(UAL));
  await importPaths(ws, [join(dir, 'config'), join(dir, 'ual-mailbox.json')]);
  const rules = ['inbox-rule-forward-or-delete.yml', 'mailbox-forwarding-set.yml'].map((f) =>
    join(builtinRulesDir(), f),
  );
  await DetectionEngine.load(rules, { strict: true }).run(ws, { full: true });
  const incident = (await buildIncidents(ws)).find((i) => i.actors.users.includes('j.tan@contoso.com'));
  if (!incident) throw new Error('no incident for j.tan');
  plan = await buildContainmentPlan(ws, incident.id);

  server = await startGraphServer();
  const users = JSON.parse(readFileSync(join(fixture, 'users.json'), 'utf8')) as { value: Record<string, unknown>[] };
  server.data.config.lists.users = users.value;
  server.data.config.lists[messageRulesList(JTAN)] = [
    rule('AQAAAJ5dZp8=', '.', { forwardTo: to('x@evil.example'), delete: true, stopProcessingRules: true }),
    // The same name, forwarding somewhere the log never recorded: not the attacker's rule, left alone.
    rule('AQAAAJ5dZqA=', '.', { forwardTo: to('someone@partner.example') }),
    rule('AQAAAJ5dZqB=', 'Newsletters', { moveToFolder: 'AAMkAGI2' }),
  ];
  server.data.config.lists[messageRulesList(CAROL)] = [
    rule('AQAAAKx1Zp8=', 'Invoices', { redirectTo: to('pay@evil.example') }),
  ];
}, 300_000);
afterAll(() => {
  server?.close();
  cleanup?.();
});

const client = (token: string) =>
  new GraphClient({
    graphUrl: server.graphUrl,
    tokens: { kind: 'token', getToken: async () => token },
    clock: new VirtualClock(),
  });
const mailIds = () => plan.actions.filter((a) => a.kind === 'remove-inbox-rule').map((a) => a.id);
const run = (token: string) =>
  executePlan(
    ws,
    plan,
    { client: client(token), approvedBy: 'alice', roles: tokenClaims(token)?.roles ?? [] },
    mailIds(),
  );

describe('what the unified audit log records about mailboxes, in the plan', () => {
  it('reads Parameters and the addresses in them as Exchange writes them', () => {
    const p = parameterMap('[{"Name":"ForwardTo","Value":"a@x.com;\\"B\\" [SMTP:b@y.org]"},{"Name":"Force"}]');
    expect(addressesIn(p.get('forwardto'))).toEqual(['a@x.com', 'b@y.org']);
    expect(p.get('force')).toBe('');
    expect(parameterMap('not json').size).toBe(0);
    expect(psQuote("o'brien@x.com\n; Remove-Mailbox")).toBe("'o''brien@x.com; Remove-Mailbox'");
  });

  it('matches a Graph rule only by what was recorded, and never on nothing', () => {
    const p = {
      rule_name: '.',
      forward_to: ['x@evil.example'],
      redirect_to: [],
      forward_as_attachment_to: [],
      delete: true,
    };
    expect(isRecordedRule(p, rule('1', '.', { forwardTo: to('X@evil.example'), delete: true }))).toBe(true);
    expect(isRecordedRule(p, rule('2', '.', { forwardTo: to('x@evil.example') }))).toBe(false);
    expect(isRecordedRule(p, rule('3', 'other', { forwardTo: to('x@evil.example'), delete: true }))).toBe(false);
    expect(isRecordedRule({ rule_name: '' }, rule('4', '', { delete: true }))).toBe(false);
  });

  it('removes each forwarding or deleting inbox rule by mailbox id, and names the mailbox forwarding a manual step', () => {
    expect(
      plan.actions
        .filter((a) => a.kind === 'remove-inbox-rule')
        .map((a) => a.targets[0]?.id)
        .sort(),
    ).toEqual([CAROL, JTAN].sort());
    const own = plan.actions.find((a) => a.kind === 'remove-inbox-rule' && a.params.user_id === JTAN);
    expect(own?.request).toEqual({
      method: 'DELETE',
      path: `/v1.0/users/${JTAN}/mailFolders/inbox/messageRules/{messageRule-id}`,
    });
    expect(own?.permission).toBe('MailboxSettings.ReadWrite');
    expect(own?.params).toMatchObject({ rule_name: '.', forward_to: ['x@evil.example'], delete: true });
    expect(own?.evidence).toHaveLength(1);
    expect(plan.manual).toEqual([
      expect.objectContaining({
        id: `clear-forwarding:${JTAN}`,
        command:
          "Set-Mailbox -Identity 'j.tan@contoso.com' -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false",
      }),
    ]);
    expect(plan.notes.some((n) => /New-InboxRule .*matches no account/.test(n))).toBe(true);
    const text = planText(plan);
    expect(text).toContain(`by hand: clear-forwarding:${JTAN} (not sent by --execute)`);
    expect(text).toContain('Exchange Online PowerShell');
  });
});

describe('removing the rules through the Graph test server', () => {
  it('without MailboxSettings.ReadWrite names it and sends nothing', async () => {
    const r = await run(server.tokens.issue(server.app.clientId));
    expect(r.missing_permissions.map((m) => m.permission)).toEqual([
      'MailboxSettings.ReadWrite',
      'MailboxSettings.ReadWrite',
    ]);
    expect(server.writes.writes).toEqual([]);
  });

  it('lists the inbox rules, deletes the recorded ones by their Graph id, leaves the rest; a rerun sends nothing', async () => {
    const token = server.tokens.issue(server.containAppId);
    const r = await run(token);
    expect(r.failed).toEqual([]);
    expect(r.done.sort()).toEqual(mailIds().sort());
    expect(server.writes.writes.map((w) => `${w.method} ${w.path} ${w.status}`).sort()).toEqual(
      [
        `DELETE /v1.0/users/${CAROL}/mailFolders/inbox/messageRules/AQAAAKx1Zp8%3D 204`,
        `DELETE /v1.0/users/${JTAN}/mailFolders/inbox/messageRules/AQAAAJ5dZp8%3D 204`,
      ].sort(),
    );
    expect(server.data.config.lists[messageRulesList(JTAN)]?.map((x) => x.id)).toEqual([
      'AQAAAJ5dZqA=',
      'AQAAAJ5dZqB=',
    ]);
    expect(server.data.config.lists[messageRulesList(CAROL)]).toEqual([]);
    const trail = await readTrail(ws, plan.incident);
    expect(trail.filter((e) => e.outcome === 'done').map((e) => e.request?.path)).toContain(
      // Ids are sent URL-encoded (Exchange ids end in '=').
      `/v1.0/users/${JTAN}/mailFolders/inbox/messageRules/AQAAAJ5dZp8%3D`,
    );

    const writes = server.writes.writes.length;
    const again = await run(token);
    expect(again.already.sort()).toEqual(mailIds().sort());
    expect(server.writes.writes.length).toBe(writes);
  });
});
