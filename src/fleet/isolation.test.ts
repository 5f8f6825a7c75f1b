import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import {
  type FleetGraphServer,
  fleetEnv,
  fleetYaml,
  startFleetGraphServer,
} from '../../test/graph-server/fleet-server.js';
import { objectTag, tagsIn } from '../../test/tenant-isolation.js';
import { type Receiver, startReceiver } from '../../test/webhook-receiver.js';
import { tempDir } from '../../test/workspace.js';
import { REPORT_FORMATS } from '../report/render.js';
import { loadFleet, TASKS } from './config.js';
import { runTenantRound } from './round.js';

/**
 * Isolation of what a fleet sends and writes beyond its stores: two tenants with the same display name and the same
 * user and app names (only their object ids differ), one fleet-wide notify.yaml routing each tenant to its own
 * channel. Each tenant's notifications reach only its channel and name only its objects; its reports in every
 * format name only its objects.
 */
const secret = (n: number) => `whsec_${Buffer.alloc(32, n).toString('base64')}`;

let graph: FleetGraphServer;
let receivers: Receiver[];
let root: { dir: string; cleanup: () => void };

beforeAll(async () => {
  root = tempDir();
  [graph, ...receivers] = await Promise.all([
    // Both tenants sprayed (incidents and notifications in each), both called Contoso.
    startFleetGraphServer({ count: 2, name: () => 'Contoso', sprayEvery: 1 }),
    startReceiver(secret(1)),
    startReceiver(secret(2)),
  ]);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await graph?.close();
  for (const r of receivers ?? []) await r.close();
  root?.cleanup();
});

test("a tenant's notifications go only to its channel and its reports and notifications name only its objects", async () => {
  const [a, b] = graph.tenants;
  const [ra, rb] = receivers;
  if (!a || !b || !ra || !rb) throw new Error('setup');
  const notifyDir = join(root.dir, 'notify');
  mkdirSync(notifyDir);
  writeFileSync(
    join(notifyDir, 'notify.yaml'),
    [
      'channels:',
      `  soc-a: { type: webhook, url: ${JSON.stringify(ra.url)}, signing_secret: { env: ISO_SECRET_A }, min_severity: low }`,
      `  soc-b: { type: webhook, url: ${JSON.stringify(rb.url)}, signing_secret: { env: ISO_SECRET_B }, min_severity: low }`,
      'routes:',
      `  - { tenants: [${a.id}], channels: [soc-a] }`,
      `  - { tenants: [${b.id}], channels: [soc-b] }`,
      '',
    ].join('\n'),
  );
  const file = join(root.dir, 'fleet.yaml');
  writeFileSync(
    file,
    fleetYaml(graph, join(root.dir, 'tenants')).replace('defaults:\n', `defaults:\n  notify: ${notifyDir}\n`),
  );
  vi.stubEnv('ISO_SECRET_A', secret(1));
  vi.stubEnv('ISO_SECRET_B', secret(2));
  const env = { ...fleetEnv(graph), ISO_SECRET_A: secret(1), ISO_SECRET_B: secret(2) };
  const fleet = loadFleet(file);
  const rounds = await Promise.all(fleet.tenants.map((t) => runTenantRound(t, TASKS, { env })));
  for (const r of rounds) expect(r.errors).toEqual([]);

  for (const [tenant, mine, other] of [
    [a, ra, rb],
    [b, rb, ra],
  ] as const) {
    const own = objectTag(tenant.id);
    const ws = fleet.tenants.find((t) => t.id === tenant.id)?.workspace as string;
    // Notifications: some reached the tenant's own channel, every one verified, naming only its objects.
    expect(mine.received.length, tenant.id).toBeGreaterThan(0);
    expect(mine.received.every((r) => r.ok)).toBe(true);
    expect([...new Set(tagsIn(mine.received.map((r) => r.body).join('\n')))], tenant.id).toEqual([own]);
    // The other channel's messages are the other tenant's: none of this tenant's objects there.
    expect(tagsIn(other.received.map((r) => r.body).join('\n'))).not.toContain(own);
    // The tenant's delivery log holds exactly what its own channel received; every report format names only
    // its objects.
    const log = await runPremortem(['--json', '--workspace', ws, 'notify', 'log']);
    expect(log.code, log.stderr).toBe(0);
    const rows = JSON.parse(log.stdout) as { id: string; channel: string; status: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(mine.unique().sort());
    expect(rows.every((r) => r.status === 'delivered' && r.channel === (mine === ra ? 'soc-a' : 'soc-b'))).toBe(true);
    for (const format of REPORT_FORMATS) {
      const report = await runPremortem(['--workspace', ws, 'report', '--all', '--format', format]);
      expect(report.code, `${format}: ${report.stderr}`).toBe(0);
      expect([...new Set(tagsIn(report.stdout))], `${tenant.id} ${format}`).toEqual([own]);
    }
  }
}, 300_000);
