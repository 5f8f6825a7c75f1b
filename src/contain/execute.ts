/**
 * Carries a plan out through Graph, safely: permissions checked before anything is sent (when the token says what
 * it holds), each action read back first (already in place: skipped) and after (in place: done), every attempt
 * recorded in the trail, and the run stopped at the first failure so what is done and what is left is a clear list.
 * A rerun reads back again, so it skips what is done and completes the rest.
 */
import { PremortemError } from '../core/errors.js';
import { GraphError } from '../sources/graph/errors.js';
import type { GraphClient } from '../sources/graph/http.js';
import type { Workspace } from '../store/workspace.js';
import { ACTION_KIND_SPECS, permitted, type ReadBack } from './action-kinds.js';
import type { ActionParams, ContainAction, ContainmentPlan, GraphRequest } from './model.js';
import { appendTrail, inPlaceEntry, readTrail, type TrailEntry } from './trail.js';

export interface ExecuteOptions {
  readonly client: GraphClient;
  /** Who approved the run (the CLI's --approved-by, or the approver signed in to serve). */
  readonly approvedBy: string;
  readonly proposedBy?: string | null;
  /** The token's application permissions when it is a JWT that says; undefined leaves the judgement to Graph. */
  readonly roles?: readonly string[];
}

export interface ExecutionReport {
  readonly incident: string;
  readonly done: string[];
  readonly already: string[];
  /** At most one: the run stops at the first failure. */
  readonly failed: { id: string; error: string }[];
  /** Not attempted: after a failure, or all of them when permissions are missing. */
  readonly left: string[];
  /**
   * Actions the token lacks a permission for, with the permission to grant; `refused_by_graph` when Graph answered
   * 403 although the token lists the permission (then the app also needs `directory_role`, where the kind names one).
   */
  readonly missing_permissions: MissingPermission[];
}

export interface MissingPermission {
  readonly id: string;
  readonly permission: string;
  readonly directory_role?: string;
  readonly refused_by_graph?: boolean;
}

/** What a 403 from Graph means for an action: the permission, and the directory role where the kind needs one. */
function refusal(a: ContainAction): MissingPermission {
  const role = ACTION_KIND_SPECS[a.kind].directoryRole;
  return { id: a.id, permission: a.permission, ...(role ? { directory_role: role } : {}), refused_by_graph: true };
}

/** The words of a missing permission, as the CLI and the trail say them. */
export function missingText(m: MissingPermission): string {
  return m.refused_by_graph
    ? `Graph refused it (403): the app needs ${m.permission}${m.directory_role ? ` and the ${m.directory_role} directory role` : ''}`
    : `the token lacks ${m.permission}`;
}

const requestId = (h: Headers) => h.get('request-id') ?? h.get('client-request-id');

/** GETs an action's read-back (404 is an answer, not an error). */
async function readBack(client: GraphClient, req: GraphRequest): Promise<ReadBack> {
  const r = await client.request(`${client.baseUrl}${req.path}`, { notFoundOk: true });
  const json = r.json !== null && typeof r.json === 'object' ? (r.json as Record<string, unknown>) : null;
  return { status: r.status, json };
}

/**
 * The last time the action was sent and verified (not merely found in place): a revocation's read-back compares
 * signInSessionsValidFromDateTime with it, so later runs that only found it in place do not move the mark.
 */
function lastDone(trail: readonly TrailEntry[], actionId: string): TrailEntry | undefined {
  for (let i = trail.length - 1; i >= 0; i--) {
    const e = trail[i] as TrailEntry;
    if (e.action_id !== actionId) continue;
    if (e.outcome === 'undone') return undefined;
    if (e.step === 'execute' && e.outcome === 'done') return e;
  }
  return undefined;
}

/** The id Graph gave an object an earlier action created (from this run or the trail). */
function createdId(trail: readonly TrailEntry[], actionId: string): string | undefined {
  const e = inPlaceEntry(trail, actionId);
  const answer = e?.answer as { id?: unknown } | null | undefined;
  if (typeof answer?.id === 'string') return answer.id;
  const p = e?.action.params.created_id;
  return typeof p === 'string' ? p : undefined;
}

