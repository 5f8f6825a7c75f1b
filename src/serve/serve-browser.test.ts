import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { HOSTILE } from '../../test/hostile-workspace.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { importPaths } from '../ingest/import-files.js';
import { rawRecord } from '../ingest/raw-record.js';
import { buildIncidents } from '../investigate/incidents.js';
import { addAccount } from './accounts.js';
import { createContext } from './context.js';
import { type RunningServer, startServer } from './server.js';

/** Debian's Chromium (.ci/run installs it); the flags keep it off the network. */
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
const PASSWORD = 'browser test password';
const HOSTILE_NAME = `<script>alert("name")</script><img src=x onerror="alert('img')">`;

describe('premortem serve in headless Chromium', () => {
  let s: Seed003;
  let server: RunningServer;
  let browser: Browser;
  let incidentId = '';
  let hostileUid = '';
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    s = await seed003Workspace(1, CORE_RULE_FILES);
    // A sign-in whose user agent carries markup, imported like any record so its raw record can be opened.
    const sample = await s.ws.one<{ uid: string }>('SELECT uid FROM signins ORDER BY uid LIMIT 1');
    const record = JSON.parse((await rawRecord(s.ws, sample?.uid ?? '')).raw) as Record<string, unknown>;
    hostileUid = randomUUID();
    const file = join(s.wsDir, '..', 'hostile-signin.json');
    writeFileSync(file, JSON.stringify({ value: [{ ...record, id: hostileUid, userAgent: HOSTILE.userAgent }] }));
    await importPaths(s.ws, [file]);
    incidentId = (await buildIncidents(s.ws)).find((i) => i.entities.ips.includes('203.0.113.57'))?.id ?? '';
    await addAccount(s.ws, 'test', {
      username: 'rita',
      role: 'approver',
      password: PASSWORD,
      displayName: HOSTILE_NAME,
    });
    await addAccount(s.ws, 'test', {
      username: 'alex',
      role: 'approver',
      password: PASSWORD,
      displayName: 'Alex Approver',
    });
    server = await startServer(createContext(s.ws, { now: () => new Date('2025-10-03T00:00:00Z') }), {
      host: '127.0.0.1',
      port: 0,
    });
    // launch() gives Chromium a fresh temporary --user-data-dir of its own and deletes it on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    s?.cleanup();
  });

  async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    return { context, page };
  }

  it('logs in, sees the seed-003 incident on the overview, opens its timeline and a raw record', async () => {
    expect(incidentId).toMatch(/^inc-/);
    const { context, page } = await signedIn('rita');
    await page.getByRole('link', { name: incidentId }).first().click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.locator('table.timeline tbody tr').count()).toBeGreaterThan(5);
    await page.locator('table.timeline a[href^="/records/"]').first().click();
    await page.getByRole('heading', { name: 'As read' }).waitFor();
    expect(await page.locator('pre.raw').textContent()).toContain('"id"');
    await context.close();
  }, 120_000);

  it('acknowledges and closes an alert', async () => {
    const { context, page } = await signedIn('rita');
    await page.goto(`${server.url}/alerts?status=new`);
    await page.locator('table.alerts tbody a').first().click();
    const alertUrl = page.url();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(alertUrl);
    expect(await page.locator('main').textContent()).toContain('acknowledged');
    await page.getByLabel('Close as').selectOption('benign');
    await page.getByLabel('Reason').fill('an approved penetration test');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL(alertUrl);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('closed');
    expect(text).toContain('an approved penetration test');
    await context.close();
  }, 120_000);

  it('refuses a forged form without the CSRF token', async () => {
    const { context, page } = await signedIn('rita');
    await page.goto(`${server.url}/alerts?status=new`);
    await page.locator('table.alerts tbody a').first().click();
    await page.locator('form[action$="/acknowledge"] input[name="_csrf"]').evaluate((el) => el.remove());
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('heading', { name: 'Refused' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('CSRF');
    await page.goBack();
    await page.reload();
    expect(await page.locator('main').textContent()).not.toContain('acknowledged');
    await context.close();
  }, 120_000);

  it('requests an exception as one user and approves it as another; self-approval is refused', async () => {
    const rita = await signedIn('rita');
    const p = rita.page;
    await p.goto(`${server.url}/exceptions`);
    await p.getByLabel(/^Control/).fill('PM-001');
    await p.getByLabel(/^Subjects \(comma/).fill('j.tan@contoso-demo.com');
    await p.getByLabel('Reason').fill('the CEO legacy app cannot do MFA until it is replaced');
    await p.getByLabel(/^Compensating/).fill('alert on every sign-in');
    await p.getByRole('button', { name: 'Request' }).click();
    await p.getByRole('button', { name: 'Approve EXC-001' }).waitFor();
    expect(await p.locator('tr[data-id="EXC-001"]').textContent()).toContain('requested');
    await p.getByRole('button', { name: 'Approve EXC-001' }).click();
    await p.getByRole('heading', { name: 'Not done' }).waitFor();
    expect(await p.locator('main').textContent()).toContain('four eyes');
    await rita.context.close();

    const alex = await signedIn('alex');
    await alex.page.goto(`${server.url}/exceptions`);
    await alex.page.getByRole('button', { name: 'Approve EXC-001' }).click();
    await alex.page.waitForURL(`${server.url}/exceptions`);
    const row = (await alex.page.locator('tr[data-id="EXC-001"]').textContent()) ?? '';
    expect(row).toContain('active');
    expect(row).toContain('alex');
    await alex.context.close();
  }, 120_000);

  it('shows a <script> in a user agent and a display name as text, and no dialog fires', async () => {
    const { context, page } = await signedIn('rita');
    expect(await page.locator('header .who').textContent()).toContain(HOSTILE_NAME);
    await page.goto(`${server.url}/records/${hostileUid}`);
    await page.getByRole('heading', { name: 'As read' }).waitFor();
    expect(await page.locator('pre.raw').textContent()).toContain(HOSTILE.userAgent.replace(/"/g, '\\"'));
    expect(await page.locator('script, img, iframe, [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  }, 120_000);

  it('logs out', async () => {
    const { context, page } = await signedIn('alex');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 120_000);
});
