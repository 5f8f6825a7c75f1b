import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeClient } from '../../test/serve-client.js';
import { tempWorkspace } from '../../test/workspace.js';
import { addAccount, disableAccount } from './accounts.js';
import { createApp } from './app.js';
import { listChanges } from './audit-trail.js';
import { createContext } from './context.js';

const PASSWORD = 'correct horse battery';

describe('premortem serve: sessions, CSRF, headers, audit trail', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  let app: ReturnType<typeof createApp>;
  const client = (target = app) => new ServeClient((path, init) => Promise.resolve(target.request(path, init)));

  beforeAll(async () => {
    t = await tempWorkspace();
    for (const [username, role] of [
      ['vera', 'viewer'],
      ['ada', 'admin'],
      ['gone', 'viewer'],
    ] as const)
      await addAccount(t.ws, 'test', { username, role, password: PASSWORD, displayName: `<b>${username}</b>` });
    app = createApp(createContext(t.ws));
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('serves /healthz without a session and nothing else', async () => {
    const c = client();
    expect((await c.request('/healthz')).status).toBe(200);
    const page = await c.request('/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login');
    expect((await c.request('/api/overview')).status).toBe(401);
    expect((await c.request('/audit')).status).toBe(303);
  });

  it('sets the security headers on every response', async () => {
    for (const path of ['/healthz', '/login', '/', '/nowhere']) {
      const res = await client().request(path);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('script-src');
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('logs in with an HttpOnly SameSite=Strict cookie, shows the page, logs out', async () => {
    const c = client();
    const res = await c.login('vera', PASSWORD);
    expect(res.status).toBe(303);
    const set = res.headers.getSetCookie().find((s) => s.startsWith('premortem_session='));
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    const page = await (await c.request('/')).text();
    expect(page).toContain('Overview');
    expect(page).toContain('&lt;b&gt;vera&lt;/b&gt;');
    expect(page).not.toContain('<b>vera</b>');
    const out = await c.form('/logout', { _csrf: c.csrf });
    expect(out.status).toBe(303);
    expect((await c.request('/')).status).toBe(303);
  });

  it('refuses a wrong password, a login without the form token, and throttles repeated failures', async () => {
    const c = client(createApp(createContext(t.ws)));
    expect((await c.login('vera', 'wrong password!')).status).toBe(401);
    expect((await c.form('/login', { username: 'vera', password: PASSWORD })).status).toBe(403);
    // Its own app: throttling is per address too, and every in-process request comes from the same one.
    const d = client(createApp(createContext(t.ws)));
    let last = 0;
    for (let i = 0; i < 7; i++) last = (await d.login('ada', `wrong-${i}-password`)).status;
    expect(last).toBe(429);
    // Even the right password waits out the delay.
    expect((await d.login('ada', PASSWORD)).status).toBe(429);
  });

  it('refuses a state change without the CSRF token or from another origin', async () => {
    const c = client();
    await c.login('vera', PASSWORD);
    expect((await c.form('/logout', {})).status).toBe(403);
    expect((await c.form('/logout', { _csrf: 'forged' })).status).toBe(403);
    const cross = await c.request('/logout', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: c.csrf }).toString(),
    });
    expect(cross.status).toBe(403);
    // Still signed in: none of those logged out.
    expect((await c.request('/')).status).toBe(200);
  });

  it('ends the sessions of a disabled account', async () => {
    const c = client();
    await c.login('gone', PASSWORD);
    expect((await c.request('/')).status).toBe(200);
    await disableAccount(t.ws, 'test', 'gone');
    expect((await c.request('/')).status).toBe(303);
    expect((await client().login('gone', PASSWORD)).status).toBe(401);
  });

  it('keeps an audit trail of logins and account changes; only admins see it', async () => {
    const v = client();
    await v.login('vera', PASSWORD);
    expect((await v.request('/api/audit')).status).toBe(403);
    expect((await v.request('/audit')).status).toBe(403);
    const entries = await listChanges(t.ws);
    const actions = entries.map((e) => `${e.actor} ${e.action} ${e.target}`);
    expect(actions).toContain('test user.add user:vera');
    expect(actions).toContain('vera session.login user:vera');
    expect(actions).toContain('vera session.logout user:vera');
    const disabled = entries.find((e) => e.action === 'user.disable');
    expect(disabled?.before).toMatchObject({ username: 'gone', disabled: false });
    expect(disabled?.after).toMatchObject({ username: 'gone', disabled: true });
    expect(JSON.stringify(entries)).not.toContain('scrypt$');
  });
});
