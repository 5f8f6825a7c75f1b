import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPremortem, sprayAndDisabledWorkspace } from '../../test/cli.js';
import { type Receiver, startReceiver } from '../../test/webhook-receiver.js';
import { tempDir } from '../../test/workspace.js';
import { loadNotifyConfig } from '../notify/config.js';
import { deliverDue, retryDelayMs } from '../notify/sender.js';
import { Workspace } from '../store/workspace.js';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

describe('premortem notify with a signed webhook (PREMORTEM_WEBHOOK_URL)', () => {
  let receiver: Receiver;
  let tmp: { dir: string; cleanup: () => void };
  let ws: string;
  const pm = (...args: string[]) => runPremortem(['--workspace', ws, ...args]);

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    tmp = tempDir();
    ws = join(tmp.dir, 'ws');
    await sprayAndDisabledWorkspace(ws);
    vi.stubEnv('PREMORTEM_WEBHOOK_URL', receiver.url);
    vi.stubEnv('PREMORTEM_WEBHOOK_SECRET', SECRET);
    expect((await pm('detect')).code).toBe(0);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await receiver.close();
    tmp.cleanup();
  });

  it('sends one verified message per incident, with ids and the next action, and nothing the second time', async () => {
    const run = await pm('--json', 'notify', 'send', '--flush-digest');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.channels).toEqual(['webhook']);
    expect(out.changes).toBeGreaterThan(0);
    expect(out.messages.length).toBeGreaterThan(0);
    expect(out.deliveries).toMatchObject({ delivered: out.messages.length, failed: 0, retrying: 0 });
    expect(receiver.received.every((r) => r.ok)).toBe(true);
    expect(receiver.unique()).toHaveLength(out.messages.length);
    const first = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(first.type).toMatch(/^premortem\./);
    expect(first.data).toMatchObject({
      what: expect.any(String),
      why: expect.any(String),
      next_action: expect.any(String),
    });
    expect(first.data.objects.length + (first.data.items?.length ?? 0)).toBeGreaterThan(0);

    const again = JSON.parse((await pm('--json', 'notify', 'send')).stdout);
    expect(again).toMatchObject({ changes: 0, messages: [], deliveries: { attempted: 0 } });
    expect(receiver.unique()).toHaveLength(out.messages.length);

    const log = JSON.parse((await pm('--json', 'notify', 'log')).stdout) as { id: string; status: string }[];
    expect(log.map((d) => d.status)).toEqual(log.map(() => 'delivered'));
    expect(log.map((d) => d.id).sort()).toEqual(receiver.unique().sort());
  });

  it('retries a failed delivery later with the same webhook-id, and the receiver sees it once', async () => {
    receiver.respond = () => 503;
    const before = receiver.received.length;
    const run = await pm('--json', 'notify', 'test', 'webhook');
    expect(run.code).toBe(1);
    const failed = JSON.parse(run.stdout);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_result: 'HTTP 503' });
    receiver.respond = () => 204;
    const ws2 = await Workspace.open(ws);
    try {
      const config = loadNotifyConfig(ws);
      expect((await deliverDue(ws2, config)).attempted).toBe(0); // not due yet: backoff
      const later = new Date(Date.now() + retryDelayMs(1) + 1000);
      expect(await deliverDue(ws2, config, { now: () => later })).toMatchObject({ delivered: 1 });
    } finally {
      ws2.close();
    }
    const ids = receiver.received.slice(before).map((r) => r.id);
    expect(ids).toEqual([failed.id, failed.id]);
  });

  it('the receiver refuses a tampered body and a replayed request; notify verify agrees', async () => {
    const sample = receiver.received.find((r) => r.ok);
    if (!sample) throw new Error('nothing received');
    const post = (body: string) =>
      fetch(receiver.url, {
        method: 'POST',
        body,
        headers: Object.fromEntries(Object.entries(sample.headers).filter(([k]) => k.startsWith('webhook-'))),
      });
    expect((await post(sample.body.replace('premortem', 'premortex'))).status).toBe(401);
    receiver.clockOffsetMs = 6 * 60_000;
    expect((await post(sample.body)).status).toBe(401);
    receiver.clockOffsetMs = 0;
    expect(receiver.received.at(-1)?.reason).toMatch(/tolerance/);

    const body = join(tmp.dir, 'body.json');
    writeFileSync(body, sample.body);
    const h = sample.headers;
    const verify = (file: string) =>
      runPremortem([
        'notify',
        'verify',
        '--id',
        h['webhook-id'] ?? '',
        '--timestamp',
        h['webhook-timestamp'] ?? '',
        '--signature',
        h['webhook-signature'] ?? '',
        '--body',
        file,
      ]);
    expect((await verify(body)).stdout).toBe('valid\n');
    writeFileSync(body, `${sample.body} `);
    const bad = await verify(body);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^invalid: no signature matches/);
  });

  it('keeps secrets out of notify.yaml, the log and every message', async () => {
    writeFileSync(
      join(ws, 'notify.yaml'),
      `channels:\n  soc:\n    type: webhook\n    url: http://127.0.0.1:9/x\n    secret: ${SECRET}\n`,
    );
    const refused = await pm('notify', 'send');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/notify\.yaml:5:\d+: channels\.soc\.secret: secrets never go in notify\.yaml/);
    writeFileSync(
      join(ws, 'notify.yaml'),
      `channels:\n  slack:\n    type: webhook\n    url: { env: HOOK_URL }\n    signing_secret: { env: PREMORTEM_WEBHOOK_SECRET }\n`,
    );
    // A URL whose path is the credential, pointing at a port nobody listens on: the failure is logged without it.
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    vi.stubEnv('HOOK_URL', `http://127.0.0.1:${port}/services/T000/B000/XXXXsecretXXXX`);
    const sent = await pm('notify', 'test', 'slack');
    const log = await pm('--json', 'notify', 'log');
    vi.stubEnv('HOOK_URL', '');
    writeFileSync(join(ws, 'notify.yaml'), 'channels: {}\n');
    expect(sent.code).toBe(1);
    expect(JSON.parse(log.stdout)[0]).toMatchObject({ channel: 'slack', last_result: 'network error ECONNREFUSED' });
    for (const text of [refused.stderr, sent.stdout, sent.stderr, log.stdout])
      for (const secret of [SECRET, SECRET.slice(6), 'XXXXsecretXXXX']) expect(text).not.toContain(secret);
    expect(receiver.received.every((r) => !r.body.includes(SECRET.slice(6)))).toBe(true);
  });
});