/** The request as planned, with a created object's id put where the plan could only name the action making it. */
function resolveRequest(a: ContainAction, trail: readonly TrailEntry[]): GraphRequest {
  if (a.request.body === undefined) return a.request;
  const text = JSON.stringify(a.request.body).replace(/"\{([a-z-]+:[^"{}]+)\}"/g, (_whole, ref: string) => {
    const id = createdId(trail, ref);
    if (id === undefined)
      throw new PremortemError('usage', `${a.id} needs the object made by ${ref}, which is not in place`);
    return JSON.stringify(id);
  });
  return { ...a.request, body: JSON.parse(text) as Record<string, unknown> };
}

/** Runs the plan (or the listed actions of it) and records every step. */
export async function executePlan(
  ws: Workspace,
  plan: ContainmentPlan,
  options: ExecuteOptions,
  only?: readonly string[],
): Promise<ExecutionReport> {
  const actions = only ? plan.actions.filter((a) => only.includes(a.id)) : [...plan.actions];
  const report: ExecutionReport = {
    incident: plan.incident,
    done: [],
    already: [],
    failed: [],
    left: [],
    missing_permissions: [],
  };
  const base = { incidentId: plan.incident, approvedBy: options.approvedBy, proposedBy: options.proposedBy ?? null };

  // Refuse the whole run before sending anything when the token says it lacks a permission: a half-contained
  // tenant (accounts disabled, the backdoor still Global Administrator) is worse than a clear refusal.
  if (options.roles !== undefined) {
    const roles = options.roles;
    for (const a of actions)
      if (!permitted(a.kind, roles)) report.missing_permissions.push({ id: a.id, permission: a.permission });
    if (report.missing_permissions.length > 0) {
      for (const m of report.missing_permissions) {
        const a = actions.find((x) => x.id === m.id) as ContainAction;
        await appendTrail(ws, {
          ...base,
          action: a,
          step: 'execute',
          outcome: 'refused',
          detail: `missing permission ${m.permission}`,
        });
      }
      report.left.push(...actions.map((a) => a.id));
      return report;
    }
  }

  const trail = await readTrail(ws);
  for (const [i, a] of actions.entries()) {
    const spec = ACTION_KIND_SPECS[a.kind];
    try {
      const before = lastDone(trail, a.id);
      const made = a.kind.startsWith('create-') ? createdId(trail, a.id) : undefined;
      let params: ActionParams = made ? { ...a.params, created_id: made } : a.params;
      const canRead = spec.readBack && spec.inPlace && (!a.kind.startsWith('create-') || made !== undefined);
      if (canRead && spec.readBack && spec.inPlace) {
        const now = await readBack(options.client, spec.readBack(params));
        if (spec.inPlace(params, now, before?.at)) {
          report.already.push(a.id);
          await appendTrail(ws, {
            ...base,
            action: a,
            step: 'execute',
            outcome: 'already-in-place',
            verified: true,
            answer: made ? { id: made } : null,
          });
          trail.push(...(await readTrail(ws)).slice(trail.length));
          continue;
        }
        // An id only the read-back knows (an inbox rule's): the request is made from the completed params.
        if (spec.resolve) params = spec.resolve(params, now);
      }
      const req = resolveRequest(spec.resolve ? { ...a, request: spec.request(params) } : a, trail);
      const sentAt = new Date().toISOString();
      const res = await options.client.request(`${options.client.baseUrl}${req.path}`, {
        method: req.method,
        ...(req.body === undefined ? {} : { body: req.body }),
      });
      const answer = res.json;
      const newId = (answer as { id?: unknown } | null)?.id;
      const after: ActionParams =
        typeof newId === 'string' && a.kind.startsWith('create-') ? { ...params, created_id: newId } : params;
      let verified: boolean | null = null;
      if (spec.readBack && spec.inPlace)
        verified = spec.inPlace(after, await readBack(options.client, spec.readBack(after)), sentAt);
      const entry = {
        ...base,
        action: a,
        step: 'execute' as const,
        request: req,
        status: res.status,
        requestId: requestId(res.headers),
        answer,
      };
      if (verified === false) {
        await appendTrail(ws, {
          ...entry,
          outcome: 'failed',
          verified,
          detail: 'Graph accepted the request but the read-back does not show it in place',
        });
        report.failed.push({ id: a.id, error: 'the read-back does not show it in place' });
        report.left.push(...actions.slice(i + 1).map((x) => x.id));
        return report;
      }
      await appendTrail(ws, { ...entry, outcome: 'done', verified });
      trail.push(...(await readTrail(ws)).slice(trail.length));
      report.done.push(a.id);
    } catch (err) {
      if (!(err instanceof GraphError) && !(err instanceof PremortemError)) throw err;
      const refused = err instanceof GraphError && err.failure === 'permission' ? refusal(a) : undefined;
      const detail = refused ? `${err.message} (${missingText(refused)})` : err.message;
      await appendTrail(ws, {
        ...base,
        action: a,
        step: 'execute',
        outcome: 'failed',
        request: a.request,
        status: err instanceof GraphError ? (err.status ?? null) : null,
        detail,
      });
      report.failed.push({ id: a.id, error: detail });
      if (refused) report.missing_permissions.push(refused);
      report.left.push(...actions.slice(i + 1).map((x) => x.id));
      return report;
    }
  }
  return report;
}

