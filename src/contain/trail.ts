/**
 * The containment trail (table `contain_trail`, migration 80): one row per action attempted, skipped, refused or
 * undone, appended only. It is what makes a rerun idempotent (a created location's id, a revocation already sent),
 * what `--undo` restores from, and what the incident report's Response section is written from.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import type { ContainAction, GraphRequest } from './model.js';

export type TrailOutcome =
  /** Sent, and the read-back shows it in place. */
  | 'done'
  /** The read-back showed it in place before anything was sent. */
  | 'already-in-place'
  /** Not sent: the token lacks the permission (named in detail). */
  | 'refused'
  /** Sent or attempted and not in place: the error or the read-back is in detail. */
  | 'failed'
  /** Reversed by --undo. */
  | 'undone';

export interface TrailEntry {
  readonly seq: number;
  readonly at: string;
  readonly incident_id: string;
  readonly action_id: string;
  readonly step: 'execute' | 'undo';
  readonly outcome: TrailOutcome;
  readonly proposed_by: string | null;
  readonly approved_by: string;
  readonly request: GraphRequest | null;
  readonly status: number | null;
  readonly request_id: string | null;
  readonly answer: unknown;
  readonly verified: boolean | null;
  readonly detail: string | null;
  readonly action: ContainAction;
}

export interface NewTrailEntry {
  incidentId: string;
  action: ContainAction;
  step: 'execute' | 'undo';
  outcome: TrailOutcome;
  proposedBy?: string | null;
  approvedBy: string;
  request?: GraphRequest | null;
  status?: number | null;
  requestId?: string | null;
  answer?: unknown;
  verified?: boolean | null;
  detail?: string | null;
}

/** Appends one row. */
export async function appendTrail(ws: Workspace, e: NewTrailEntry): Promise<void> {
  await ws.run(
    `INSERT INTO contain_trail (seq, happened_at, incident_id, action_id, step, outcome, proposed_by, approved_by, method, url,
       body_json, status, request_id, answer_json, verified, detail, action_json)
     SELECT coalesce(max(seq), 0) + 1, now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
     FROM contain_trail`,
    [
      e.incidentId,
      e.action.id,
      e.step,
      e.outcome,
      e.proposedBy ?? null,
      e.approvedBy,
      e.request?.method ?? null,
      e.request?.path ?? null,
      e.request?.body === undefined || e.request === null ? null : JSON.stringify(e.request.body),
      e.status ?? null,
      e.requestId ?? null,
      e.answer === undefined || e.answer === null ? null : JSON.stringify(e.answer),
      e.verified ?? null,
      e.detail ?? null,
      JSON.stringify(e.action),
    ],
  );
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The trail of an incident (or of every incident), oldest first. */
export async function readTrail(ws: Workspace, incidentId?: string): Promise<TrailEntry[]> {
  const rows = await ws.all<Record<string, unknown>>(
    `SELECT * FROM contain_trail WHERE $1::VARCHAR IS NULL OR incident_id = $1 ORDER BY seq`,
    [incidentId ?? null],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: toIsoUtc(r.happened_at as Date | string) ?? '',
    incident_id: String(r.incident_id),
    action_id: String(r.action_id),
    step: r.step as TrailEntry['step'],
    outcome: r.outcome as TrailOutcome,
    proposed_by: (r.proposed_by as string | null) ?? null,
    approved_by: String(r.approved_by),
    request:
      r.method === null
        ? null
        : {
            method: r.method as GraphRequest['method'],
            path: String(r.url),
            ...(r.body_json === null ? {} : { body: parse(r.body_json as string) as Record<string, unknown> }),
          },
    status: r.status === null ? null : Number(r.status),
    request_id: (r.request_id as string | null) ?? null,
    answer: parse((r.answer_json as string | null) ?? null),
    verified: (r.verified as boolean | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    action: JSON.parse(String(r.action_json)) as ContainAction,
  }));
}

/** The newest execute row of an action that put it in place ('done' or 'already-in-place'), if not undone since. */
export function inPlaceEntry(trail: readonly TrailEntry[], actionId: string): TrailEntry | undefined {
  for (let i = trail.length - 1; i >= 0; i--) {
    const e = trail[i] as TrailEntry;
    if (e.action_id !== actionId) continue;
    if (e.outcome === 'undone') return undefined;
    if (e.step === 'execute' && (e.outcome === 'done' || e.outcome === 'already-in-place')) return e;
  }
  return undefined;
}

/** One trail row as the incident report's Response section shows it (report-model.ts's ResponseTaken). */
export interface TrailLine {
  at: string;
  step: 'execute' | 'undo';
  action: string;
  outcome: string;
  targets: string;
  approved_by: string;
  proposed_by: string | null;
  request: string | null;
  status: number | null;
  request_id: string | null;
  detail: string | null;
}

/** The trail by incident, in the report's words: targets named with their ids, the request as sent. */
export function trailLines(trail: readonly TrailEntry[]): Record<string, TrailLine[]> {
  const out: Record<string, TrailLine[]> = {};
  for (const e of trail) {
    const line: TrailLine = {
      at: e.at,
      step: e.step,
      action: e.action_id,
      outcome: e.outcome,
      targets: e.action.targets.map((o) => (o.name && o.name !== o.id ? `${o.name} (${o.id})` : o.id)).join(', '),
      approved_by: e.approved_by,
      proposed_by: e.proposed_by,
      request: e.request ? `${e.request.method} ${e.request.path}` : null,
      status: e.status,
      request_id: e.request_id,
      detail: e.detail,
    };
    const list = out[e.incident_id] ?? [];
    list.push(line);
    out[e.incident_id] = list;
  }
  return out;
}
