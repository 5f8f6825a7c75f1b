/**
 * One tenant's round: the due tasks (collect, detect, assess, readiness) run in order against the tenant's own
 * workspace, through the same library functions the commands call, and a summary of the result for the fleet
 * views. Every task is idempotent (collection has checkpoints, detection remembers what it read), so a round that
 * is killed and run again elsewhere ends with the store an uninterrupted round leaves.
 */

import { deliverForWorkspace } from '../cli/notify-context.js';
import { collectLogs } from '../collect/collect-logs.js';
import { selectCollection } from '../collect/endpoint-selection.js';
import { takeSnapshot } from '../collect/snapshot.js';
import type { Severity } from '../core/severity.js';
import { DetectionEngine } from '../detect/engine.js';
import { buildIncidents } from '../investigate/incidents.js';
import { assessWorkspace } from '../posture/assess-workspace.js';
import { readRegister, registerPath } from '../posture/exceptions/register.js';
import { allExtents, newestEvent } from '../readiness/extent.js';
import { assessReadiness } from '../readiness/report.js';
import { builtinRulesDir } from '../rules/content.js';
import { readStoredSnapshot } from '../snapshot/config-snapshot.js';
import { Workspace } from '../store/workspace.js';
import type { FleetTenant, Task } from './config.js';
import { type PartnerFinding, partnerEvents, reviewPartnerAccess } from './partner-access.js';
import { tenantSession } from './tenant-session.js';

/** What a round learned about its tenant: what `fleet status`, the fleet page and the fleet views show. */
export interface TenantSummary {
  readonly tenant: string;
  readonly name: string;
  readonly finishedAt: string;
  readonly tasks: readonly { readonly task: Task; readonly ok: boolean; readonly detail: string }[];
  /** When collect last finished, and the newest event the workspace holds (the lag is the difference). */
  readonly lastCollection?: string;
  readonly newestEvent?: string | null;
  readonly failedEndpoints?: readonly string[];
  readonly incidents?: readonly {
    readonly id: string;
    readonly title: string;
    readonly severity: Severity;
    readonly first_seen: string;
  }[];
  readonly postureScore?: number;
  /** PM-011 fails: legacy authentication is not blocked for everyone. */
  readonly legacyAuthAllowed?: boolean;
  /** PM-019's findings: permanent (not PIM-eligible) privileged role assignments, by principal. */
  readonly permanentPrivileged?: readonly string[];
  readonly expiredExceptions?: readonly string[];
  readonly readinessScore?: number;
  /** The partner access review (partner-access.ts): partner apps, relationship events and findings. */
  readonly partner?: {
    readonly principals: number;
    readonly events: number;
    readonly findings: readonly PartnerFinding[];
  };
}

let engine: DetectionEngine | undefined;
/**
 * The built-in rules compiled once per worker process: every tenant runs the same pack. The compile is synchronous
 * (about half a second of CPU), so a worker calls this before it takes a round: done inside a round, it would keep
 * the process from renewing its rounds' locks, and on a loaded machine the locks would lapse (BullMQ then counts
 * the rounds as stalled, and fails them at the second time).
 */
export function detectionEngine(): DetectionEngine {
  engine ??= DetectionEngine.load([builtinRulesDir()]);
  return engine;
}

export interface RoundOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
}

