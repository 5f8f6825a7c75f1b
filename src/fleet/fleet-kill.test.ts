import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import {
  type FleetGraphServer,
  fleetEnv,
  fleetYaml,
  startFleetGraphServer,
} from '../../test/graph-server/fleet-server.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { storedEvents } from '../../test/graph-server/stored-events.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { objectTag, tagsIn, workspaceText } from '../../test/tenant-isolation.js';
import { tempDir } from '../../test/workspace.js';
import { loadFleet, TASKS } from './config.js';
import { QUEUE_NAME, redisClient, SUMMARIES_KEY } from './queue.js';
import { runTenantRound, type TenantSummary } from './round.js';
import type { FleetStatus } from './status.js';

/**
 * Tenants in the test: the acceptance size, 50. Every tenant's round costs a couple of seconds of CPU twice
 * over (workers and the single-process run): 169 s for this file alone on a quiet 2-core machine, inside the suite's
 * budget. PREMORTEM_FLEET_TEST_TENANTS sets a smaller fleet for a quick local run.
 */
const TENANTS = Number(process.env.PREMORTEM_FLEET_TEST_TENANTS ?? 50);

let redis: TestRedis;
let graph: FleetGraphServer;
let root: { dir: string; cleanup: () => void };

beforeAll(async () => {
  root = tempDir();
  [redis, graph] = await Promise.all([startRedis(), startFleetGraphServer({ count: TENANTS })]);
});

const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c();
  await graph?.close();
  await redis?.stop();
  root?.cleanup();
});

/** A fleet file whose tenants keep their workspaces under `name`. */
function fleetFile(name: string): string {
  const file = join(root.dir, `${name}.yaml`);
  writeFileSync(file, fleetYaml(graph, join(root.dir, name)));
  return file;
}

/** The facts of a summary that do not depend on when or where the round ran. */
const facts = (s: TenantSummary) => ({
  tasks: s.tasks.map((t) => `${t.task} ${t.ok}`),
  incidents: s.incidents,
  postureScore: s.postureScore,
  legacyAuthAllowed: s.legacyAuthAllowed,
  partner: s.partner,
  permanentPrivileged: s.permanentPrivileged,
  readinessScore: s.readinessScore,
  newestEvent: s.newestEvent,
});

test('two workers run a round of every tenant; a worker killed mid-round loses nothing: its round completes on the other, and every store equals a single-process run', async () => {
  const fleet = fleetFile('workers');
  const env = fleetEnv(graph);
  const scheduled = await runPremortem(['fleet', 'schedule', '--once', '--fleet', fleet, '--redis', redis.url]);
  expect(scheduled.code, scheduled.stderr).toBe(0);
  // A second --once while the first round is queued adds nothing: the queue keeps one round per tenant.
  await runPremortem(['fleet', 'schedule', '--once', '--fleet', fleet, '--redis', redis.url]);
  const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
  cleanups.push(() => queue.close());
  expect((await queue.getJobCounts('wait')).wait).toBe(TENANTS);

  const worker = () =>
    runCli(
      ['worker', '--fleet', fleet, '--redis', redis.url, '--concurrency', '4', '--lock', '5s', '--until-idle'],
      env,
    );
  const doomed = worker();
  const survivor = worker();
  // The first round the doomed worker starts: it is killed inside it.
  await doomed.stderrMatches(/([0-9a-f-]{36}): collect, detect, assess, readiness/);
  doomed.child.kill('SIGKILL');
  const killed = await doomed.done;
  const taken = /([0-9a-f-]{36}): collect, detect, assess, readiness/.exec(killed.stderr)?.[1] as string;
  const end = await survivor.done;
  expect(end.code, end.stderr).toBe(0);
  // The killed worker's round was taken over: the survivor ran that tenant too.
  expect(end.stderr).toContain(`${taken}: collect, detect, assess, readiness`);

  const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed');
  expect(counts).toMatchObject({ wait: 0, active: 0, delayed: 0, failed: 0, completed: TENANTS });

  // The single-process run: the same rounds, one after another in this process, into other workspaces.
  const single = loadFleet(fleetFile('single'));
  const client = redisClient(redis.url);
  try {
    for (let i = 0; i < single.tenants.length; i += 4) {
      const batch = single.tenants.slice(i, i + 4);
      const rounds = await Promise.all(batch.map((t) => runTenantRound(t, TASKS, { env })));
      for (const [k, r] of rounds.entries()) {
        const t = batch[k];
        if (!t) continue;
        expect(r.errors).toEqual([]);
        const fromWorkers = JSON.parse((await client.hget(SUMMARIES_KEY, t.id)) ?? 'null') as TenantSummary;
        expect(facts(fromWorkers), t.id).toEqual(facts(r.summary));
        const [a, b] = await Promise.all([
          storedEvents(join(root.dir, 'workers', t.id), { alerts: true }),
          storedEvents(t.workspace, { alerts: true }),
        ]);
        expect(a, t.id).toEqual(b);
        expect(a.dupes).toBe(0);
        expect(a.signIns.length).toBeGreaterThan(0);
        // Isolation: every tenant names the same users and apps (the fixtures' UPNs and display names collide), but
        // its store and its summary hold only its own object ids.
        const own = objectTag(t.id);
        const text = `${await workspaceText(join(root.dir, 'workers', t.id))}\n${JSON.stringify(fromWorkers)}`;
        expect([...new Set(tagsIn(text))], t.id).toEqual([own]);
      }
    }
  } finally {
    client.disconnect();
  }

  const status = await runPremortem(['--json', 'fleet', 'status', '--fleet', fleet, '--redis', redis.url]);
  const s = JSON.parse(status.stdout) as FleetStatus;
  expect(s.tenants.every((t) => t.state === 'ok')).toBe(true);
  // Every sprayed tenant (every fifth) has its incident in the fleet list, named by its tenant.
  const sprayed = graph.tenants.filter((t) => t.sprayed).map((t) => t.id);
  expect([...new Set(s.views.incidents.map((i) => i.tenant))].sort()).toEqual(sprayed.sort());
  // The partner app made Global Administrator in the same tenants: over-privileged partner access, per tenant.
  expect(s.views.partnerAccess.map((p) => p.tenant).sort()).toEqual(sprayed.sort());
  expect(s.views.partnerAccess.every((p) => p.findings.some((f) => f.kind === 'over-privileged'))).toBe(true);
}, 600_000);
