/**
 * The audit trail: every state change made through the server (or `premortem users`), with who, what, when and the
 * state before and after, in the workspace beside the data it is about. Rows are only ever appended.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Appends one entry; `before`/`after` are stored as JSON (null when there was nothing before, or nothing after). */
export async function recordChange(
  ws: Workspace,
  entry: { actor: string; action: string; target: string; before: unknown; after: unknown },
): Promise<void> {
  await ws.run(
    `INSERT INTO audit_trail (seq, changed_at, actor, action, target, before_json, after_json)
     SELECT coalesce(max(seq), 0) + 1, now(), $1, $2, $3, $4, $5 FROM audit_trail`,
    [
      entry.actor,
      entry.action,
      entry.target,
      entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    ],
  );
}

/** The newest entries first. */
export async function listChanges(
  ws: Workspace,
  options: { limit?: number; target?: string } = {},
): Promise<AuditEntry[]> {
  const rows = await ws.all<{
    seq: bigint | number;
    changed_at: Date | string;
    actor: string;
    action: string;
    target: string;
    before_json: string | null;
    after_json: string | null;
  }>(
    `SELECT seq, changed_at, actor, action, target, before_json, after_json FROM audit_trail
     WHERE $1::VARCHAR IS NULL OR target = $1 ORDER BY seq DESC LIMIT $2`,
    [options.target ?? null, options.limit ?? 200],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: toIsoUtc(r.changed_at) ?? '',
    actor: r.actor,
    action: r.action,
    target: r.target,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  }));
}
