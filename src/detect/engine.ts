/**
 * The detection engine: the one place where rules and field-mapping pipelines are loaded, compiled and run over
 * the store, in full or incrementally, with the run recorded so the next incremental run reads only what is new.
 * `premortem detect`, `watch`, `rules test`, the exceptions register's compensating rules and the test helpers all
 * go through it, so they cannot drift apart in how a rule is turned into alerts.
 */
import { type CompiledRule, type CompileResult, compileRule, compileRules, compileShared } from '../compile/compile.js';
import type { CompileEnv } from '../compile/relation.js';
import type { PremortemError } from '../core/errors.js';
import type { Rule } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import { loadRulePack } from '../rules/rule-pack.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { Workspace } from '../store/workspace.js';
import type { StoreOutcome } from './alert-store.js';
import { type IncrementalResult, recordFullRun, runIncremental } from './incremental.js';
import { listAlerts } from './list-alerts.js';
import { storeMicrosoftAlerts } from './microsoft-alerts.js';
import { type DetectionResult, runDetection } from './run.js';

/** Where the engine's rules and mappings come from. */
export interface EngineOptions {
  /** Field-mapping pipelines (default: the built-in ones). */
  readonly pipelinesDir?: string;
  /** Throw the first rule that fails to load or compile instead of collecting it in `skipped` (test fixtures). */
  readonly strict?: boolean;
}

/** How to run. */
export interface RunOptions {
  /** Evaluate every stored event again, not only the input files each rule has not read yet. */
  readonly full?: boolean;
  readonly now?: Date;
}

/** A run's alerts; an incremental run also says how many rules had something new to read. */
export type EngineResult = DetectionResult & Partial<Pick<IncrementalResult, 'evaluated' | 'skipped'>>;

/** Loaded rules and pipelines, compiled on first use, ready to run over any workspace. */
export class DetectionEngine {
  private compiledOnce: CompileResult | undefined;

  private constructor(
    readonly ruleSet: RuleSet,
    readonly pipelines: PipelineSet,
    /** Rule files that failed to load, each with its reason (the others still load). */
    readonly loadErrors: readonly PremortemError[],
    private readonly strict: boolean,
  ) {}

  /** Loads rule files or folders and the pipelines (strict: and compiles, throwing the first failure). */
  static load(rulePaths: readonly string[], options: EngineOptions = {}): DetectionEngine {
    const strict = options.strict === true;
    const pack = loadRulePack(rulePaths, options);
    const engine = new DetectionEngine(pack.ruleSet, pack.pipelines, pack.errors, strict);
    if (strict) engine.compileAll();
    return engine;
  }

  private compileAll(): CompileResult {
    this.compiledOnce ??= compileRules(this.ruleSet, this.pipelines, { collectErrors: !this.strict });
    return this.compiledOnce;
  }

  /** The alerting rules that compiled. */
  get compiled(): readonly CompiledRule[] {
    return this.compileAll().compiled;
  }

  /** Rules that failed to load or compile, each with its reason (the others still run). */
  get skipped(): readonly PremortemError[] {
    return [...this.loadErrors, ...this.compileAll().errors];
  }

  /** What compiling needs: the rule set (for references) and the field mappings. */
  get env(): CompileEnv {
    return { ruleSet: this.ruleSet, pipelines: this.pipelines };
  }

  /**
   * Runs the compiled rules. Incremental (the default) reads, per rule, the input files it has not evaluated yet;
   * full reads everything and then records every stored file as evaluated, so the next incremental run does not
   * read it all again.
   */
  async run(ws: Workspace, options: RunOptions = {}): Promise<EngineResult> {
    const now = options.now ?? new Date();
    const result: EngineResult = options.full
      ? await this.runFull(ws, now)
      : await runIncremental(
          ws,
          this.compiled.map((c) => c.rule),
          this.env,
          { now },
        );
    return withMicrosoftAlerts(ws, result, now);
  }

  /**
   * Every rule over everything stored, the base scans several rules read kept once (compileShared); each rule that
   * ran records its unshared version as evaluated.
   */
  private async runFull(ws: Workspace, now: Date): Promise<DetectionResult> {
    const { compiled, scans } = compileShared(this.compiled, this.env);
    return runDetection(ws, compiled, {
      now,
      shared: scans,
      onRuleRan: (c) => recordFullRun(ws, c.shared?.alone ?? c, now),
    });
  }

  /**
   * Runs only the given rules of the set (compiled afresh, errors thrown) over everything stored, without recording
   * state: a rule test asks what these rules raise on its rows, nothing more.
   */
  async runOnly(ws: Workspace, rules: readonly Rule[], options: { now?: Date } = {}): Promise<DetectionResult> {
    const env = this.env;
    return runDetection(
      ws,
      rules.map((r) => compileRule(r, env)),
      options,
    );
  }
}

/** Microsoft's own alerts in the store join the run's alerts (detect/microsoft-alerts.ts). */
async function withMicrosoftAlerts(ws: Workspace, result: EngineResult, now: Date): Promise<EngineResult> {
  const outcomes = await storeMicrosoftAlerts(ws, now);
  if (outcomes.size === 0) return result;
  const ids = (o: StoreOutcome) => [...outcomes].filter(([, v]) => v === o).map(([k]) => k);
  return {
    ...result,
    new: [...result.new, ...(await listAlerts(ws, ids('new')))],
    updated: [...result.updated, ...(await listAlerts(ws, ids('updated')))],
    unchanged: [...result.unchanged, ...(await listAlerts(ws, ids('unchanged')))],
  };
}

/** What running a folder of generated rules did. */
export interface RuleFilesResult {
  readonly files: readonly string[];
  readonly skipped: readonly PremortemError[];
  readonly detection: DetectionResult | undefined;
  /** The ids of the rules that ran: their alerts are the ones the caller announces. */
  readonly ruleIds: readonly string[];
}

/** Runs rule files written by another part of premortem (the exceptions register's compensating rules) in full. */
export async function runRuleFiles(ws: Workspace, files: readonly string[], now: Date): Promise<RuleFilesResult> {
  if (files.length === 0) return { files, skipped: [], detection: undefined, ruleIds: [] };
  const engine = DetectionEngine.load(files);
  const detection = await engine.run(ws, { full: true, now });
  return { files, skipped: engine.skipped, detection, ruleIds: engine.compiled.map((c) => c.ruleId) };
}
