import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { parseFleet, TASKS } from './config.js';
import {
  addRound,
  dueTasks,
  fleetQueue,
  type RoundJob,
  recordRan,
  redisClient,
  scheduleOnce,
  scheduleRepeating,
} from './queue.js';

let redis: TestRedis;
let queue: Queue<RoundJob>;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  queue = fleetQueue(redis.url);
  client = redisClient(redis.url);
});

afterAll(async () => {
  await queue?.close();
  client?.disconnect();
  await redis?.stop();
});

const fleet = (ids: string[]) =>
  parseFleet(
    `tenants:\n${ids.map((id) => `  - { id: ${id}, name: ${id}, token_env: T, schedule: { collect: 5m, assess: 1h } }`).join('\n')}\n`,
    '/fleet/fleet.yaml',
  );

test('the queue holds one round per tenant: adding a tenant again while its round waits adds nothing', async () => {
  await client.flushall();
  await scheduleOnce(queue, fleet(['a.example', 'b.example']));
  await addRound(queue, 'A.EXAMPLE', true);
  await scheduleOnce(queue, fleet(['a.example', 'b.example']));
  const waiting = await queue.getWaiting();
  expect(waiting.map((j) => j.data.tenant).sort()).toEqual(['a.example', 'b.example']);
});

test('fleet schedule keeps one job scheduler per listed tenant, at its most frequent interval, and drops the others', async () => {
  await client.flushall();
  await scheduleRepeating(queue, fleet(['a.example', 'b.example', 'c.example']));
  const r = await scheduleRepeating(queue, fleet(['a.example', 'b.example']));
  expect(r.removed).toEqual(['tenant:c.example']);
  const schedulers = await queue.getJobSchedulers();
  expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
    ['tenant:a.example', 300_000],
    ['tenant:b.example', 300_000],
  ]);
});

test('a scheduled round runs the tasks whose interval has passed since they last succeeded; a forced one runs all', async () => {
  await client.flushall();
  const [tenant] = fleet(['a.example']).tenants;
  if (!tenant) throw new Error('no tenant');
  const t0 = Date.parse('2026-01-10T12:00:00Z');
  expect(await dueTasks(client, tenant, false, t0, TASKS)).toEqual([...TASKS]);
  await recordRan(client, tenant.id, TASKS, t0);
  expect(await dueTasks(client, tenant, false, t0 + 60_000, TASKS)).toEqual([]);
  // 15m is the default of detect; collect is 5m here, assess 1h, readiness 1d.
  expect(await dueTasks(client, tenant, false, t0 + 16 * 60_000, TASKS)).toEqual(['collect', 'detect']);
  expect(await dueTasks(client, tenant, false, t0 + 2 * 3_600_000, TASKS)).toEqual(['collect', 'detect', 'assess']);
  expect(await dueTasks(client, tenant, true, t0 + 60_000, TASKS)).toEqual([...TASKS]);
});
