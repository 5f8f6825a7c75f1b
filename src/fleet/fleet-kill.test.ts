import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import {
  type FleetGraphServer,
  fleetEnv,
  fleetYaml,
  startFleetGraphServer,
} from '../../test/graph-server/fleet-server.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { storedEventsOf } from '../../test/graph-server/stored-events.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { objectTag, tagsIn, workspaceTextOf } from '../../test/tenant-isolation.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';
import { type FleetTenant, loadFleet, TASKS } from './config.js';
import { QUEUE_NAME, redisClient, SUMMARIES_KEY } from './queue.js';
import { runTenantRound, type TenantSummary } from './round.js';
import type { FleetStatus } from './status.js';

/**
 * Tenants in the test: the issue's acceptance size, 50. What keeps it cheap (it ran 169 s alone on a quiet machine,
 * 445 s in CI, before): every round opens its DuckDB with one thread (PREMORTEM_DUCKDB_THREADS=1: eight rounds run
 * at once, so a second thread only costs CPU), the workers are the built CLI (no TypeScript compiled at start), every
 * workspace starts as a copy of one empty workspace made in beforeAll (the migrations run once, not 100 times), the
 * single-process run overlaps the workers' run, and each store is read with one query. PREMORTEM_FLEET_TEST_TENANTS
 * sets a smaller fleet for a quick local run.
 */
const TENANTS = Number(process.env.PREMORTEM_FLEET_TEST_TENANTS ?? 50);
const THREADS = { PREMORTEM_DUCKDB_THREADS: '1' };

let redis: TestRedis;
let graph: FleetGraphServer;
let root: { dir: string; cleanup: () => void };
/** An empty workspace (every migration applied), copied to be each tenant's workspace. */
let template: string;

beforeAll(async () => {
  root = tempDir();
  template = join(root.dir, 'template');
  [redis, graph] = await Promise.all([
    startRedis(),
    startFleetGraphServer({ count: TENANTS }),
    Workspace.open(template, { create: true }).then((ws) => ws.close()),
  ]);
  vi.stubEnv('PREMORTEM_DUCKDB_THREADS', THREADS.PREMORTEM_DUCKDB_THREADS);
});

const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const c of cleanups) await c();
  await graph?.close();
  await redis?.stop();
  root?.cleanup();
});

/** A fleet file whose tenants keep their workspaces under `name`, each made from the empty template. */
function fleetFile(name: string): string {
  const file = join(root.dir, `${name}.yaml`);
  writeFileSync(file, fleetYaml(graph, join(root.dir, name)));
  for (const t of graph.tenants) cpSync(template, join(root.dir, name, t.id), { recursive: true });
  return file;
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return out;
}

/** What a store holds (one query) and, for the isolation check, its whole text; one open of the workspace. */
async function readStore(dir: string, text: boolean) {
  const ws = await Workspace.open(dir, { create: false });
  try {
    return { events: await storedEventsOf(ws, { alerts: true }), text: text ? await workspaceTextOf(ws) : '' };
  } finally {
    ws.close();
  }
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
  const env = { ...fleetEnv(graph), ...THREADS };
  const scheduled = await runPremortem(['fleet', 'schedule', '--once', '--fleet', fleet, '--redis', redis.url]);
  expect(scheduled.code, scheduled.stderr).toBe(0);
  // A second --once while the first round is queued adds nothing: the queue keeps one round per tenant.
  await runPremortem(['fleet', 'schedule', '--once', '--fleet', fleet, '--redis', redis.url]);
  const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
  cleanups.push(() => queue.close());
  expect((await queue.getJobCounts('wait')).wait).toBe(TENANTS);

  // The single-process run: the same rounds in this process, into other workspaces, while the workers run.
  const single = loadFleet(fleetFile('single'));
  const reference = pool(single.tenants, 2, async (t: FleetTenant) => ({
    t,
    round: await runTenantRound(t, TASKS, { env: fleetEnv(graph) }),
  }));

  const worker = () =>
    runCli(
      ['worker', '--fleet', fleet, '--redis', redis.url, '--concurrency', '4', '--lock', '10s', '--until-idle'],
      env,
      { built: true },
    );
  const doomed = worker();
  const survivor = worker();
  // The first round the doomed worker starts: it is killed inside it.
  await doomed.stderrMatches(/([0-9a-f-]{36}): collect, detect, assess, readiness/);
  doomed.child.kill('SIGKILL');
  const killed = await doomed.done;
  expect(killed.signal).toBe('SIGKILL');
  const taken = /([0-9a-f-]{36}): collect, detect, assess, readiness/.exec(killed.stderr)?.[1] as string;
  const end = await survivor.done;
  expect(end.code, end.stderr).toBe(0);
  // The killed worker's round was taken over: the survivor ran that tenant too.
  expect(end.stderr).toContain(`${taken}: collect, detect, assess, readiness`);

  const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed');
  expect(counts).toMatchObject({ wait: 0, active: 0, delayed: 0, failed: 0, completed: TENANTS });

  const client = redisClient(redis.url);
  try {
    const rounds = await reference;
    await pool(rounds, 2, async ({ t, round }) => {
      expect(round.errors).toEqual([]);
      const fromWorkers = JSON.parse((await client.hget(SUMMARIES_KEY, t.id)) ?? 'null') as TenantSummary;
      expect(facts(fromWorkers), t.id).toEqual(facts(round.summary));
      const a = await readStore(join(root.dir, 'workers', t.id), true);
      const b = await readStore(t.workspace, false);
      expect(a.events, t.id).toEqual(b.events);
      expect(a.events.dupes).toBe(0);
      expect(a.events.signIns.length).toBeGreaterThan(0);
      // Isolation: every tenant names the same users and apps (the fixtures' UPNs and display names collide), but
      // its store and its summary hold only its own object ids.
      const own = objectTag(t.id);
      expect([...new Set(tagsIn(`${a.text}\n${JSON.stringify(fromWorkers)}`))], t.id).toEqual([own]);
    });
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
