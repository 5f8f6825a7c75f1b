import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { type FleetGraphServer, fleetYaml, startFleetGraphServer } from '../../test/graph-server/fleet-server.js';
import { tempDir } from '../../test/workspace.js';

let graph: FleetGraphServer;
let root: { dir: string; cleanup: () => void };

beforeAll(async () => {
  root = tempDir();
  graph = await startFleetGraphServer({ count: 2 });
});

afterAll(async () => {
  await graph?.close();
  root?.cleanup();
});

test('fleet check runs doctor for every tenant and names the tenant whose credentials are missing (exit 1)', async () => {
  const file = join(root.dir, 'fleet.yaml');
  writeFileSync(file, fleetYaml(graph, join(root.dir, 'ws')));
  const token = graph.tenants[0]?.token ?? '';
  // Only the first tenant's token is in the environment (the test runs the program in this process).
  process.env.FLEET_TOKEN_0 = token;
  process.env.PREMORTEM_GRAPH_BUDGET = '1000/10s';
  try {
    const run = await runPremortem(['--json', 'fleet', 'check', '--fleet', file]);
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as { tenants: { id: string; ok: boolean; error?: string }[] };
    expect(out.tenants.map((t) => [t.id, t.ok])).toEqual([
      [graph.tenants[0]?.id, true],
      [graph.tenants[1]?.id, false],
    ]);
    expect(out.tenants[1]?.error).toMatch(/FLEET_TOKEN_1 is empty/);
    expect(run.stdout + run.stderr).not.toContain(token);
  } finally {
    delete process.env.FLEET_TOKEN_0;
    delete process.env.PREMORTEM_GRAPH_BUDGET;
  }
});
