import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { addAccount } from './accounts.js';
import { listChanges } from './audit-trail.js';
import { createContext } from './context.js';
import { OidcClient } from './oidc.js';
import { type RunningServer, startServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Sign-in with OpenID Connect (authorization code + PKCE) against a local oidc-provider, in headless Chromium. */
describe('premortem serve: OpenID Connect sign-in', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  let idp: Server;
  let issuer = '';
  let serve: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await tempWorkspace();
    idp = createServer();
    await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    await addAccount(t.ws, 'test', {
      username: 'olga',
      role: 'viewer',
      displayName: 'Olga OIDC',
      oidcSubject: `${issuer}#olga-42`,
    });
    serve = await startServer(
      createContext(t.ws, {
        oidc: new OidcClient({ issuer, clientId: 'premortem', clientSecret: 'a client secret for tests' }),
      }),
      { host: '127.0.0.1', port: 0 },
    );
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'premortem',
          client_secret: 'a client secret for tests',
          redirect_uris: [`${serve.url}/auth/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
    });
    idp.on('request', provider.callback());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.close();
    await new Promise((ok) => idp?.close(ok));
    t?.cleanup();
  });

  async function signInAs(login: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${serve.url}/login`);
    await page.getByRole('link', { name: /OpenID Connect/ }).click();
    await page.waitForURL((u) => u.toString().startsWith(issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The provider's consent step, when it asks.
    await page.waitForURL((u) => u.toString().startsWith(serve.url) || u.pathname.includes('interaction'));
    if (!page.url().startsWith(serve.url)) {
      await page.locator('button[type="submit"]').click();
    }
    return { context, page };
  }

  it('signs in a linked identity with the authorization code flow and PKCE', async () => {
    const { context, page } = await signInAs('olga-42');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.locator('header .who').textContent()).toContain('Olga OIDC');
    const login = (await listChanges(t.ws)).find((e) => e.action === 'session.login' && e.actor === 'olga');
    expect(login?.after).toMatchObject({ method: 'oidc', subject: `${issuer}#olga-42` });
    await context.close();
  }, 120_000);

  it('refuses an identity no account is linked to', async () => {
    const { context, page } = await signInAs('mallory');
    await page.getByRole('heading', { name: 'Not signed in' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(`${issuer}#mallory`);
    await page.goto(`${serve.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 120_000);
});
