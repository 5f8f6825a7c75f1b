/**
 * `npm run bench -- --fleet N`: tenants per minute with 1 and with 2 worker processes against a real redis-server
 * and N simulated tenants on the Graph test server (fleet-server.ts), and Redis memory per tenant (INFO memory:
 * with a round queued for every tenant, and after the round, when Redis holds the summaries and completed jobs).
 * Each worker runs the built CLI (dist/) with --concurrency 2, as a user would start it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SUMMARIES_KEY } from '../../src/fleet/queue.js';
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

/** Redis's own CPU seconds (INFO cpu) and the commands it has processed (INFO stats). */
async function redisWork(redis: Redis): Promise<{ cpu: number; commands: number }> {
  const info = `${await redis.info('cpu')}\n${await redis.info('stats')}`;
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? Number.NaN);
  return {
    cpu: field('used_cpu_user') + field('used_cpu_sys'),
    commands: field('total_commands_processed'),
  };
}

/** CPU seconds of this process's ended children (the workers, once they exit): /proc/self/stat cutime + cstime. */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 3; cutime and cstime are fields 16 and 17, in clock ticks (100 a second).
  return (Number(fields[13]) + Number(fields[14])) / 100;
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
  // Two workers first: on a shared machine the second figure is the one most likely cut short.
  for (const workers of [2, 1]) {
    await redis.flushall();
    const before = await usedMemory(redis);
    const file = join(root.dir, `fleet-${workers}.yaml`);
    writeFileSync(file, fleetYaml(graph, join(root.dir, `workers-${workers}`)));
    const common = ['--fleet', file, '--redis', redisServer.url];
    if ((await run(['fleet', 'schedule', '--once', ...common], env)) !== 0) throw new Error('fleet schedule failed');
    const queued = await usedMemory(redis);
    const t0 = Date.now();
    const load0 = load();
    const [redis0, cpu0] = [await redisWork(redis), childrenCpu()];
    // A line a minute: rounds finished so far, so a run stopped early still gives a rate (with the load beside it).
    const progress = setInterval(() => {
      void redis.hlen(SUMMARIES_KEY).then((done) => {
        const s = (Date.now() - t0) / 1000;
        console.log(
          `    ${s.toFixed(0)} s: ${done} of ${count} done (${((done / s) * 60).toFixed(1)}/min), load ${load()}`,
        );
      });
    }, 60_000);
    const codes = await Promise.all(
      Array.from({ length: workers }, () => run(['worker', '--concurrency', '2', '--until-idle', ...common], env)),
    ).finally(() => clearInterval(progress));
    const minutes = (Date.now() - t0) / 60_000;
    const [redis1, cpu1] = [await redisWork(redis), childrenCpu()];
    const after = await usedMemory(redis);
    const perTenant = (bytes: number) => `${((bytes - before) / count / 1024).toFixed(1)} KiB`;
    console.log(
      `  ${workers} worker(s) x concurrency 2: ${(count / minutes).toFixed(1)} tenants/min (${(minutes * 60).toFixed(0)} s for ${count}; exits ${codes.join(', ')}; load average at start ${load0}, at end ${load()})`,
    );
    console.log(
      `    Redis memory per tenant: ${perTenant(queued)} with a round queued, ${perTenant(after)} after the round`,
    );
    // Is the queue the bottleneck? Redis's CPU beside the workers' for the same rounds.
    const redisCpu = redis1.cpu - redis0.cpu;
    const workerCpu = cpu1 - cpu0;
    console.log(
      `    CPU per tenant: workers ${(workerCpu / count).toFixed(2)} s, Redis ${((redisCpu / count) * 1000).toFixed(1)} ms (${((redis1.commands - redis0.commands) / count).toFixed(0)} commands); Redis busy ${((redisCpu / (minutes * 60)) * 100).toFixed(1)} % of the run`,
    );
  }
} finally {
  redis.disconnect();
  await graph.close();
  await redisServer.stop();
  root.cleanup();
}
