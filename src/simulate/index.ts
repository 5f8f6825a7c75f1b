/**
 * The simulator's public surface: simulate() builds the in-memory model, writeGraphJson() writes it as Graph pages,
 * toGraphPages() pages it for anything that serves it, and the scenario registry says what can be simulated.
 */
export { SIMULATION_END, SIMULATION_START } from './calendar.js';
export {
  type ConfigMoment,
  type ConfigSnapshotBodies,
  configSnapshot,
  writeConfigSnapshot,
} from './config/index.js';
export { GRAPH_ACTIVITY_DIR, type GraphActivityRecord } from './graph-activity.js';
export type { BetaSignIn, GraphDirectoryAudit } from './graph-types.js';
export {
  checkOutDir,
  DIRECTORY_AUDITS_COLLECTION,
  type GraphCollection,
  type GraphPage,
  PAGE_SIZE,
  SIGNINS_COLLECTION,
  toGraphPages,
  type WriteSummary,
  writeGraphJson,
} from './graph-writer.js';
export { ENVELOPE_VARIANTS, type EnvelopeTruth, VICTIMS, variantUsers } from './scenarios/envelope/index.js';
export {
  attackerAddress,
  type BenignSpec,
  type BruteForceSpec,
  generateVariant,
  type SpraySpec,
  type VariantOutput,
  type VariantSpec,
} from './scenarios/envelope/variants.js';
export {
  NAMED_ONLY_SCENARIOS,
  SCENARIOS,
  type ScenarioName,
  type ScenarioTruth,
  selectScenarios,
  truthOf,
} from './scenarios/index.js';
export type { MfaExceptionTruth } from './scenarios/mfa-exception/index.js';
export type { SprayBackdoorTruth } from './scenarios/spray-backdoor/index.js';
export type { TokenTheftTruth } from './scenarios/token-theft/index.js';
export {
  buildTenantForSeed,
  type GroundTruth,
  type SimulateOptions,
  type Simulation,
  simulate,
} from './simulate.js';
export type { Tenant, TenantUser } from './tenant.js';
export type { UalMailItemsAccessed, UalRecord } from './ual-types.js';
export { UAL_DIR } from './ual-writer.js';
