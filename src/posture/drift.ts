/**
 * Drift between two snapshots, joined with the audit events that made each change (who, when, from where), so
 * "the MFA policy was narrowed and the executive excluded by X at T from IP" is one line. No anchor joins
 * configuration drift with its author (reference/posture_checks.md §5.3; Maester users ask for "what changed",
 * #155/#1908). Objects are compared by id per resource; the audit join uses the object's id and, for role
 * assignments, the principal's (Entra logs "Add member to role" against the member, not the assignment).
 */

import type { ConfigSnapshot } from '../snapshot/config-snapshot.js';
import type { GraphObject } from '../snapshot/graph-object.js';
import type { Workspace } from '../store/workspace.js';
import type { Assessment } from './assess.js';
import type { CheckStatus } from './model.js';

/** One object that changed. */
export interface ObjectChange {
  readonly resource: string;
  readonly id: string;
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Changed leaf paths, e.g. "conditions.users.excludeUsers: [] → [id]". */
  readonly details: readonly string[];
  /** The audit events that made it, oldest first. */
  readonly madeBy: readonly AuditRef[];
}

/** An audit record behind a change. */
export interface AuditRef {
  readonly at: string;
  readonly activity: string;
  readonly by: string;
  readonly ip: string | null;
  readonly sourceId: string | null;
}

/** A check whose result moved. */
export interface PostureChange {
  readonly id: string;
  readonly title: string;
  readonly from: CheckStatus;
  readonly to: CheckStatus;
}

/** The whole drift. */
export interface Drift {
  readonly from: { readonly id: string; readonly takenAt: string };
  readonly to: { readonly id: string; readonly takenAt: string };
  readonly posture: readonly PostureChange[];
  readonly objects: readonly ObjectChange[];
}

/** Keys Graph changes on every read or that only restate time: not drift. */
const NOISE = new Set(['modifiedDateTime', 'lastUpdatedDateTime', 'signInActivity', '@odata.context']);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as GraphObject)) {
      if (NOISE.has(k)) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
    return;
  }
  out.set(prefix, JSON.stringify(value ?? null));
}

function differences(a: GraphObject, b: GraphObject): string[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const out: string[] = [];
  for (const key of [...new Set([...fa.keys(), ...fb.keys()])].sort()) {
    const x = fa.get(key) ?? 'absent';
    const y = fb.get(key) ?? 'absent';
    if (x !== y) out.push(`${key}: ${x} → ${y}`);
  }
  return out;
}

const nameOf = (o: GraphObject) => String(o.displayName ?? o.userPrincipalName ?? o.principalId ?? o.id ?? '(unnamed)');

/** Object-level changes between two snapshots, every resource present in both. */
export function diffSnapshots(before: ConfigSnapshot, after: ConfigSnapshot): Omit<ObjectChange, 'madeBy'>[] {
  const out: Omit<ObjectChange, 'madeBy'>[] = [];
  for (const [resource, objects] of after.resources) {
    const previous = before.resources.get(resource);
    if (!previous) continue;
    const old = new Map(previous.map((o) => [String(o.id ?? JSON.stringify(o)), o]));
    const now = new Map(objects.map((o) => [String(o.id ?? JSON.stringify(o)), o]));
    for (const [id, o] of now) {
      const was = old.get(id);
      if (!was) out.push({ resource, id, name: nameOf(o), change: 'added', details: [] });
      else {
        const details = differences(was, o);
        if (details.length > 0) out.push({ resource, id, name: nameOf(o), change: 'changed', details });
      }
    }
    for (const [id, o] of old)
      if (!now.has(id)) out.push({ resource, id, name: nameOf(o), change: 'removed', details: [] });
  }
  return out;
}

/** Drift with its authors: audits between the two snapshots that target the changed object (or its principal). */
export async function drift(
  ws: Workspace | undefined,
  before: ConfigSnapshot,
  after: ConfigSnapshot,
  postureBefore: Assessment,
  postureAfter: Assessment,
): Promise<Drift> {
  const changes = diffSnapshots(before, after);
  const objects: ObjectChange[] = [];
  for (const c of changes) {
    const obj = (after.resources.get(c.resource) ?? before.resources.get(c.resource) ?? []).find(
      (o) => String(o.id) === c.id,
    );
    const ids = [c.id, ...(typeof obj?.principalId === 'string' ? [obj.principalId] : [])];
    const madeBy = ws
      ? await ws.all<{ at: string; activity: string; by: string; ip: string | null; source_id: string | null }>(
          `SELECT strftime(activity_at, '%Y-%m-%dT%H:%M:%SZ') AS at, activity,
                  coalesce(initiator_upn, initiator_display_name, initiator_sp_id, '(unknown)') AS by, initiator_ip AS ip, source_id
           FROM audits
           WHERE activity_at > $1::TIMESTAMPTZ AND activity_at <= $2::TIMESTAMPTZ AND result = 'success'
             AND (target_id IN (SELECT unnest($3::VARCHAR[])) OR list_has_any(
                   coalesce(json_extract_string(target_resources, '$[*].id'), []), $3::VARCHAR[]))
           ORDER BY activity_at, uid`,
          [before.takenAt, after.takenAt, ids],
        )
      : [];
    objects.push({
      ...c,
      madeBy: madeBy.map((m) => ({ at: m.at, activity: m.activity, by: m.by, ip: m.ip, sourceId: m.source_id })),
    });
  }
  const was = new Map(postureBefore.results.map((r) => [r.id, r.status]));
  const posture = postureAfter.results
    .filter((r) => was.get(r.id) !== undefined && was.get(r.id) !== r.status)
    .map((r) => ({ id: r.id, title: r.title, from: was.get(r.id) as CheckStatus, to: r.status }));
  return {
    from: { id: before.id, takenAt: before.takenAt },
    to: { id: after.id, takenAt: after.takenAt },
    posture,
    objects,
  };
}
