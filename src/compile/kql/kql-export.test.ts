import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { builtinPipelinesDir } from '../../rules/content.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { reasonCounts } from '../conversion-report.js';
import { exportKql } from './kql-export.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

describe('KQL export over SigmaHQ (the figures in docs/rules.md)', () => {
  it('132 of 142 translate with zero diagnostics, and every other one says why', () => {
    const dir = join(SHARED_DATA, 'sigma-rules/rules');
    const { report, files } = exportKql(dir, pipelines, 'kql');
    expect(report.rules).toHaveLength(142);
    expect({ translated: report.translated, notTranslated: report.notTranslated, invalid: report.invalid }).toEqual({
      translated: 132,
      notTranslated: 10,
      invalid: 0,
    });
    expect(files).toHaveLength(132);
    expect(new Set(files.map((f) => f.name)).size).toBe(132);
    expect(report.rules.filter((r) => r.status !== 'translated').every((r) => r.reason !== '')).toBe(true);
    expect(reasonCounts(report).map((r) => r.count)).toEqual([7, 1, 1, 1]);
    expect(report.rules.some((r) => /language service/.test(r.reason))).toBe(false);
  }, 300_000);
});

describe('KQL export of a rules folder', () => {
  it('a query too long for a Sentinel analytic rule is reported, not written, and still exports as .kql', () => {
    const dir = mkdtempSync(join(tmpdir(), 'premortem-kql-long-'));
    try {
      const values = Array.from({ length: 400 }, (_, i) => `      - app-${i}-${'x'.repeat(20)}`).join('\n');
      writeFileSync(
        join(dir, 'long.yml'),
        `title: Long\nname: long\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  s:\n    AppDisplayName:\n${values}\n  condition: s\n`,
      );
      const sentinel = exportKql(dir, pipelines, 'sentinel');
      expect(sentinel.files).toEqual([]);
      expect(sentinel.report.rules[0]?.reason).toMatch(/Sentinel analytic rules hold at most 10000/);
      const kql = exportKql(dir, pipelines, 'kql');
      expect(kql.files.map((f) => f.name)).toEqual(['long.kql']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
