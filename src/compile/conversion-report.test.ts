import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPipelinesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { Workspace } from '../store/workspace.js';
import { compileRules } from './compile.js';
import { conversionReport } from './conversion-report.js';

const SIGMA = '../shared/data/sigma-rules/rules';
const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const report = conversionReport(SIGMA, pipelines);

describe('SigmaHQ conversion report', () => {
  it('lists every rule file once, with a status and, unless converted, a reason', () => {
    expect(report.rules).toHaveLength(142);
    expect(report.converted + report.unsupported + report.invalid).toBe(142);
    for (const r of report.rules) {
      if (r.status === 'converted') expect(r.reason).toBe('');
      else expect(r.reason.length).toBeGreaterThan(10);
    }
  });

  it('converts at least 80% of the Entra and M365 rules (all but activity_logs)', () => {
    const scope = report.rules.filter((r) => !r.file.includes('activity_logs'));
    expect(scope).toHaveLength(107);
    const converted = scope.filter((r) => r.status === 'converted').length;
    expect(converted / scope.length).toBeGreaterThanOrEqual(0.8);
  });

  it('converts every identity-protection and PIM rule', () => {
    const ours = report.rules.filter((r) => /identity_protection|privileged_identity_management/.test(r.file));
    expect(ours).toHaveLength(26);
    expect(ours.filter((r) => r.status !== 'converted')).toEqual([]);
  });

  it('converts every Azure Activity rule (the azure_activity table)', () => {
    const activity = report.rules.filter((r) => r.file.includes('activity_logs'));
    expect(activity).toHaveLength(35);
    expect(activity.filter((r) => r.status !== 'converted')).toEqual([]);
    expect(report.converted).toBe(141);
  });
});

describe('converted SigmaHQ rules run', () => {
  let dir: string;
  let ws: Workspace;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'premortem-sigmahq-'));
    ws = await Workspace.open(dir);
  });
  afterAll(() => {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every converted query binds and executes against the store (views included)', async () => {
    const loaded = loadRules(SIGMA, { collectErrors: true });
    const { compiled } = compileRules(loaded.rules, pipelines, { collectErrors: true });
    const failures: string[] = [];
    for (const c of compiled) {
      try {
        await ws.all(c.query.sql, [...c.query.parameters]);
      } catch (err) {
        failures.push(`${c.rule.origin.file}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(compiled.length).toBe(report.converted);
  });
});
