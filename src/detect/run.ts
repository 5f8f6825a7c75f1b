import type { CompiledRule } from '../compile/compile.js';
import type { SharedScans } from '../compile/shared-scans.js';
import { PremortemError } from '../core/errors.js';
import { ruleLabel } from '../rules/model.js';
import type { Workspace } from '../store/workspace.js';
import type { Alert } from './alert.js';
import { type AlertDraft, type StoreOutcome, storeAlert } from './alert-store.js';
import { refreshCampaigns } from './campaigns.js';
import { deriveEntities } from './entities.js';
import { buildCandidates } from './episodes.js';
import { listAlerts } from './list-alerts.js';
import { readMatches } from './match-rows.js';
import { dropSharedScans, fillSharedScans, runnableWith } from './shared-fill.js';
import { summarize } from './summary.js';

/** What one detection run did to the stored alerts. */
export interface DetectionResult {
  /** Alerts raised for the first time by this run. */
  readonly new: readonly Alert[];
  /** Stored alerts that this run extended (new evidence, a later last_seen). */
  readonly updated: readonly Alert[];
  /** Alerts this run found again exactly as stored. */
  readonly unchanged: readonly Alert[];
  /** Rules that failed to run (the others still ran). */
  readonly errors: readonly PremortemError[];
}

/**
 * Runs compiled rules over the whole store and stores their alerts. Running it again over the same data raises
 * nothing new: alert ids are deterministic and a candidate that matches a stored alert extends it instead.
 * Each rule's alerts are written in one transaction; `onRuleRan` is told of each rule that ran without error.
 */
export async function runDetection(
  ws: Workspace,
  rules: readonly CompiledRule[],
  options: {
    now?: Date;
    onRuleRan?: (compiled: CompiledRule) => Promise<void>;
    /** The base scans the rules were compiled to share (compileShared): filled before the rules, dropped after. */
    shared?: SharedScans;
  } = {},
): Promise<DetectionResult> {
  const shared = options.shared;
  if (!shared) return runRules(ws, rules, options);
  try {
    const filled = await fillSharedScans(ws, shared);
    return await runRules(ws, runnableWith(rules, filled), options);
  } finally {
    await dropSharedScans(ws, shared);
  }
}

async function runRules(
  ws: Workspace,
  rules: readonly CompiledRule[],
  options: { now?: Date; onRuleRan?: (compiled: CompiledRule) => Promise<void> },
): Promise<DetectionResult> {
  const now = options.now ?? new Date();
  const outcomes = new Map<string, StoreOutcome>();
  const errors: PremortemError[] = [];
  // The rules that stored alerts: only their campaign families can have changed.
  const stored = new Set<string>();
  for (const compiled of rules) {
    const { rule } = compiled;
    let rows: Awaited<ReturnType<typeof readMatches>>;
    try {
      rows = await readMatches(ws, compiled);
    } catch (err) {
      errors.push(
        new PremortemError('internal', `rule ${ruleLabel(rule)} failed to run: ${(err as Error).message}`, {
          source: { file: rule.origin.file, line: rule.origin.line, rule: ruleLabel(rule) },
          cause: err,
        }),
      );
      continue;
    }
    const candidates = buildCandidates(rows, rule.type === 'correlation');
    // Most rules find nothing in an incremental run (a fleet round or a watch poll runs every rule): no empty
    // transaction for them.
    if (candidates.length === 0) {
      await options.onRuleRan?.(compiled);
      continue;
    }
    stored.add(compiled.ruleId);
    await ws.transaction(async () => {
      for (const candidate of candidates) {
        const draft: AlertDraft = {
          ruleId: compiled.ruleId,
          title: rule.meta.title,
          severity: rule.meta.level ?? 'medium',
          tags: rule.meta.tags,
          correlation: rule.type === 'correlation',
          candidate,
          entities: deriveEntities(candidate.rows),
          summary: summarize(candidate.rows),
        };
        const { id, outcome } = await storeAlert(ws, draft, now);
        // One id can come back twice in a run when candidates of a group both touch a stored alert.
        const before = outcomes.get(id);
        if (before === undefined || before === 'unchanged' || (before === 'updated' && outcome === 'new')) {
          outcomes.set(id, outcome);
        }
      }
    });
    await options.onRuleRan?.(compiled);
  }
  // Alerts of a rule family that belong to one attack fold into its campaign alert: the run reports the campaign
  // (new, or updated in place) instead of its members. Only storing an alert changes a family's members (an alert
  // absorbed into another is deleted as it is stored), so a run that stored none leaves every campaign as it is.
  const campaigns =
    stored.size > 0
      ? await refreshCampaigns(ws, now, stored)
      : { outcomes: new Map<string, StoreOutcome>(), campaignOf: new Map<string, string>() };
  for (const [id, outcome] of [...outcomes]) {
    const campaign = campaigns.campaignOf.get(id);
    if (campaign === undefined) continue;
    outcomes.delete(id);
    if (!outcomes.has(campaign)) outcomes.set(campaign, campaigns.outcomes.get(campaign) ?? outcome);
  }
  const ids = (o: StoreOutcome): string[] => [...outcomes].filter(([, v]) => v === o).map(([k]) => k);
  // Alerts absorbed into another during this run no longer exist; listAlerts only returns those that do.
  return {
    new: await listAlerts(ws, ids('new')),
    updated: await listAlerts(ws, ids('updated')),
    unchanged: await listAlerts(ws, ids('unchanged')),
    errors,
  };
}
