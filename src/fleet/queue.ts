/**
 * The fleet's queue on BullMQ. One job is one tenant's round; the queue, not a file lock, keeps a tenant to one
 * job at a time: every round is added with the tenant as its BullMQ deduplication id, so while a round of a tenant
 * is waiting, delayed for a retry or active, another add of that tenant is not a second job (with
 * keepLastIfActive, an add during an active round becomes one round after it, never one beside it).
 * Schedules are BullMQ job schedulers that add a small "tick" per tenant; the worker turns a tick into a
 * deduplicated round, because a scheduler's own jobs cannot carry a deduplication id.
 */
import { type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { FleetConfig, FleetTenant, Task } from './config.js';

export const QUEUE_NAME = 'premortem-fleet';
/** Redis hash of each tenant's latest round summary (JSON), by tenant id. */
export const SUMMARIES_KEY = `${QUEUE_NAME}:summaries`;
/** Redis hash of when each tenant's task last succeeded (ms), by `tenant task`. */
export const RAN_KEY = `${QUEUE_NAME}:ran`;
/** Redis key of the partner's GDAP relationships as the last partner round read them (gdap.ts, JSON). */
export const GDAP_KEY = `${QUEUE_NAME}:gdap`;
/** Deduplication id and scheduler key of the partner round (GDAP relationships, read in the partner's tenant). */
export const PARTNER_KEY = 'partner';

export interface RoundJob {
  readonly tenant: string;
  /** Run every task now (schedule --once), not only those whose interval has passed. */
  readonly force: boolean;
}

/** Retries of a failed round: 3 attempts, 10 s then 20 s apart (a throttled Graph or a restarting Redis). */
export const ROUND_ATTEMPTS = 3;
export const ROUND_BACKOFF_MS = 10_000;

/** A plain Redis connection for the fleet's own keys (summaries); BullMQ opens its own from the URL. */
export function redisClient(url: string): Redis {
  // maxRetriesPerRequest null: BullMQ's requirement for blocking connections, and harmless for ours.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export function fleetQueue(url: string): Queue<RoundJob> {
  return new Queue<RoundJob>(QUEUE_NAME, { connection: { url, maxRetriesPerRequest: null } });
}

/** Deduplication id of a tenant's rounds. */
export const tenantKey = (tenantId: string) => `tenant:${tenantId.toLowerCase()}`;

function roundOptions(tenantId: string): JobsOptions {
  return {
    deduplication: { id: tenantKey(tenantId), keepLastIfActive: true },
    attempts: ROUND_ATTEMPTS,
    backoff: { type: 'exponential', delay: ROUND_BACKOFF_MS },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

/** Adds one round for the tenant (deduplicated per tenant). */
export async function addRound(queue: Queue<RoundJob>, tenantId: string, force: boolean): Promise<void> {
  await queue.add('round', { tenant: tenantId, force }, roundOptions(tenantId));
}

/** Adds the partner round (deduplicated): read the partner's GDAP relationships. */
export async function addPartnerRound(queue: Queue<RoundJob>, partnerId: string): Promise<void> {
  await queue.add(
    'partner',
    { tenant: partnerId, force: true },
    { ...roundOptions(partnerId), deduplication: { id: PARTNER_KEY } },
  );
}

/** One round for every tenant of the fleet, and the partner round when fleet.yaml names a partner. */
export async function scheduleOnce(queue: Queue<RoundJob>, fleet: FleetConfig): Promise<number> {
  for (const t of fleet.tenants) await addRound(queue, t.id, true);
  if (fleet.partner) await addPartnerRound(queue, fleet.partner.id);
  return fleet.tenants.length;
}

/** How often a tenant needs looking at: its most frequent task. */
export function tickInterval(t: FleetTenant): number {
  return Math.min(...Object.values(t.schedule));
}

/**
 * A job scheduler per tenant that adds a tick every tickInterval; schedulers of tenants no longer in fleet.yaml
 * are removed, so the file stays the one list of what the fleet does.
 */
export async function scheduleRepeating(
  queue: Queue<RoundJob>,
  fleet: FleetConfig,
): Promise<{ upserted: number; removed: string[] }> {
  const wanted = new Set(fleet.tenants.map((t) => tenantKey(t.id)));
  if (fleet.partner) {
    wanted.add(PARTNER_KEY);
    await queue.upsertJobScheduler(
      PARTNER_KEY,
      { every: fleet.partner.everyMs },
      {
        name: 'partner',
        data: { tenant: fleet.partner.id, force: true },
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }
  for (const t of fleet.tenants) {
    await queue.upsertJobScheduler(
      tenantKey(t.id),
      { every: tickInterval(t) },
      { name: 'tick', data: { tenant: t.id, force: false }, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers()) {
    if (s.key && !wanted.has(s.key)) {
      await queue.removeJobScheduler(s.key);
      removed.push(s.key);
    }
  }
  return { upserted: fleet.tenants.length, removed };
}

/** The tasks of a round: all of them when forced, else those whose interval has passed since they last succeeded. */
export async function dueTasks(
  redis: Redis,
  tenant: FleetTenant,
  force: boolean,
  now: number,
  all: readonly Task[],
): Promise<Task[]> {
  if (force) return [...all];
  const last = await redis.hmget(RAN_KEY, ...all.map((task) => `${tenant.id} ${task}`));
  return all.filter((task, i) => {
    const at = Number(last[i] ?? 0);
    return now - at >= tenant.schedule[task];
  });
}

export async function recordRan(redis: Redis, tenantId: string, tasks: readonly Task[], now: number): Promise<void> {
  if (tasks.length === 0) return;
  await redis.hset(RAN_KEY, Object.fromEntries(tasks.map((task) => [`${tenantId} ${task}`, String(now)])));
}
