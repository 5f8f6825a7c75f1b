/**
 * The scenario registry: seed 003's spray and backdoor, seed 000's MFA-excluded executive with an invoicing app
 * over EAS, seed 004's Storm-0558-style token theft. A new story is a folder beside spray-backdoor/ plus one line in
 * SCENARIOS and one member in ScenarioTruth; nothing else changes.
 */
import { PremortemError } from '../../core/errors.js';
import { ENVELOPE_SCENARIOS, type EnvelopeTruth } from './envelope/index.js';
import { type MfaExceptionTruth, mfaException } from './mfa-exception/index.js';
import { type SprayBackdoorTruth, sprayBackdoor } from './spray-backdoor/index.js';
import { type TokenTheftTruth, tokenTheft } from './token-theft/index.js';
import type { Scenario } from './types.js';

/** The ground truth of any scenario, told apart by its `scenario` name. */
export type ScenarioTruth = SprayBackdoorTruth | MfaExceptionTruth | TokenTheftTruth | EnvelopeTruth;

/** A scenario's name. */
export type ScenarioName = ScenarioTruth['scenario'];

/** Every scenario, in the order they run under `--scenario all`. */
export const SCENARIOS: readonly Scenario<ScenarioTruth>[] = [sprayBackdoor, mfaException, tokenTheft];

/** Scenarios selected by name only: the detection-envelope variants (envelope/index.ts). */
export const NAMED_ONLY_SCENARIOS: readonly Scenario<ScenarioTruth>[] = ENVELOPE_SCENARIOS;

/**
 * The scenarios a --scenario value selects: "all" (the default: the seed stories), "none" (the ordinary tenant
 * only, for false-positive checks), or one name, of a story or of a detection-envelope variant. An unknown name is
 * a usage error that lists the known ones.
 */
export function selectScenarios(name: string): Scenario<ScenarioTruth>[] {
  if (name === 'all') return [...SCENARIOS];
  if (name === 'none') return [];
  const found = [...SCENARIOS, ...NAMED_ONLY_SCENARIOS].find((s) => s.name === name);
  if (found === undefined) {
    throw new PremortemError('usage', `unknown scenario "${name}"`, {
      hint: `use one of: ${[...SCENARIOS, ...NAMED_ONLY_SCENARIOS].map((s) => s.name).join(', ')}, all, none`,
    });
  }
  return [found];
}

/** The ground truth of one scenario from a simulation's list, typed by its name; undefined when it did not run. */
export function truthOf<N extends ScenarioName>(
  truths: readonly ScenarioTruth[],
  name: N,
): Extract<ScenarioTruth, { scenario: N }> | undefined {
  return truths.find((t): t is Extract<ScenarioTruth, { scenario: N }> => t.scenario === name);
}
