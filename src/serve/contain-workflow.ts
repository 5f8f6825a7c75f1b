/**
 * Containment through the server, with four eyes: a responder proposes an incident's plan (stored as proposed, so
 * the approver executes exactly what was reviewed), and a different user with the approver role executes it with
 * a write token given for that one run (never stored: it reaches Graph and nothing else). Each step is in the
 * server's audit trail; each Graph write is in the containment trail with who proposed and who approved it.
 */

import { type ExecutionReport, executePlan } from '../contain/execute.js';
import type { ContainmentPlan } from '../contain/model.js';
import { buildContainmentPlan } from '../contain/plan.js';
import { openWriteSession } from '../contain/write-session.js';
import { PremortemError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import { recordChange } from './audit-trail.js';

export interface Proposal {
  id: string;
  incident_id: string;
  proposed_by: string;
  proposed_at: string;
  status: 'proposed' | 'executed' | 'incomplete' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
  plan: ContainmentPlan;
}

/** Stores the incident's current plan as proposed by `actor`. */
export async function proposeContainment(
  ws: Workspace,
  actor: string,
  incidentId: string,
  now: Date,
): Promise<Proposal> {
  const plan = await buildContainmentPlan(ws, incidentId);
  if (plan.actions.length === 0) throw new PremortemError('usage', `the evidence of ${incidentId} supports no action`);
  const id = `cp-${sha256Hex(`${incidentId}\u0000${actor}\u0000${now.toISOString()}`).slice(0, 10)}`;
  await ws.run(
    `INSERT INTO contain_proposals (id, incident_id, proposed_by, proposed_at, plan_json, status)
     VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, 'proposed')`,
    [id, incidentId, actor, now.toISOString(), JSON.stringify(plan)],
  );
  await recordChange(ws, {
    actor,
    action: 'propose containment',
    target: incidentId,
    before: null,
    after: { proposal: id, actions: plan.actions.map((a) => a.id) },
  });
  return (await listProposals(ws, incidentId)).find((p) => p.id === id) as Proposal;
}

/** The proposals of an incident, newest first. */
export async function listProposals(ws: Workspace, incidentId: string): Promise<Proposal[]> {
  const rows = await ws.all<Record<string, unknown>>(
    'SELECT * FROM contain_proposals WHERE incident_id = $1 ORDER BY proposed_at DESC, id',
    [incidentId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    incident_id: String(r.incident_id),
    proposed_by: String(r.proposed_by),
    proposed_at: toIsoUtc(r.proposed_at as Date) ?? '',
    status: r.status as Proposal['status'],
    decided_by: (r.decided_by as string | null) ?? null,
    decided_at: r.decided_at === null ? null : toIsoUtc(r.decided_at as Date),
    plan: JSON.parse(String(r.plan_json)) as ContainmentPlan,
  }));
}

/** Executes a proposal as `actor`, who must not be its proposer; `token` is the write token for this run. */
export async function executeProposal(
  ws: Workspace,
  actor: string,
  incidentId: string,
  proposalId: string,
  token: string,
  now: Date,
): Promise<ExecutionReport> {
  const proposal = (await listProposals(ws, incidentId)).find((p) => p.id === proposalId);
  if (!proposal) throw new PremortemError('usage', `no containment proposal ${proposalId} for ${incidentId}`);
  if (proposal.proposed_by === actor)
    throw new PremortemError(
      'usage',
      `${actor} proposed ${proposalId} and cannot execute it: a different person must (four eyes)`,
    );
  if (proposal.status === 'executed') throw new PremortemError('usage', `${proposalId} is already executed`);
  if (token === '') throw new PremortemError('usage', 'give the write token for this run');
  const session = await openWriteSession(
    {},
    { PREMORTEM_CONTAIN_TOKEN: token, PREMORTEM_GRAPH_URL: process.env.PREMORTEM_GRAPH_URL },
  );
  const report = await executePlan(ws, proposal.plan, {
    client: session.client,
    approvedBy: actor,
    proposedBy: proposal.proposed_by,
    ...(session.roles ? { roles: session.roles } : {}),
  });
  const status = proposalStatusAfter(report);
  await ws.run(
    'UPDATE contain_proposals SET status = $1, decided_by = $2, decided_at = $3::TIMESTAMPTZ WHERE id = $4',
    [status, actor, now.toISOString(), proposalId],
  );
  await recordChange(ws, {
    actor,
    action: 'execute containment',
    target: incidentId,
    before: { proposal: proposalId, status: proposal.status },
    after: { proposal: proposalId, status, done: report.done, failed: report.failed, left: report.left },
  });
  return report;
}

/**
 * What a proposal's execution came to. Refused only when a missing permission stopped it before anything changed;
 * a 403 half-way, after some actions were done, leaves the tenant partly contained, and calling that "refused"
 * would tell the approver nothing happened.
 */
export function proposalStatusAfter(
  report: Pick<ExecutionReport, 'done' | 'failed' | 'left' | 'missing_permissions'>,
): Proposal['status'] {
  if (report.missing_permissions.length > 0 && report.done.length === 0) return 'refused';
  if (report.missing_permissions.length > 0 || report.failed.length > 0 || report.left.length > 0) return 'incomplete';
  return 'executed';
}
