import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { builtinPipelinesDir } from '../../rules/content.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { reasonCounts } from '../conversion-report.js';
import { exportKql } from './kql-export.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

describe('KQL export over SigmaHQ (the figures in docs/rules.md)', () => {
  it('97 of 142 translate with zero diagnostics, and every other one says why', () => {
    const dir = join(SHARED_DATA, 'sigma-rules/rules');
    const { report, files } = exportKql(dir, pipelines, 'kql');
    expect(report.rules).toHaveLength(142);
    expect({ translated: report.translated, notTranslated: report.notTranslated, invalid: report.invalid }).toEqual({
      translated: 97,
      notTranslated: 45,
      invalid: 0,
    });
    expect(files).toHaveLength(97);
    expect(new Set(files.map((f) => f.name)).size).toBe(97);
    expect(report.rules.filter((r) => r.status !== 'translated').every((r) => r.reason !== '')).toBe(true);
    expect(reasonCounts(report).map((r) => r.count)).toEqual([35, 7, 1, 1, 1]);
    expect(report.rules.some((r) => /language service/.test(r.reason))).toBe(false);
  }, 300_000);
});
