import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleNotification } from '../../../test/notification.js';
import { ServeClient } from '../../../test/serve-client.js';
import { tempWorkspace } from '../../../test/workspace.js';
import { deliveryId, recordMessage } from '../../notify/store.js';
import { addAccount } from '../accounts.js';
import { createApp } from '../app.js';
import { createContext } from '../context.js';

const PASSWORD = 'correct horse battery';

describe('serve: the notifications page', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  let client: ServeClient;

  beforeAll(async () => {
    t = await tempWorkspace();
    await addAccount(t.ws, 'test', { username: 'vera', role: 'viewer', password: PASSWORD, displayName: 'Vera' });
    const n = sampleNotification({
      id: 'msg_page',
      severity: 'critical',
      title: '[critical] Incident inc-1 opened: <img src=x onerror=alert(1)>',
    });
    await recordMessage(t.ws, n, ['soc'], new Date('2026-12-07T00:00:00Z'));
    const app = createApp(createContext(t.ws));
    client = new ServeClient((path, init) => Promise.resolve(app.request(path, init)));
    await client.login('vera', PASSWORD);
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('lists each delivery by its webhook-id, escaped, and its JSON twin the counts', async () => {
    const page = await (await client.request('/notifications')).text();
    expect(page).toContain(deliveryId('msg_page', 'soc'));
    expect(page).toContain('&lt;img src=x');
    expect(page).not.toContain('<img src=x');
    const api = (await (await client.api('GET', '/api/notifications')).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ messages: { 'incident-opened': 1 }, deliveries: { pending: 1 }, digest_pending: 0 });
  });
});
