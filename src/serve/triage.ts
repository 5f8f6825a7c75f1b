/**
 * Alert triage as responders record it: acknowledged, assigned, closed as true positive / benign / false positive
 * with a reason. A false positive may become a suppression (the rule and one entity, with an owner and an expiry):
 * suppressed alerts are still stored and listed as suppressed, and active suppressions are on the overview, so a
 * suppression is never silent. Every change is in the audit trail with the state before and after.
 */
import { PremortemError } from '../core/errors.js';
import { toIsoUtc } from '../core/time.js';
import type { Alert } from '../detect/alert.js';
import type { Workspace } from '../store/workspace.js';
import { recordChange } from './audit-trail.js';

export const VERDICTS = ['true-positive', 'benign', 'false-positive'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface AlertTriage {
  alert_id: string;
  status: 'new' | 'acknowledged' | 'closed';
  assignee: string | null;
  verdict: Verdict | null;
  reason: string | null;
  updated_by: string | null;
  updated_at: string | null;
}

export interface Suppression {
  id: string;
  rule_id: string;
  entity: string;
  from_alert: string;
  reason: string;
  owner: string;
  expires_at: string;
  created_by: string;
  created_at: string;
}

/** Suppressions last 90 days at most, like exceptions: a false positive is re-judged at least each quarter. */
export const MAX_SUPPRESSION_DAYS = 90;

export function untriaged(alertId: string): AlertTriage {
  return {
    alert_id: alertId,
    status: 'new',
    assignee: null,
    verdict: null,
    reason: null,
    updated_by: null,
    updated_at: null,
  };
}

interface TriageRow extends Omit<AlertTriage, 'updated_at'> {
  updated_at: Date | string | null;
}

export async function triageStates(ws: Workspace): Promise<Map<string, AlertTriage>> {
  const rows = await ws.all<TriageRow>(
    'SELECT alert_id, status, assignee, verdict, reason, updated_by, updated_at FROM alert_triage',
  );
  return new Map(rows.map((r) => [r.alert_id, { ...r, updated_at: toIsoUtc(r.updated_at) }]));
}

export async function triageOf(ws: Workspace, alertId: string): Promise<AlertTriage> {
  const r = await ws.one<TriageRow>(
    'SELECT alert_id, status, assignee, verdict, reason, updated_by, updated_at FROM alert_triage WHERE alert_id = $1',
    [alertId],
  );
  return r ? { ...r, updated_at: toIsoUtc(r.updated_at) } : untriaged(alertId);
}

async function writeTriage(ws: Workspace, actor: string, action: string, next: AlertTriage): Promise<AlertTriage> {
  const before = await triageOf(ws, next.alert_id);
  await ws.run(
    `INSERT INTO alert_triage (alert_id, status, assignee, verdict, reason, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee,
       verdict = excluded.verdict, reason = excluded.reason, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [next.alert_id, next.status, next.assignee, next.verdict, next.reason, actor],
  );
  const after = await triageOf(ws, next.alert_id);
  await recordChange(ws, { actor, action, target: `alert:${next.alert_id}`, before, after });
  return after;
}

export async function acknowledgeAlert(ws: Workspace, actor: string, alertId: string): Promise<AlertTriage> {
  const t = await triageOf(ws, alertId);
  if (t.status === 'closed') throw new PremortemError('usage', `alert ${alertId} is closed`);
  return writeTriage(ws, actor, 'alert.acknowledge', { ...t, status: 'acknowledged', assignee: t.assignee ?? actor });
}

export async function assignAlert(
  ws: Workspace,
  actor: string,
  alertId: string,
  assignee: string,
): Promise<AlertTriage> {
  if (!assignee) throw new PremortemError('usage', 'name the account to assign the alert to');
  const t = await triageOf(ws, alertId);
  return writeTriage(ws, actor, 'alert.assign', {
    ...t,
    assignee,
    status: t.status === 'new' ? 'acknowledged' : t.status,
  });
}

export async function closeAlert(
  ws: Workspace,
  actor: string,
  alertId: string,
  verdict: string,
  reason: string,
): Promise<AlertTriage> {
  if (!(VERDICTS as readonly string[]).includes(verdict))
    throw new PremortemError('usage', `close as ${VERDICTS.join(', ')}, not "${verdict}"`);
  if (reason.length < 5) throw new PremortemError('usage', 'say why the alert is closed (a reason is required)');
  const t = await triageOf(ws, alertId);
  return writeTriage(ws, actor, 'alert.close', { ...t, status: 'closed', verdict: verdict as Verdict, reason });
}

interface SuppressionRow extends Omit<Suppression, 'expires_at' | 'created_at'> {
  expires_at: Date | string;
  created_at: Date | string;
}

function toSuppression(r: SuppressionRow): Suppression {
  return { ...r, expires_at: toIsoUtc(r.expires_at) ?? '', created_at: toIsoUtc(r.created_at) ?? '' };
}

/** Suppressions that have not expired at `now`, soonest expiry first. */
export async function activeSuppressions(ws: Workspace, now: Date): Promise<Suppression[]> {
  return (
    await ws.all<SuppressionRow>(
      'SELECT * FROM suppressions WHERE expires_at > $1::TIMESTAMPTZ ORDER BY expires_at, id',
      [now.toISOString()],
    )
  ).map(toSuppression);
}

/**
 * Turns a closed false positive into a suppression of its rule for one of its entities (a user, service principal,
 * address or app the alert names), owned by someone, until an expiry at most MAX_SUPPRESSION_DAYS away.
 */
export async function suppressFromAlert(
  ws: Workspace,
  actor: string,
  alert: Alert,
  input: { entity: string; owner: string; days: number; reason: string; now: Date },
): Promise<Suppression> {
  const t = await triageOf(ws, alert.id);
  if (t.verdict !== 'false-positive')
    throw new PremortemError('usage', 'only an alert closed as a false positive can become a suppression');
  const e = alert.entities;
  if (![...e.users, ...e.service_principals, ...e.ips, ...e.apps].includes(input.entity))
    throw new PremortemError('usage', `the alert does not name "${input.entity}"`, {
      hint: 'suppress one of its entities',
    });
  if (!input.owner) throw new PremortemError('usage', 'a suppression needs an owner');
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_SUPPRESSION_DAYS)
    throw new PremortemError('usage', `a suppression lasts 1 to ${MAX_SUPPRESSION_DAYS} days`);
  if (input.reason.length < 5) throw new PremortemError('usage', 'say why the alert is a false positive');
  const n = Number(await ws.scalar('SELECT count(*) FROM suppressions')) + 1;
  const id = `SUP-${String(n).padStart(3, '0')}`;
  const expires = new Date(input.now.getTime() + input.days * 86_400_000).toISOString();
  await ws.run(
    `INSERT INTO suppressions (id, rule_id, entity, from_alert, reason, owner, expires_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, $8, now())`,
    [id, alert.rule_id, input.entity, alert.id, input.reason, input.owner, expires, actor],
  );
  const s = toSuppression(
    (await ws.one<SuppressionRow>('SELECT * FROM suppressions WHERE id = $1', [id])) as SuppressionRow,
  );
  await recordChange(ws, { actor, action: 'suppression.add', target: `suppression:${id}`, before: null, after: s });
  return s;
}

/** The active suppression covering an alert (same rule, and one of its entities), if any. */
export function suppressionFor(alert: Alert, active: readonly Suppression[]): Suppression | undefined {
  const e = alert.entities;
  const names = new Set([...e.users, ...e.service_principals, ...e.ips, ...e.apps]);
  return active.find((s) => s.rule_id === alert.rule_id && names.has(s.entity));
}
