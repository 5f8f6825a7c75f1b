import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'premortem-cli-sim-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The real program: stdout; a usage error rejects (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(args);

describe('premortem simulate', () => {
  it('prints one JSON object and nothing else with --json', async () => {
    const out = join(root, 'json');
    const stdout = await run(['--json', 'simulate', '--out', out, '--seed', '3']);
    const summary = JSON.parse(stdout) as {
      seed: number;
      signIns: { records: number; pages: number };
      directoryAudits: { records: number; pages: number };
      unifiedAuditLog: { records: number; blobs: number };
      graphActivity: { records: number; blobs: number };
      scenarios: { name: string }[];
      files: string[];
      window: { start: string; end: string };
    };
    expect(summary.seed).toBe(3);
    expect(summary.signIns.records).toBeGreaterThan(40_000);
    expect(summary.signIns.pages).toBe(Math.ceil(summary.signIns.records / 1000));
    expect(summary.scenarios.map((s) => s.name)).toEqual(['spray-backdoor', 'mfa-exception', 'token-theft']);
    expect(summary.window).toEqual({ start: '2025-09-02T00:00:00Z', end: '2025-10-03T00:00:00Z' });
    // token-theft adds the unified audit log: one Exchange content blob.
    expect(summary.unifiedAuditLog).toMatchObject({ blobs: 1 });
    expect(summary.unifiedAuditLog.records).toBeGreaterThan(0);
    // token-theft also adds the Graph activity log: one PT1H.json blob per hour with requests.
    expect(summary.graphActivity.records).toBeGreaterThan(0);
    expect(summary.graphActivity.blobs).toBeGreaterThan(0);
    expect(summary.files).toHaveLength(
      summary.signIns.pages +
        summary.directoryAudits.pages +
        summary.unifiedAuditLog.blobs +
        summary.graphActivity.blobs,
    );
    expect(await readdir(join(out, 'unifiedAuditLog'))).toEqual(['Audit.Exchange-0001.json']);
    expect((await readdir(join(out, 'signIns'))).length).toBe(summary.signIns.pages);
  });

  it('prints a short human summary by default', async () => {
    const stdout = await run(['simulate', '--out', join(root, 'human'), '--scenario', 'none']);
    expect(stdout).toMatch(/^Simulated Contoso Demo Pte Ltd \(contoso-demo\.com\), seed 1: 500 users\n/);
    expect(stdout).toMatch(/sign-ins .* pages .*\/signIns\//);
    expect(stdout).toContain('no scenario: the ordinary month only');
    expect(stdout).toContain('window 2025-09-03T00:00:00Z .. 2025-10-03T00:00:00Z');
  });

  it.each([
    [['--seed', 'abc'], /--seed takes an integer/],
    [['--seed', '-1'], /--seed takes an integer/],
    [['--seed', '4294967296'], /--seed takes an integer/],
    [['--scenario', 'storm-0558'], /unknown scenario "storm-0558"/],
  ])('rejects %j as a usage error', async (extra, message) => {
    await expect(run(['simulate', '--out', join(root, 'bad'), ...extra])).rejects.toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(message),
    });
  });

  it('rejects an --out that is a file before simulating', async () => {
    const file = join(root, 'file');
    await writeFile(file, 'x');
    await expect(run(['simulate', '--out', file])).rejects.toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/^premortem: /),
    });
  });

  it('requires --out', async () => {
    await expect(run(['simulate'])).rejects.toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining("required option '--out <dir>' not specified"),
    });
  });
});
