/**
 * The simulator's entry point: a seed in, the tenant and its month of Graph records out, newest first as Graph
 * returns them. It only builds the model in memory; graph-writer.ts writes it as Graph pages, and a Graph-compatible
 * test server can serve the same model through the real endpoints.
 */
import { graphSeconds, SIMULATION_END, SIMULATION_START } from './calendar.js';
import type { GraphActivityRecord } from './graph-activity.js';
import type { BetaSignIn, GraphDirectoryAudit } from './graph-types.js';
import { ordinaryAdminWork } from './ordinary/admin-work.js';
import { ordinarySignIns } from './ordinary/signins.js';
import { Rng } from './random.js';
import { type ScenarioTruth, selectScenarios } from './scenarios/index.js';
import { buildTenant, type Tenant } from './tenant.js';
import type { UalRecord } from './ual-types.js';

/** What to simulate. */
export interface SimulateOptions {
  /** Any integer from 0 to 4294967295; the same seed always gives the same records. */
  readonly seed: number;
  /** A scenario name, "all" (default) or "none". */
  readonly scenario?: string;
}

/** What the scenarios did, for tests and benchmarks; never written with the Graph files. */
export interface GroundTruth {
  readonly seed: number;
  /** From the earliest scenario event (the spray starts before the month) to the end of the month. */
  readonly window: { readonly start: string; readonly end: string };
  readonly scenarios: readonly ScenarioTruth[];
}

/** The simulated tenant and its records. */
export interface Simulation {
  readonly tenant: Tenant;
  /** Graph beta signIn records, newest first. */
  readonly signIns: readonly BetaSignIn[];
  /** Graph v1.0 directoryAudit records, newest first. */
  readonly directoryAudits: readonly GraphDirectoryAudit[];
  /**
   * Unified audit log records (Office 365 Management Activity API content-blob shape: Id, CreationTime without a
   * zone letter, Workload...), newest first; only scenarios add them (the ordinary month has none yet).
   */
  readonly unifiedAuditLog: readonly UalRecord[];
  /**
   * Microsoft Graph activity log records (Azure Monitor diagnostic shape), newest first; only scenarios add them
   * (the ordinary month has none).
   */
  readonly graphActivity: readonly GraphActivityRecord[];
  readonly groundTruth: GroundTruth;
}

/** Builds the tenant, its ordinary month and the selected scenarios for a seed. */
export function simulate(options: SimulateOptions): Simulation {
  const { seed } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, not ${seed}`);
  }
  const scenarios = selectScenarios(options.scenario ?? 'all');
  const root = new Rng(seed);
  const tenant = buildTenant(root.fork('tenant'));
  const admin = ordinaryAdminWork(tenant, root.fork('admin-work'));
  const signIns: BetaSignIn[] = [...ordinarySignIns(tenant, root.fork('ordinary-signins')), ...admin.signIns];
  const directoryAudits: GraphDirectoryAudit[] = [...admin.directoryAudits];
  const unifiedAuditLog: UalRecord[] = [];
  const graphActivity: GraphActivityRecord[] = [];
  const truths: ScenarioTruth[] = [];
  const month = { signIns: signIns.slice() };
  let start = graphSeconds(SIMULATION_START);
  for (const scenario of scenarios) {
    const out = scenario.run(tenant, root.fork(`scenario:${scenario.name}`), month);
    signIns.push(...out.signIns);
    directoryAudits.push(...out.directoryAudits);
    unifiedAuditLog.push(...(out.unifiedAuditLog ?? []));
    graphActivity.push(...(out.graphActivity ?? []));
    truths.push(out.truth);
    if (scenario.window.start < start) start = scenario.window.start;
  }
  return {
    tenant,
    signIns: newestFirst(
      signIns,
      (s) => s.createdDateTime,
      (s) => s.id,
    ),
    directoryAudits: newestFirst(
      directoryAudits,
      (a) => a.activityDateTime,
      (a) => a.id,
    ),
    // The UAL's CreationTime has one format too (whole seconds, no zone letter), so text order is time order.
    unifiedAuditLog: newestFirst(
      unifiedAuditLog,
      (r) => r.CreationTime,
      (r) => r.Id,
    ),
    // Azure Monitor times have one format (seven fractional digits, Z) too.
    graphActivity: newestFirst(
      graphActivity,
      (r) => r.time,
      (r) => r.properties.requestId,
    ),
    groundTruth: { seed, window: { start, end: graphSeconds(SIMULATION_END) }, scenarios: truths },
  };
}

/**
 * Graph lists audit logs newest first. Times of one collection share one format, so text order is time order;
 * ties break on the id so the order never depends on how the generators interleaved.
 */
function newestFirst<T>(items: T[], time: (item: T) => string, id: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return ta < tb ? 1 : -1;
    const ia = id(a);
    const ib = id(b);
    return ia < ib ? 1 : ia > ib ? -1 : 0;
  });
}

/** The tenant of a seed (the same as simulate()'s) and an rng stream of its own, for generators outside the month. */
export function buildTenantForSeed(seed: number): { tenant: Tenant; rng: Rng } {
  const root = new Rng(seed);
  return { tenant: buildTenant(root.fork('tenant')), rng: root.fork('envelope-sweep') };
}
