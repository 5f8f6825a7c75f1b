import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import {
  GDAP_ROLES,
  GLOBAL_ADMINISTRATOR,
  HELPDESK_ADMINISTRATOR,
  PARTNER_APP,
  partnerConfig,
  type RelationshipPlan,
  SECURITY_READER,
} from '../../test/graph-server/gdap-fixtures.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { tempDir } from '../../test/workspace.js';
import { parseFleet } from './config.js';
import { describeRelationship } from './gdap.js';
import { fleetQueue, type RoundJob, redisClient, scheduleOnce, scheduleRepeating } from './queue.js';
import type { FleetStatus } from './status.js';

const PARTNER = '7effffff-f1ee-4000-8000-0000000000aa';
const A = '7e000000-f1ee-4000-8000-000000000000';
const B = '7e000001-f1ee-4000-8000-000000000000';
/** Customers the fleet does not list: enough relationships for a second page ($top is at most 300). */
const OUTSIDE = 318;

let redis: TestRedis;
let server: GraphTestServer;
let queue: Queue<RoundJob>;
let client: Redis;
let root: { dir: string; cleanup: () => void };

beforeAll(async () => {
  root = tempDir();
  [redis, server] = await Promise.all([
    startRedis(),
    startGraphServer({
      tenantId: PARTNER,
      reportsBudget: false,
      apps: [{ clientId: PARTNER_APP, secret: 'unused', roles: GDAP_ROLES }],
    }),
  ]);
  queue = fleetQueue(redis.url);
  client = redisClient(redis.url);
  const plans: RelationshipPlan[] = [
    // A: Global Administrator, 305 access assignments (two pages of them).
    {
      customer: { tenantId: A, displayName: 'Contoso' },
      roles: [GLOBAL_ADMINISTRATOR, SECURITY_READER],
      assignments: 305,
    },
    // B: helpdesk, no end date, extending itself; and an old Global Administrator relationship, terminated.
    {
      customer: { tenantId: B, displayName: 'Contoso' },
      roles: [HELPDESK_ADMINISTRATOR],
      noEnd: true,
      autoExtend: 'P180D',
      ageDays: 400,
    },
    {
      customer: { tenantId: B, displayName: 'Contoso' },
      roles: [GLOBAL_ADMINISTRATOR],
      status: 'terminated',
      ageDays: 900,
    },
    ...Array.from({ length: OUTSIDE }, (_, i) => ({
      customer: {
        tenantId: `0ff${i.toString(16).padStart(5, '0')}-f1ee-4000-8000-000000000000`,
        displayName: `Other ${i}`,
      },
      roles: [SECURITY_READER],
    })),
  ];
  server.data.config = partnerConfig(plans, Date.now());
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await queue?.close();
  client?.disconnect();
  await Promise.all([redis?.stop(), server?.close()]);
  root?.cleanup();
});

const fleetText = (graphUrl: string) =>
  [
    'tenants:',
    `  - { id: ${A}, name: Contoso, token_env: GDAP_TEST_TOKEN_A }`,
    `  - { id: ${B}, name: Contoso, token_env: GDAP_TEST_TOKEN_B }`,
    `partner: { id: ${PARTNER}, name: Northwind MSP, token_env: GDAP_TEST_PARTNER_TOKEN, graph_url: ${JSON.stringify(graphUrl)} }`,
    '',
  ].join('\n');

test('a relationship is flagged for Global Administrator and for having no end date, only while it grants access', () => {
  const ga = describeRelationship(
    {
      id: 'r1',
      status: 'active',
      endDateTime: '2027-01-01T00:00:00Z',
      autoExtendDuration: 'PT0S',
      customer: { tenantId: A },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: SECURITY_READER }] },
    },
    // Global Administrator through an access assignment counts too.
    [{ id: 'a1', status: 'active', accessDetails: { unifiedRoles: [{ roleDefinitionId: GLOBAL_ADMINISTRATOR }] } }],
  );
  expect(ga.flags).toEqual(['global-administrator']);
  expect(ga.autoExtend).toBeNull();
  const open = describeRelationship({ id: 'r2', status: 'active', autoExtendDuration: 'P180D', customer: {} }, []);
  expect(open).toMatchObject({ flags: ['no-end-date'], autoExtend: 'P180D', ends: null, roles: [] });
  const ended = describeRelationship(
    { id: 'r3', status: 'expired', accessDetails: { unifiedRoles: [{ roleDefinitionId: GLOBAL_ADMINISTRATOR }] } },
    [],
  );
  expect(ended.flags).toEqual([]);
});

