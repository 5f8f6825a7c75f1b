import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/graph-server/run-cli.js';
import { sampleNotification } from '../../test/notification.js';
import { type Receiver, startReceiver } from '../../test/webhook-receiver.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';
import type { Notification } from './message.js';
import { deliveryId, listDeliveries, recordMessage } from './store.js';

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const MESSAGES = 5;
const KILL_AT = 3;

function message(i: number): Notification {
  const created = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  return sampleNotification({ id: `msg_kill_${i}`, title: `incident ${i}`, created_at: created });
}

describe('notify send (the built bin: npm run build first) killed (SIGKILL) between sending and recording', () => {
  let receiver: Receiver;
  let tmp: { dir: string; cleanup: () => void };
  let ws: string;

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    tmp = tempDir();
    ws = join(tmp.dir, 'ws');
    const w = await Workspace.open(ws);
    try {
      for (let i = 1; i <= MESSAGES; i++)
        await recordMessage(w, message(i), ['webhook'], new Date(message(i).created_at));
    } finally {
      w.close();
    }
  });
  afterAll(async () => {
    await receiver.close();
    tmp.cleanup();
  });

  it('delivers every message at least once, and a receiver deduplicating by webhook-id sees each exactly once', async () => {
    const env = { PREMORTEM_WEBHOOK_URL: receiver.url, PREMORTEM_WEBHOOK_SECRET: SECRET };
    const first = runCli(['--workspace', ws, 'notify', 'send'], env, { built: true });
    // The k-th request has reached the receiver (sent) and its answer has not reached the sender (not recorded).
    receiver.respond = () => {
      if (receiver.received.length === KILL_AT) first.child.kill('SIGKILL');
      return 204;
    };
    const killed = await first.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(receiver.received).toHaveLength(KILL_AT);

    receiver.respond = () => 204;
    const rerun = await runCli(['--workspace', ws, 'notify', 'send'], env, { built: true }).done;
    expect(rerun.code, rerun.stderr).toBe(0);

    const expected = Array.from({ length: MESSAGES }, (_, i) => deliveryId(message(i + 1).id, 'webhook')).sort();
    const raw = receiver.received.map((r) => r.id);
    expect(receiver.received.every((r) => r.ok)).toBe(true);
    expect(raw.filter((id) => id === expected[0])).toHaveLength(1);
    // At least once: every message arrived; the one in flight at the kill arrived twice, with the same webhook-id.
    expect([...new Set(raw)].sort()).toEqual(expected);
    expect(raw).toHaveLength(MESSAGES + 1);
    expect(raw.filter((id) => id === raw[KILL_AT - 1])).toHaveLength(2);
    // Exactly once after deduplication.
    expect(receiver.unique().sort()).toEqual(expected);

    const w = await Workspace.open(ws);
    try {
      expect((await listDeliveries(w)).map((d) => d.status)).toEqual(Array(MESSAGES).fill('delivered'));
    } finally {
      w.close();
    }
  });
});