/** Runs `tasks` for the tenant and returns its summary; a task that throws fails the round after the others ran. */
export async function runTenantRound(
  tenant: FleetTenant,
  tasks: readonly Task[],
  options: RoundOptions = {},
): Promise<{ summary: TenantSummary; errors: string[] }> {
  const now = options.now ?? Date.now;
  const ws = await Workspace.open(tenant.workspace, { create: true });
  const done: { task: Task; ok: boolean; detail: string }[] = [];
  const errors: string[] = [];
  const facts: Partial<{ -readonly [K in keyof TenantSummary]: TenantSummary[K] }> = {};
  try {
    for (const task of tasks) {
      try {
        done.push({ task, ok: true, detail: await runTask(task, tenant, ws, facts, options) });
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        done.push({ task, ok: false, detail });
        errors.push(`${task}: ${detail}`);
        // Detection over a half-collected store is still right (it reads what is there); assessing without a
        // snapshot is not possible, and says so itself. So the round goes on and reports every failure.
      }
    }
    const incidents = await buildIncidents(ws);
    facts.incidents = incidents
      .filter((i) => i.status !== 'closed')
      .map((i) => ({ id: i.id, title: i.title, severity: i.severity, first_seen: i.first_seen }));
    facts.newestEvent = newestEvent(await allExtents(ws));
    const today = new Date(now()).toISOString().slice(0, 10);
    facts.expiredExceptions = readRegister(registerPath(ws.dir))
      .filter((e) => e.expires < today)
      .map((e) => e.id);
  } finally {
    ws.close();
  }
  return {
    summary: { tenant: tenant.id, name: tenant.name, finishedAt: new Date(now()).toISOString(), tasks: done, ...facts },
    errors,
  };
}

/**
 * Routes and sends what detection put in the tenant's outbox, with the notify.yaml its fleet entry names; routes
 * match the tenant by its id. Without channels there is nothing to send, and the outbox keeps the messages.
 */
async function notifyTenant(tenant: FleetTenant, ws: Workspace, options: RoundOptions): Promise<string> {
  const run = await deliverForWorkspace(ws, {
    tenant: tenant.id,
    configDir: tenant.notifyDir,
    env: options.env ?? process.env,
    now: () => new Date((options.now ?? Date.now)()),
  });
  return run ? `; ${run.plan.messages.length} notification(s) routed` : '';
}

async function runTask(
  task: Task,
  tenant: FleetTenant,
  ws: Workspace,
  facts: Partial<{ -readonly [K in keyof TenantSummary]: TenantSummary[K] }>,
  options: RoundOptions,
): Promise<string> {
  const now = options.now ?? Date.now;
  switch (task) {
    case 'collect': {
      const session = tenantSession(tenant, options.env);
      const logs = await collectLogs(ws, session.client, {
        tenantId: session.tenantId,
        sinceMs: tenant.sinceMs,
        ual: session.ual,
        now,
        ...(tenant.endpoints ? selectCollection(tenant.endpoints) : {}),
      });
      const snap = await takeSnapshot(ws, session.client, { tenantId: session.tenantId, now });
      const failed = logs.endpoints.filter((e) => e.status === 'failed');
      facts.lastCollection = logs.finishedAt;
      facts.failedEndpoints = failed.map((e) => `${e.endpoint}: ${e.detail ?? 'failed'}`);
      if (failed.length > 0) throw new Error(`collection failed for ${failed.map((e) => e.endpoint).join(', ')}`);
      return `${logs.totals.read} read, ${logs.totals.loaded} new; snapshot ${snap.snapshotId}`;
    }
    case 'detect': {
      const result = await detectionEngine().run(ws, { full: false });
      if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('; '));
      return `${result.evaluated ?? 0} rule(s) evaluated${await notifyTenant(tenant, ws, options)}`;
    }
    case 'assess': {
      const assessment = await assessWorkspace(ws, undefined, new Date(now()));
      if (assessment === undefined) return 'no configuration snapshot yet';
      const result = (id: string) => assessment.results.find((r) => r.id === id);
      facts.postureScore = assessment.score;
      facts.legacyAuthAllowed = result('PM-011')?.status === 'fail';
      const permanent = result('PM-019');
      facts.permanentPrivileged = permanent?.status === 'fail' ? permanent.evidence.map((e) => e.message) : [];
      const review = reviewPartnerAccess(await readStoredSnapshot(ws), tenant.id, await partnerEvents(ws), now());
      facts.partner = { principals: review.principals.length, events: review.events.length, findings: review.findings };
      return `posture ${assessment.score}/100`;
    }
    case 'readiness': {
      const report = await assessReadiness(ws, { now: now(), watchIntervalMs: 30_000, measurements: [] });
      facts.readinessScore = report.score.score;
      return `readiness ${report.score.score}/100`;
    }
  }
}