test('fleet.yaml takes a partner by reference only: a secret in the entry, or the partner listed as a tenant, is refused', () => {
  expect(parseFleet(fleetText('http://127.0.0.1:1'), '/f/fleet.yaml').partner).toMatchObject({
    id: PARTNER,
    tokenEnv: 'GDAP_TEST_PARTNER_TOKEN',
    everyMs: 86_400_000,
  });
  const withSecret = fleetText('http://127.0.0.1:1').replace('token_env: GDAP_TEST_PARTNER_TOKEN', 'secret: hunter2');
  expect(() => parseFleet(withSecret, '/f/fleet.yaml')).toThrow(/partner/);
  const twice = fleetText('http://127.0.0.1:1').replace(`id: ${B}`, `id: ${PARTNER}`);
  expect(() => parseFleet(twice, '/f/fleet.yaml')).toThrow(/also listed as a tenant/);
});

test("a partner round reads every relationship and access assignment (paged) in the partner's tenant; fleet status shows them per tenant", async () => {
  await client.flushall();
  const file = join(root.dir, 'fleet.yaml');
  writeFileSync(file, fleetText(server.graphUrl));
  const fleet = parseFleet(fleetText(server.graphUrl), file);
  // schedule: one partner round beside the tenants' rounds, deduplicated; a scheduler of its own.
  await scheduleOnce(queue, fleet);
  await scheduleOnce(queue, fleet);
  expect((await queue.getWaiting()).filter((j) => j.name === 'partner')).toHaveLength(1);
  await scheduleRepeating(queue, fleet);
  expect((await queue.getJobSchedulers()).map((s) => [s.key, s.every]).sort()).toContainEqual(['partner', 86_400_000]);
  await queue.obliterate({ force: true });
  await scheduleOnce(queue, { ...fleet, tenants: [] });

  vi.stubEnv('GDAP_TEST_PARTNER_TOKEN', server.tokens.issue(PARTNER_APP));
  const worked = await runPremortem(['--json', 'worker', '--fleet', file, '--redis', redis.url, '--until-idle']);
  expect(worked.code, worked.stderr).toBe(0);
  expect(JSON.parse(worked.stdout)).toEqual({ completed: 1, failed: 0 });
  // Paged: the relationships in two pages, A's 305 assignments in two; every request with $top inside Graph's 300.
  const listed = server.requests.filter((r) => r.path.endsWith('/delegatedAdminRelationships'));
  expect(listed.map((r) => r.items)).toEqual([300, OUTSIDE + 3 - 300]);
  const assignmentPages = server.requests.filter(
    (r) => r.path.endsWith('/accessAssignments') && r.url.includes('skiptoken'),
  );
  expect(assignmentPages).toHaveLength(1);
  expect(server.requests.every((r) => r.status === 200)).toBe(true);

  const status = await runPremortem(['--json', 'fleet', 'status', '--fleet', file, '--redis', redis.url]);
  expect(status.code, status.stderr).toBe(0);
  const gdap = (JSON.parse(status.stdout) as FleetStatus).views.gdap;
  expect(gdap?.partner).toEqual({ id: PARTNER, name: 'Northwind MSP' });
  expect(gdap?.outside).toHaveLength(OUTSIDE);
  const [a, b] = gdap?.tenants ?? [];
  expect(a?.tenant).toBe(A);
  expect(a?.relationships).toHaveLength(1);
  expect(a?.relationships[0]).toMatchObject({
    status: 'active',
    roles: [
      { id: GLOBAL_ADMINISTRATOR, name: 'Global Administrator' },
      { id: SECURITY_READER, name: 'Security Reader' },
    ],
    autoExtend: null,
    flags: ['global-administrator'],
  });
  expect(a?.relationships[0]?.assignments).toHaveLength(305);
  expect(Date.parse(a?.relationships[0]?.ends ?? '')).toBeGreaterThan(Date.parse(a?.relationships[0]?.since ?? ''));
  expect(b?.relationships.map((r) => [r.status, r.autoExtend, r.ends, r.flags])).toEqual([
    ['active', 'P180D', null, ['no-end-date']],
    ['terminated', null, expect.any(String), []],
  ]);

  const text = await runPremortem(['fleet', 'status', '--fleet', file, '--redis', redis.url]);
  expect(text.stdout).toContain(`GDAP relationships of the partner Northwind MSP (${PARTNER})`);
  expect(text.stdout).toMatch(
    /Global Administrator, Security Reader; since \d{4}-\d\d-\d\d, ends \d{4}-\d\d-\d\d, auto-extend no; 305 partner group\(s\) \[GLOBAL ADMINISTRATOR\]/,
  );
  expect(text.stdout).toMatch(
    /Helpdesk Administrator; since \d{4}-\d\d-\d\d, ends none, auto-extend P180D; 1 partner group\(s\) \[NO END DATE\]/,
  );
}, 180_000);
