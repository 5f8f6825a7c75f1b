import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { tempDir } from '../../test/workspace.js';
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

test('worker exits 1 (not outside the contract 0/1/2) when a round failed after its last attempt, 0 when all completed', async () => {
  await client.flushall();
  const root = tempDir();
  try {
    const file = join(root.dir, 'fleet.yaml');
    // The token variable is never set: collect fails at once, the round fails, and with one attempt it stays failed.
    writeFileSync(
      file,
      'defaults: { endpoints: [signIns/interactiveUser] }\ntenants:\n  - { id: broken.example, name: Broken, token_env: PM_QUEUE_TEST_UNSET_TOKEN }\n',
    );
    const args = ['worker', '--fleet', file, '--redis', redis.url, '--until-idle'];
    await queue.add('round', { tenant: 'broken.example', force: false }, { attempts: 1 });
    const failed = await runPremortem(['--json', ...args]);
    expect(failed.code, failed.stderr).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({ completed: 0, failed: 1 });
    expect(failed.stderr).toContain('PM_QUEUE_TEST_UNSET_TOKEN');
    // Nothing due (a forced-free round right after): the worker completes it and exits 0.
    await recordRan(client, 'broken.example', TASKS, Date.now());
    await queue.add('round', { tenant: 'broken.example', force: false }, { attempts: 1 });
    const idle = await runPremortem(['--json', ...args]);
    expect(idle.code, idle.stderr).toBe(0);
    expect(JSON.parse(idle.stdout)).toEqual({ completed: 1, failed: 0 });
  } finally {
    root.cleanup();
  }
}, 120_000);
