import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { addLogFixtures, sprayRecords } from '../../test/graph-server/fixtures.js';
import { startGraphServer } from '../../test/graph-server/server.js';
import { type Receiver, startReceiver } from '../../test/webhook-receiver.js';
import { tempDir } from '../../test/workspace.js';
import type { DeliveryResult } from '../notify/sender.js';

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

let receiver: Receiver;
let tmp: { dir: string; cleanup: () => void };
let server: Awaited<ReturnType<typeof startGraphServer>>;

beforeAll(async () => {
  [receiver, server] = await Promise.all([startReceiver(SECRET), startGraphServer({ reportsBudget: false })]);
  tmp = tempDir();
  const now = Date.now();
  addLogFixtures(server.data, { now: now - 60_000, signIns: 40, audits: 10 });
  server.data.add('signIns', sprayRecords(now - 5 * 60_000, 15));
  vi.stubEnv('PREMORTEM_GRAPH_URL', server.graphUrl);
  vi.stubEnv('PREMORTEM_GRAPH_TOKEN', server.tokens.issue(server.app.clientId));
  vi.stubEnv('PREMORTEM_GRAPH_BUDGET', '1000/10s');
  vi.stubEnv('PREMORTEM_WEBHOOK_URL', receiver.url);
  vi.stubEnv('PREMORTEM_WEBHOOK_SECRET', SECRET);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([receiver?.close(), server?.close()]);
  tmp?.cleanup();
});

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('watch --json prints one JSON line per delivery result after the alert lines, alerts unchanged', async () => {
  receiver.respond = () => 503;
  const ws = join(tmp.dir, 'ws');
  const watch = (...more: string[]) =>
    runPremortem([
      '--json',
      '--workspace',
      ws,
      'watch',
      '--once',
      '--endpoints',
      'signIns,directoryAudits',
      '--since',
      '1d',
      ...more,
    ]);
  const first = await watch();
  expect(first.code, first.stderr).toBe(0);
  const out = lines(first.stdout);
  const alerts = out.filter((l) => l.type === undefined);
  const deliveries = out.filter((l) => l.type === 'premortem.delivery') as unknown as (DeliveryResult & {
    type: string;
  })[];
  // Nothing else on stdout; every alert line keeps the alert shape; delivery lines come after the poll's alerts.
  expect(alerts.length + deliveries.length).toBe(out.length);
  expect(alerts.some((a) => a.title === 'Password spray campaign')).toBe(true);
  for (const a of alerts) expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'rule_id', 'evidence']));
  expect(out.findIndex((l) => l.type !== undefined)).toBe(alerts.length);
  // The receiver answered 503: each delivery is reported as retrying, with its next attempt and the answer.
  expect(deliveries.length).toBeGreaterThan(0);
  for (const d of deliveries) {
    expect(d).toMatchObject({ channel: 'webhook', status: 'retrying', attempt: 1, detail: 'HTTP 503' });
    expect(d.delivery_id).toMatch(/^msg_/);
    expect(Date.parse(d.next_attempt ?? '')).toBeGreaterThan(Date.parse(d.at));
  }
  expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set(deliveries.map((d) => d.delivery_id)));
  expect(JSON.stringify(out)).not.toContain(receiver.url);

  // A poll with nothing new and no delivery due prints nothing at all.
  receiver.respond = () => 204;
  const second = await watch();
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toBe('');
}, 120_000);
