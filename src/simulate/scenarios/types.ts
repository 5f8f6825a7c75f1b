/**
 * The contract every attack scenario meets. A scenario adds events on top of the ordinary month and returns a
 * ground truth (what happened, with the ids of the key events) for tests and benchmarks; the ground truth never goes
 * into the Graph output.
 */
import type { GraphActivityRecord } from '../graph-activity.js';
import type { BetaSignIn, GraphDirectoryAudit } from '../graph-types.js';
import type { Rng } from '../random.js';
import type { Tenant } from '../tenant.js';
import type { UalRecord } from '../ual-types.js';

/** What a scenario adds to the logs, and what it knows about them. */
export interface ScenarioOutput<T> {
  readonly signIns: BetaSignIn[];
  readonly directoryAudits: GraphDirectoryAudit[];
  /** Unified audit log records (Management Activity API shape), for scenarios whose evidence is in Microsoft 365. */
  readonly unifiedAuditLog?: UalRecord[];
  /** Microsoft Graph activity log records (diagnostic-settings shape), for scenarios whose evidence is in Graph. */
  readonly graphActivity?: GraphActivityRecord[];
  readonly truth: T;
}

/** The ordinary month a scenario is added to, for scenarios whose records follow from it (tokens its sign-ins issued). */
export interface OrdinaryMonth {
  /** The ordinary sign-ins and the admins' own, in no particular order; never to be modified. */
  readonly signIns: readonly BetaSignIn[];
}

/** A named attack story, e.g. "spray-backdoor" for seed 003. */
export interface Scenario<T extends { readonly scenario: string }> {
  readonly name: T['scenario'];
  /** One line for --help and the summary. */
  readonly title: string;
  /** The seed report the story reproduces. */
  readonly seed: string;
  /** First and last instants of the scenario's own events, ISO 8601 UTC (the start may precede the month). */
  readonly window: { readonly start: string; readonly end: string };
  /**
   * Generates the events; `rng` is the scenario's own stream (forked by name), so scenarios never disturb each other.
   * `month` is the ordinary month the scenario is added to (not the other scenarios' records).
   */
  run(tenant: Tenant, rng: Rng, month: OrdinaryMonth): ScenarioOutput<T>;
}