export interface UndoReport {
  readonly action: string;
  readonly request: GraphRequest;
  readonly status: number;
  readonly verified: boolean;
}

/** Reverses one action the trail shows in place, where Graph allows (re-enable, restore the role assignment). */
export async function undoAction(ws: Workspace, actionId: string, options: ExecuteOptions): Promise<UndoReport> {
  const trail = await readTrail(ws);
  const entry = inPlaceEntry(trail, actionId);
  if (!entry) {
    throw new PremortemError('usage', `${actionId} is not in place according to the containment trail`, {
      hint: 'premortem contain --incident ID --trail lists what was done',
    });
  }
  const a = entry.action;
  const spec = ACTION_KIND_SPECS[a.kind];
  if (!spec.undo) {
    throw new PremortemError('usage', `Graph cannot undo ${a.kind}: ${a.id} stays as it is`, {
      hint: 'a removed secret or a revocation cannot be restored; re-enable, role and policy actions can be undone',
    });
  }
  if (options.roles !== undefined && !permitted(a.kind, options.roles)) {
    throw new PremortemError('usage', `the token lacks ${a.permission}, which undoing ${a.id} needs`);
  }
  const req = spec.undo(a.params);
  const res = await options.client.request(`${options.client.baseUrl}${req.path}`, {
    method: req.method,
    ...(req.body === undefined ? {} : { body: req.body }),
  });
  let verified = false;
  const newId = (res.json as { id?: unknown } | null)?.id;
  if (a.kind === 'remove-role-assignment' && typeof newId === 'string') {
    const back = await readBack(options.client, {
      method: 'GET',
      path: `/v1.0/roleManagement/directory/roleAssignments/${encodeURIComponent(newId)}`,
    });
    verified = back.status === 200;
  } else if (spec.readBack && spec.inPlace) {
    verified = !spec.inPlace(a.params, await readBack(options.client, spec.readBack(a.params)));
  }
  await appendTrail(ws, {
    incidentId: entry.incident_id,
    action: a,
    step: 'undo',
    outcome: verified ? 'undone' : 'failed',
    approvedBy: options.approvedBy,
    proposedBy: options.proposedBy ?? null,
    request: req,
    status: res.status,
    requestId: requestId(res.headers),
    answer: res.json,
    verified,
    ...(verified ? {} : { detail: 'the read-back does not show the action reversed' }),
  });
  return { action: a.id, request: req, status: res.status, verified };
}
