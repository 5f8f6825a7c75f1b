/**
 * `npm run bench -- --fleet N`: tenants per minute with 1 and with 2 worker processes against a real redis-server
 * and N simulated tenants on the Graph test server (fleet-server.ts), and Redis memory per tenant (INFO memory:
 * with a round queued for every tenant, and after the round, when Redis holds the summaries and completed jobs).
 * Each worker runs the built CLI (dist/) with --concurrency 2, as a user would start it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedis } from '../redis-server.js';
import { PROJECT_ROOT } from '../shared-data.js';
import { tempDir } from '../workspace.js';
import { fleetEnv, fleetYaml, startFleetGraphServer } from './fleet-server.js';

const CLI = join(PROJECT_ROOT, 'dist/cli/index.js');
const count = Number(process.argv[2] ?? 200);
if (!Number.isInteger(count) || count < 1) throw new Error(`--fleet takes a number of tenants, not ${process.argv[2]}`);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** The machine's 1-minute load average: the figures mean little without it on a shared machine. */
const load = () => loadavg()[0]?.toFixed(1) ?? '?';

const redisServer = await startRedis();
const graph = await startFleetGraphServer({ count });
const root = tempDir();
const redis = new Redis(redisServer.url);
const env = fleetEnv(graph);
try {
  console.log(`premortem bench: fleet of ${count} simulated tenants (sign-ins and audits of 3 days, a configuration)`);
  for (const workers of [1, 2]) {
    await redis.flushall();
    const before = await usedMemory(redis);
    const file = join(root.dir, `fleet-${workers}.yaml`);
    writeFileSync(file, fleetYaml(graph, join(root.dir, `workers-${workers}`)));
    const common = ['--fleet', file, '--redis', redisServer.url];
    if ((await run(['fleet', 'schedule', '--once', ...common], env)) !== 0) throw new Error('fleet schedule failed');
    const queued = await usedMemory(redis);
    const t0 = Date.now();
    const load0 = load();
    const codes = await Promise.all(
      Array.from({ length: workers }, () => run(['worker', '--concurrency', '2', '--until-idle', ...common], env)),
    );
    const minutes = (Date.now() - t0) / 60_000;
    const after = await usedMemory(redis);
    const perTenant = (bytes: number) => `${((bytes - before) / count / 1024).toFixed(1)} KiB`;
    console.log(
      `  ${workers} worker(s) x concurrency 2: ${(count / minutes).toFixed(1)} tenants/min (${(minutes * 60).toFixed(0)} s for ${count}; exits ${codes.join(', ')}; load average at start ${load0}, at end ${load()})`,
    );
    console.log(
      `    Redis memory per tenant: ${perTenant(queued)} with a round queued, ${perTenant(after)} after the round`,
    );
  }
} finally {
  redis.disconnect();
  await graph.close();
  await redisServer.stop();
  root.cleanup();
}
