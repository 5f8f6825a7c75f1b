/**
 * Runs the compensating rules of the exceptions register the way `premortem detect` runs any rule: written as
 * Sigma files into `<workspace>/generated-rules/`, then loaded, compiled with the built-in field mappings and run
 * over the store, so their alerts are ordinary alerts (stored, listed, in timelines).
 */
import { compileRules } from '../compile/compile.js';
import type { PremortemError } from '../core/errors.js';
import { type DetectionResult, runDetection } from '../detect/run.js';
import { builtinPipelinesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import type { Workspace } from '../store/workspace.js';
import { compensatingRules, generatedRulesDir, writeGeneratedRules } from './compensating.js';
import type { ExceptionEntry } from './exceptions/schema.js';

/** What a monitoring run did. */
export interface MonitorResult {
  readonly files: readonly string[];
  readonly skipped: readonly PremortemError[];
  readonly detection: DetectionResult | undefined;
}

/** Regenerates the rules for the register and runs them over the workspace's events. */
export async function runCompensatingMonitoring(
  ws: Workspace,
  register: readonly ExceptionEntry[],
  now: Date,
): Promise<MonitorResult> {
  const rules = compensatingRules(register, now);
  const dir = generatedRulesDir(ws.dir);
  const files = writeGeneratedRules(dir, rules);
  if (files.length === 0) return { files, skipped: [], detection: undefined };
  const loaded = loadRules(files, { collectErrors: true });
  const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
  const { compiled, errors } = compileRules(loaded.rules, pipelines, { collectErrors: true });
  const detection = await runDetection(ws, compiled, { now });
  return { files, skipped: [...loaded.errors, ...errors], detection };
}
