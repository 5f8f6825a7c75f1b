import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { type FleetGraphServer, fleetYaml, startFleetGraphServer } from '../../test/graph-server/fleet-server.js';
import { GDAP_ROLES, PARTNER_APP } from '../../test/graph-server/gdap-fixtures.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { tempDir } from '../../test/workspace.js';

const PARTNER = '7effffff-f1ee-4000-8000-0000000000aa';
/** The partner's other app: it signs in, but holds no GDAP permission. */
const UNGRANTED_APP = 'e5a4b9c6-6f7d-4b1c-8a8e-9d8f7e6d5c44';

let graph: FleetGraphServer;
let partner: GraphTestServer;
let root: { dir: string; cleanup: () => void };

beforeAll(async () => {
  root = tempDir();
  [graph, partner] = await Promise.all([
    startFleetGraphServer({ count: 2 }),
    startGraphServer({
      tenantId: PARTNER,
      reportsBudget: false,
      apps: [
        { clientId: PARTNER_APP, secret: 'unused', roles: GDAP_ROLES },
        { clientId: UNGRANTED_APP, secret: 'unused', roles: ['Directory.Read.All'] },
      ],
    }),
  ]);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await Promise.all([graph?.close(), partner?.close()]);
  root?.cleanup();
});

test('fleet check runs doctor for every tenant and names the tenant whose credentials are missing (exit 1)', async () => {
  const file = join(root.dir, 'fleet.yaml');
  writeFileSync(file, fleetYaml(graph, join(root.dir, 'ws')));
  const token = graph.tenants[0]?.token ?? '';
  // Only the first tenant's token is in the environment (the test runs the program in this process).
  vi.stubEnv('FLEET_TOKEN_0', token);
  vi.stubEnv('PREMORTEM_GRAPH_BUDGET', '1000/10s');
  const run = await runPremortem(['--json', 'fleet', 'check', '--fleet', file]);
  expect(run.code, run.stderr).toBe(1);
  const out = JSON.parse(run.stdout) as { tenants: { id: string; ok: boolean; error?: string }[]; partner?: unknown };
  expect(out.tenants.map((t) => [t.id, t.ok])).toEqual([
    [graph.tenants[0]?.id, true],
    [graph.tenants[1]?.id, false],
  ]);
  expect(out.tenants[1]?.error).toMatch(/FLEET_TOKEN_1 is empty/);
  expect(out.partner).toBeUndefined();
  expect(run.stdout + run.stderr).not.toContain(token);
});

interface PartnerOut {
  id: string;
  ok: boolean;
  error?: string;
  gdap?: { signIn: { ok: boolean }; missingPermissions: string[]; relationships: { status: string; detail?: string } };
}

test("fleet check checks the partner entry: it signs in to the partner's tenant and may read GDAP relationships, else exit 1 naming what is missing", async () => {
  const file = join(root.dir, 'partner.yaml');
  // One tenant: doctor runs for it in every check, and its answer is the first test's business.
  const one = { ...graph, tenants: graph.tenants.slice(0, 1) };
  const partnerEntry = `partner: { id: ${PARTNER}, name: Northwind MSP, token_env: FLEET_PARTNER_TOKEN, graph_url: ${JSON.stringify(partner.graphUrl)} }\n`;
  writeFileSync(file, fleetYaml(one, join(root.dir, 'ws')) + partnerEntry);
  vi.stubEnv('PREMORTEM_GRAPH_BUDGET', '1000/10s');
  const tenantReady = (ready: boolean) => vi.stubEnv('FLEET_TOKEN_0', ready ? (graph.tenants[0]?.token ?? '') : '');
  const check = async () => {
    const run = await runPremortem(['--json', 'fleet', 'check', '--fleet', file]);
    const out = JSON.parse(run.stdout) as { tenants: { ok: boolean }[]; partner: PartnerOut };
    return { code: run.code, tenantOk: out.tenants[0]?.ok, partner: out.partner };
  };

  // The partner's variable is empty: the partner is not ready, and says which variable. (The tenant is left without
  // its token here and below where only the partner's answer matters: no doctor run.)
  tenantReady(false);
  const unset = await check();
  expect(unset.partner).toMatchObject({ id: PARTNER, ok: false });
  expect(unset.partner.error).toMatch(/FLEET_PARTNER_TOKEN is empty/);

  // A tenant's token in the partner's variable: refused before any request (it would read another tenant).
  vi.stubEnv('FLEET_PARTNER_TOKEN', graph.tenants[0]?.token ?? '');
  const crossed = await check();
  expect(crossed.partner.ok).toBe(false);
  expect(crossed.partner.error).toMatch(new RegExp(`is for tenant ${graph.tenants[0]?.id}`));

  // Signed in, but the app holds no GDAP permission: the permission and Graph's 403 are named, in text too.
  vi.stubEnv('FLEET_PARTNER_TOKEN', partner.tokens.issue(UNGRANTED_APP));
  const text = await runPremortem(['fleet', 'check', '--fleet', file]);
  expect(text.stdout).toContain(
    `NOT READY ${PARTNER}  Northwind MSP (partner: GDAP relationships): missing permission DelegatedAdminRelationship.Read.All`,
  );
  // With the tenant ready, the partner alone makes the check exit 1.
  tenantReady(true);
  const ungranted = await check();
  expect([ungranted.code, ungranted.tenantOk]).toEqual([1, true]);
  expect(ungranted.partner.ok).toBe(false);
  expect(ungranted.partner.gdap).toMatchObject({
    signIn: { ok: true },
    missingPermissions: ['DelegatedAdminRelationship.Read.All'],
    relationships: { status: 'missing-permission' },
  });

  // The partner's app with DelegatedAdminRelationship.Read.All: ready, and so is the fleet (exit 0).
  const granted = partner.tokens.issue(PARTNER_APP);
  vi.stubEnv('FLEET_PARTNER_TOKEN', granted);
  const before = partner.requests.length;
  const run = await runPremortem(['--json', 'fleet', 'check', '--fleet', file]);
  expect(run.code, run.stderr).toBe(0);
  expect((JSON.parse(run.stdout) as { partner: PartnerOut }).partner).toMatchObject({
    ok: true,
    gdap: { signIn: { ok: true }, missingPermissions: [], relationships: { status: 'ok' } },
  });
  // One small request in the partner's tenant: the relationships, $top=1.
  expect(partner.requests.slice(before).map((r) => [r.path, r.status])).toEqual([
    ['/v1.0/tenantRelationships/delegatedAdminRelationships', 200],
  ]);
  expect(run.stdout + run.stderr).not.toContain(granted);
});
