/**
 * A fleet worker: takes rounds off the queue and runs them against each tenant's own workspace. Any number run on
 * any number of machines; BullMQ's locks make a killed worker's round stall, and the next stalled-job check of
 * any live worker moves it back to the queue, where a worker takes it over (the round's tasks are idempotent).
 */
import { type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type FleetConfig, findTenant, TASKS } from './config.js';
import { collectGdap } from './gdap.js';
import {
  addRound,
  dueTasks,
  fleetQueue,
  GDAP_KEY,
  QUEUE_NAME,
  type RoundJob,
  recordRan,
  redisClient,
  SUMMARIES_KEY,
} from './queue.js';
import { detectionEngine, runTenantRound } from './round.js';
import { tenantSession } from './tenant-session.js';

export interface WorkerOptions {
  readonly redisUrl: string;
  readonly fleet: FleetConfig;
  readonly concurrency: number;
  /** Exit once no round is waiting, delayed or active anywhere. */
  readonly untilIdle: boolean;
  /** How long a worker's lock on a round lasts without renewal: how soon a killed worker's round is taken over. */
  readonly lockMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export interface WorkerResult {
  readonly completed: number;
  readonly failed: number;
}

/** Turns a job into its tenant's round; a tick adds a deduplicated round instead of running one. */
async function processJob(
  job: Job<RoundJob>,
  o: WorkerOptions,
  redis: Redis,
  queue: Queue<RoundJob>,
): Promise<unknown> {
  if (job.name === 'partner') return partnerRound(job, o, redis);
  const tenant = findTenant(o.fleet, job.data.tenant);
  if (!tenant) throw new Error(`tenant ${job.data.tenant} is not in ${o.fleet.file}`);
  if (job.name === 'tick') {
    await addRound(queue, tenant.id, false);
    return { tick: tenant.id };
  }
  const started = Date.now();
  const tasks = await dueTasks(redis, tenant, job.data.force, started, TASKS);
  if (tasks.length === 0) return { tenant: tenant.id, tasks: [] };
  o.log(`${tenant.id}: ${tasks.join(', ')} (attempt ${job.attemptsMade + 1})`);
  const { summary, errors } = await runTenantRound(tenant, tasks, o.env ? { env: o.env } : {});
  await redis.hset(SUMMARIES_KEY, tenant.id, JSON.stringify(summary));
  await recordRan(
    redis,
    tenant.id,
    summary.tasks.filter((t) => t.ok).map((t) => t.task),
    started,
  );
  if (errors.length > 0) throw new Error(errors.join('; '));
  return { tenant: tenant.id, tasks };
}

/** Reads the partner's GDAP relationships with the partner's own credentials and keeps them, raw, in Redis. */
async function partnerRound(job: Job<RoundJob>, o: WorkerOptions, redis: Redis): Promise<unknown> {
  const partner = o.fleet.partner;
  if (!partner || partner.id.toLowerCase() !== job.data.tenant.toLowerCase())
    throw new Error(`partner ${job.data.tenant} is not the partner of ${o.fleet.file}`);
  o.log(`partner ${partner.id}: GDAP relationships (attempt ${job.attemptsMade + 1})`);
  const session = tenantSession(partner, o.env);
  const collection = await collectGdap(session.client, { id: partner.id, name: partner.name }, Date.now());
  await redis.set(GDAP_KEY, JSON.stringify(collection));
  return { partner: partner.id, relationships: collection.relationships.length };
}

/** Is anything left for a worker anywhere: waiting, delayed (a retry), active or prioritized? */
async function queueBusy(queue: Queue<RoundJob>): Promise<boolean> {
  const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).some((n) => n > 0);
}

/** Runs a worker; resolves when it stops (--until-idle: when the queue is empty; otherwise on SIGINT/SIGTERM). */
export async function runWorker(o: WorkerOptions): Promise<WorkerResult> {
  // The rules compile before the first round is taken, while the worker holds no lock (round.ts).
  detectionEngine();
  const redis = redisClient(o.redisUrl);
  const queue = fleetQueue(o.redisUrl);
  let completed = 0;
  let failed = 0;
  const worker = new Worker<RoundJob>(QUEUE_NAME, (job) => processJob(job, o, redis, queue), {
    connection: { url: o.redisUrl, maxRetriesPerRequest: null },
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    // A round killed twice is more likely killing its worker (memory) than unlucky: fail it for a person to see.
    maxStalledCount: 2,
  });
  worker.on('completed', (job) => {
    if (job.name === 'round' || job.name === 'partner') completed++;
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) failed++;
    o.log(`${job.data.tenant}: round failed${final ? '' : ', will retry'}: ${err.message}`);
  });
  worker.on('error', (err) => o.log(`worker error: ${err.message}`));

  const stop = new Promise<void>((resolve) => {
    const onSignal = () => resolve();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (!o.untilIdle) return;
    // Idle means idle everywhere: a round another worker holds, or one a killed worker left to stall, keeps
    // this worker up, so it can take that round over when its lock expires.
    const poll = async () => {
      try {
        if (!(await queueBusy(queue))) return resolve();
      } catch (err) {
        o.log(`cannot read the queue: ${(err as Error).message}`);
      }
      setTimeout(poll, 250);
    };
    void worker.waitUntilReady().then(poll);
  });
  await stop;
  await worker.close();
  await queue.close();
  redis.disconnect();
  return { completed, failed };
}
