import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildIncidents } from '../investigate/incidents.js';
import { addAccount } from './accounts.js';
import { createContext } from './context.js';
import { type RunningServer, startServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const PASSWORD = 'browser test password';

describe('containment in serve: a responder proposes, a different approver executes, the trail shows it', () => {
  let s: Seed003;
  let graph: GraphTestServer;
  let server: RunningServer;
  let browser: Browser;
  let incidentId = '';
  const savedGraphUrl = process.env.PREMORTEM_GRAPH_URL;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    s = await seed003Workspace(1, CORE_RULE_FILES, { config: true });
    incidentId = (await buildIncidents(s.ws)).find((i) => i.entities.ips.includes('203.0.113.57'))?.id ?? '';
    await addAccount(s.ws, 'test', { username: 'rory', role: 'responder', password: PASSWORD, displayName: 'Rory' });
    await addAccount(s.ws, 'test', { username: 'ava', role: 'approver', password: PASSWORD, displayName: 'Ava' });
    graph = await startGraphServer();
    for (const [name, body] of Object.entries(s.config?.resources ?? {})) {
      const value = (body as { value?: unknown }).value;
      if (Array.isArray(value)) graph.data.config.lists[name] = structuredClone(value) as Record<string, unknown>[];
    }
    process.env.PREMORTEM_GRAPH_URL = graph.graphUrl;
    server = await startServer(createContext(s.ws), { host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
    // Building the seed-003 workspace takes minutes on a loaded machine.
  }, 1_500_000);
  afterAll(async () => {
    if (savedGraphUrl === undefined) delete process.env.PREMORTEM_GRAPH_URL;
    else process.env.PREMORTEM_GRAPH_URL = savedGraphUrl;
    await browser?.close();
    await server?.close();
    await graph?.close();
    s?.cleanup();
  });

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    return page;
  }

  it('proposes as a responder (who cannot execute), executes as an approver, and shows the trail', async () => {
    expect(incidentId).toMatch(/^inc-/);
    const rory = await signedIn('rory');
    await rory.goto(`${server.url}/incidents/${incidentId}`);
    await rory.getByRole('link', { name: 'Containment' }).click();
    const planned = await rory.locator('table#plan tbody tr').count();
    expect(planned).toBeGreaterThan(3);
    await rory.getByRole('button', { name: 'Propose this plan' }).click();
    await rory.locator('table#proposals td.state', { hasText: 'proposed' }).waitFor();
    expect(await rory.getByRole('button', { name: /^Execute/ }).count()).toBe(0);
    expect(graph.writes.writes).toEqual([]);

    const ava = await signedIn('ava');
    await ava.goto(`${server.url}/incidents/${incidentId}/contain`);
    await ava.getByLabel('Write token for this run').fill(graph.tokens.issue(graph.containAppId));
    await ava.getByRole('button', { name: /^Execute cp-/ }).click();
    await ava.locator('table#proposals td.state', { hasText: 'executed' }).waitFor();
    const outcomes = await ava.locator('table#trail td.outcome').allTextContents();
    expect(outcomes.length).toBe(planned);
    expect(outcomes.every((o) => o === 'done')).toBe(true);
    const row = ava.locator('table#trail tbody tr').first();
    expect(await row.locator('td').nth(3).textContent()).toBe('rory');
    expect(await row.locator('td').nth(4).textContent()).toBe('ava');
    expect(graph.writes.writes.length).toBe(planned);
    expect(await ava.content()).not.toContain(graph.tokens.issued.at(-1) as string);
  }, 180_000);
});
