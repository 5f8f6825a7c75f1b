/**
 * The report's readiness section on the seed-004 token theft (simulated, imported): with the unified audit log in
 * the workspace, MailItemsAccessed is a source with its own dates, the mail-access technique is covered rather than
 * blind, and the Storm-0558 scenario gets a time to detect instead of "never".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../ingest/import-files.js';
import { assessReadiness, type ReadinessReport } from '../readiness/report.js';
import { simulate, writeGraphJson } from '../simulate/index.js';
import { Workspace } from '../store/workspace.js';
import { type ReadinessFacts, readinessFacts, readinessHtml, readinessMarkdown } from './report-readiness.js';

const NOW = Date.parse('2025-10-03T00:00:00Z');
let root: string;
let ws: Workspace;
let r: ReadinessReport;
let f: ReadinessFacts;
const sim = simulate({ seed: 1, scenario: 'token-theft' });
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'premortem-storm-report-'));
  await writeGraphJson(sim, join(root, 'tenant'));
  ws = await Workspace.open(join(root, 'ws'));
  await importPaths(ws, [join(root, 'tenant')]);
  r = await assessReadiness(ws, { now: NOW });
  f = readinessFacts(r);
}, 120_000);
afterAll(() => {
  ws?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the readiness section with the unified audit log', () => {
  it('lists MailItemsAccessed as a source with its dates and Purview horizon', () => {
    const mail = f.sources.find((s) => s.label === 'MailItemsAccessed');
    const lb = r.howFarBack.sources.find((s) => s.source === 'ual:mail-items-accessed');
    expect(mail).toMatchObject({
      held: sim.unifiedAuditLog.length,
      earliest: `${sim.unifiedAuditLog.at(-1)?.CreationTime}.000Z`,
      latest: `${sim.unifiedAuditLog[0]?.CreationTime}.000Z`,
      horizon: lb?.horizon,
      loss_date: lb?.lossDate,
      lost: null,
    });
    expect(mail?.held).toBeGreaterThan(100);
    expect(readinessHtml(f)).toContain(`<td>MailItemsAccessed</td><td>${mail?.held}</td>`);
  });

  it('times the Storm-0558 scenario: both steps detectable, the UAL step at Purview’s pace', () => {
    expect(f.blind.map((b) => b.technique)).not.toContain('mail-access-unusual-app');
    const storm = f.scenarios.find((s) => s.title.startsWith('Seed 004'));
    expect(storm?.steps.map((s) => [s.technique, s.never])).toEqual([
      ['token-replay', null],
      ['mail-access-unusual-app', null],
    ]);
    // Sign-ins come first (5 min typical pipeline), MailItemsAccessed later (90 min): the first alert is the replay.
    const [replay, mail] = storm?.steps ?? [];
    expect(storm?.typical_s).toBe(replay?.typical_s);
    expect(mail?.typical_s ?? 0).toBeGreaterThan(replay?.typical_s ?? Number.POSITIVE_INFINITY);
    const text = readinessMarkdown(f).join('\n');
    expect(text).toContain('mailbox read by an unusual app (mail-access-unusual-app via ual:mail-items-accessed):');
    expect(text).not.toContain('mail-access-unusual-app via ual:mail-items-accessed): never');
  });
});
