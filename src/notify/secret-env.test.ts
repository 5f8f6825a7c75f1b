import { afterEach, describe, expect, test } from 'vitest';
import { sampleNotification } from '../../test/notification.js';
import { startReceiver } from '../../test/webhook-receiver.js';
import { tempWorkspace } from '../../test/workspace.js';
import { loadNotifyConfig } from './config.js';
import { deliverDue } from './sender.js';
import { listDeliveries, recordMessage } from './store.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("a channel's secrets", () => {
  test('come from the environment its configuration was loaded with, not the process (one per tenant in a fleet)', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const receiver = await startReceiver(secret);
    cleanups.push(() => receiver.close());
    const t = await tempWorkspace();
    cleanups.push(t.cleanup);
    expect(process.env.PREMORTEM_WEBHOOK_SECRET).toBeUndefined();
    const config = loadNotifyConfig(t.dir, { PREMORTEM_WEBHOOK_URL: receiver.url, PREMORTEM_WEBHOOK_SECRET: secret });
    await recordMessage(t.ws, sampleNotification({ id: 'tenant-a-1' }), ['webhook'], new Date());
    const result = await deliverDue(t.ws, config);
    expect(result.delivered).toBe(1);
    expect(receiver.received.map((r) => r.ok)).toEqual([true]);
    expect((await listDeliveries(t.ws)).map((d) => d.status)).toEqual(['delivered']);
  });
});
