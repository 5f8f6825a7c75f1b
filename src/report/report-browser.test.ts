import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { HOSTILE, hostileWorkspace } from '../../test/hostile-workspace.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildIncidents } from '../investigate/incidents.js';
import { buildIncidentReport } from './build-report.js';
import { renderReport } from './render.js';

/** Debian's Chromium (.ci/run installs it); the flags keep it off the network, which this machine does not have. */
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

/** Runs the real premortem program in process; returns stdout (test/cli.ts). */
const cli = (args: string[]): Promise<string> => premortemStdout(args);

describe('the demo incident report in headless Chromium', () => {
  let s: Seed003;
  let dir: string;
  let browser: Browser;
  let incidentId: string;
  const htmlFile = () => join(dir, 'incident.html');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    dir = mkdtempSync(join(tmpdir(), 'premortem-report-'));
    s = await seed003Workspace(1, CORE_RULE_FILES);
    s.ws.close();
    const incidents = JSON.parse(await cli(['--workspace', s.wsDir, '--json', 'incidents'])) as { id: string }[];
    expect(incidents).toHaveLength(1);
    incidentId = incidents[0]?.id ?? '';
    await cli(['--workspace', s.wsDir, 'report', '--incident', incidentId, '--format', 'html', '--out', htmlFile()]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    s?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('investigate --json follows the backdoor from the compromised account', async () => {
    const f = JSON.parse(
      await cli(['--workspace', s.wsDir, '--json', 'investigate', '--user', s.truth.compromisedUser.userPrincipalName]),
    ) as {
      identities: { name: string }[];
    };
    expect(f.identities.map((i) => i.name)).toContain(s.truth.backdoor.displayName);
  });

  it('shows every section, the chart and the timeline, makes no request and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`file://${htmlFile()}`);
    for (const title of [
      'Executive Summary',
      'Incident Details',
      'Timeline of Events',
      'Attack Methodology',
      'Impact Assessment',
      'Attacker Footprint',
      'Indicators of Compromise',
      'Response Actions',
      'Lessons Learned and Recommendations',
      'Evidence Appendix',
    ]) {
      await expect.poll(() => page.getByRole('heading', { name: title, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(100);
    expect(await page.locator('svg.chart').isVisible()).toBe(true);
    const rows = page.locator('table.timeline tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    await expect.poll(() => page.getByText(s.truth.auditIds.roleAssignment).first().isVisible()).toBe(true);
    const shot = join(tmpdir(), 'premortem-report-seed-003.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(existsSync(shot)).toBe(true);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs nothing from the data: hostile strings show as text and no script executes', async () => {
    const t = await hostileWorkspace();
    try {
      const incidents = await buildIncidents(t.ws);
      const report = await buildIncidentReport(t.ws, incidents[0] as (typeof incidents)[number]);
      const file = join(dir, 'hostile.html');
      writeFileSync(file, renderReport([report], 'html'));
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`file://${file}`);
      await page.locator('section').first().hover();
      await page.mouse.move(10, 10);
      expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(await page.locator('script, iframe, img, [onerror], [onload], [onmouseover]').count()).toBe(0);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain(HOSTILE.userAgent);
      expect(text).toContain(HOSTILE.spName);
      await page.screenshot({ path: join(tmpdir(), 'premortem-report-hostile.png') });
      await page.close();
    } finally {
      t.cleanup();
    }
  });
});
