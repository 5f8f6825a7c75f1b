import type { PremortemError } from '../core/errors.js';
import { builtinPipelinesDir } from './content.js';
import { loadRules } from './loader.js';
import { loadPipelines, PipelineSet } from './pipeline.js';
import type { RuleSet } from './rule-set.js';

/** Rules with the field mappings they are read through: what detection compiles and readiness profiles. */
export interface RulePack {
  readonly ruleSet: RuleSet;
  readonly pipelines: PipelineSet;
  /** Rule files that failed to load, each with its reason (empty when strict: the first one is thrown). */
  readonly errors: readonly PremortemError[];
}

/** Loads rule files or folders and a pipelines folder (default: the built-in field mappings). */
export function loadRulePack(
  rulePaths: readonly string[],
  options: { pipelinesDir?: string; strict?: boolean } = {},
): RulePack {
  const loaded = loadRules(rulePaths, { collectErrors: options.strict !== true });
  const pipelines = new PipelineSet(loadPipelines(options.pipelinesDir ?? builtinPipelinesDir()));
  return { ruleSet: loaded.rules, pipelines, errors: loaded.errors };
}
