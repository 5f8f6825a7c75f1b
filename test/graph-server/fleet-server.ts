/**
 * Many simulated tenants behind one Graph listener, for the fleet's tests and bench: each tenant is a mounted
 * Graph test server (its own records, configuration, token key and budgets) and a request goes to the tenant its
 * bearer token names (the tid claim), as Graph itself tells tenants apart by token, not by URL. Tenants are small
 * (a few dozen records) and distinct: every object id carries the tenant's number, so one tenant's id in
 * another's store is a leak a test can see; names (UPNs, display names) are the same in every tenant on purpose.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenClaims } from '../../src/sources/graph/token-claims.js';
import { addLogFixtures, configFixture, fixtureId, sprayRecords } from './fixtures.js';
import { type GraphTestServer, startGraphServer } from './server.js';
import { type ConfigData, type LogCollection, TenantStore } from './tenant-data.js';

export interface FleetTenantServer {
  readonly id: string;
  readonly name: string;
  readonly server: GraphTestServer;
  /** A Graph token for the tenant's fully consented app. */
  readonly token: string;
  /** Whether the tenant's records hold a password spray (so detection raises alerts there). */
  readonly sprayed: boolean;
}

export interface FleetGraphServer {
  readonly graphUrl: string;
  readonly tenants: readonly FleetTenantServer[];
  close(): Promise<void>;
}

export interface FleetServerOptions {
  readonly count: number;
  /** Display name of tenant i (default "Tenant i"). */
  readonly name?: (i: number) => string;
  /** Every `sprayEvery`-th tenant (from 0) holds a password spray; default 5. */
  readonly sprayEvery?: number;
  readonly now?: number;
}

const COLLECTIONS: readonly LogCollection[] = ['signIns', 'directoryAudits', 'riskDetections', 'riskyUsers'];

/** The tenant id of tenant i: a GUID that names its number. */
export const fleetTenantId = (i: number) => `${(0x7e000000 + i).toString(16)}-f1ee-4000-8000-000000000000`;

/** Fixture ids are PPPPPPPP-0000-4000-8000-NNNNNNNNNNNN: the tenant's number goes into the second group. */
function retag<T>(value: T, i: number): T {
  const tag = `-${(i + 1).toString(16).padStart(4, '0')}-4000-8000-`;
  return JSON.parse(JSON.stringify(value).replaceAll('-0000-4000-8000-', tag)) as T;
}

function fillTenant(store: TenantStore, i: number, now: number, sprayed: boolean): ConfigData {
  const scratch = new TenantStore(store.tenantId, () => now);
  addLogFixtures(scratch, { now, days: 2, signIns: 16, audits: 4, risk: 2 });
  if (sprayed) scratch.add('signIns', sprayRecords(now - 6 * 3_600_000, 12));
  for (const c of COLLECTIONS) store.add(c, retag(scratch.visible(c), i));
  const config = configFixture(3);
  if (sprayed) {
    // Seed 003's backdoor in the sprayed tenants: a partner's app (another organisation owns it) made Global
    // Administrator, for the partner access review to find.
    config.lists.servicePrincipals?.push({
      id: fixtureId(0x59, 9),
      appId: fixtureId(0xa9, 9),
      displayName: 'Octiga Cloud Security',
      appOwnerOrganizationId: fixtureId(0x0e, 9),
      appRoles: [],
      keyCredentials: [],
      passwordCredentials: [],
      owners: [],
    });
    config.lists.roleAssignments?.push({
      id: fixtureId(0x6a, 9),
      principalId: fixtureId(0x59, 9),
      roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
      directoryScopeId: '/',
    });
  }
  return retag(config, i);
}

/** Starts `count` tenants on one listener on 127.0.0.1. */
export async function startFleetGraphServer(o: FleetServerOptions): Promise<FleetGraphServer> {
  const now = o.now ?? Date.now();
  const byTenant = new Map<string, FleetTenantServer>();
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tenant = token ? byTenant.get(tokenClaims(token)?.tenantId ?? '') : undefined;
    if (!tenant) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'unknown tenant' } }));
      return;
    }
    tenant.server.handle(req, res);
  });
  http.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const graphUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const tenants: FleetTenantServer[] = [];
  for (let i = 0; i < o.count; i++) {
    const id = fleetTenantId(i);
    // No reports budget: one app per tenant here, and the budget is the client's to keep (tested elsewhere).
    const server = await startGraphServer({ tenantId: id, mountedAt: graphUrl, reportsBudget: false });
    const sprayed = i % (o.sprayEvery ?? 5) === 0;
    server.data.config = fillTenant(server.data, i, now, sprayed);
    const t = {
      id,
      name: o.name?.(i) ?? `Tenant ${i}`,
      server,
      token: server.tokens.issue(server.app.clientId),
      sprayed,
    };
    tenants.push(t);
    byTenant.set(id, t);
  }
  return {
    graphUrl,
    tenants,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/**
 * fleet.yaml for the tenants: each reads its token from FLEET_TOKEN_<i>, its workspace under `root`; collection
 * reads sign-ins and audits of the last 3 days (the records' span), which keeps Identity Protection's one request
 * per second out of the tests' time.
 */
export function fleetYaml(server: FleetGraphServer, root: string): string {
  const lines = ['defaults:', '  since: 3d', '  endpoints: [signIns/interactiveUser, directoryAudits]', 'tenants:'];
  server.tenants.forEach((t, i) => {
    lines.push(
      `  - id: ${t.id}`,
      `    name: ${JSON.stringify(t.name)}`,
      `    token_env: FLEET_TOKEN_${i}`,
      `    graph_url: ${server.graphUrl}`,
      `    workspace: ${JSON.stringify(`${root}/${t.id}`)}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** The environment that holds every tenant's token, and a reports budget the test server does not enforce. */
export function fleetEnv(server: FleetGraphServer): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PREMORTEM_GRAPH_BUDGET: '1000/10s' };
  server.tenants.forEach((t, i) => {
    env[`FLEET_TOKEN_${i}`] = t.token;
  });
  return env;
}
