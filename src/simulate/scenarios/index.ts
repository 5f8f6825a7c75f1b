/**
 * The scenario registry: seed 003's spray and backdoor, seed 000's MFA-excluded executive with an invoicing app
 * over EAS, seed 004's Storm-0558-style token theft. A new story is a folder beside spray-backdoor/ plus one line in
 * SCENARIOS and one member in ScenarioTruth; nothing else changes.
 */
import { PremortemError } from '../../core/errors.js';
import { type MfaExceptionTruth, mfaException } from './mfa-exception/index.js';
import { type SprayBackdoorTruth, sprayBackdoor } from './spray-backdoor/index.js';
import { type TokenTheftTruth, tokenTheft } from './token-theft/index.js';
import type { Scenario } from './types.js';

/** The ground truth of any scenario, told apart by its `scenario` name. */
export type ScenarioTruth = SprayBackdoorTruth | MfaExceptionTruth | TokenTheftTruth;

/** A scenario's name. */
export type ScenarioName = ScenarioTruth['scenario'];

/** Every scenario, in the order they run under `--scenario all`. */
export const SCENARIOS: readonly Scenario<ScenarioTruth>[] = [sprayBackdoor, mfaException, tokenTheft];

/**
 * The scenarios a --scenario value selects: "all" (the default), "none" (the ordinary tenant only, for
 * false-positive checks), or one name. An unknown name is a usage error that lists the known ones.
 */
export function selectScenarios(name: string): Scenario<ScenarioTruth>[] {
  if (name === 'all') return [...SCENARIOS];
  if (name === 'none') return [];
  const found = SCENARIOS.find((s) => s.name === name);
  if (found === undefined) {
    throw new PremortemError('usage', `unknown scenario "${name}"`, {
      hint: `use one of: ${[...SCENARIOS.map((s) => s.name), 'all', 'none'].join(', ')}`,
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
