/**
 * The posture page's facts: the newest snapshot assessed with the exceptions register applied, and, when an
 * earlier snapshot is held, the drift between the two with the audit events behind each change (posture/drift).
 */

import type { Assessment } from '../posture/assess.js';
import { assessWorkspace, loadSnapshot } from '../posture/assess-workspace.js';
import { type Drift, drift } from '../posture/drift.js';
import { listStoredSnapshots } from '../snapshot/config-snapshot.js';
import type { Workspace } from '../store/workspace.js';

export interface PostureView {
  assessment: Assessment | undefined;
  drift: Drift | undefined;
}

export async function buildPosture(ws: Workspace, now: Date): Promise<PostureView> {
  const snapshots = await listStoredSnapshots(ws);
  const newest = snapshots[0];
  if (!newest) return { assessment: undefined, drift: undefined };
  const assessment = await assessWorkspace(ws, newest.id, now);
  const previous = snapshots[1];
  if (!previous || !assessment) return { assessment, drift: undefined };
  const earlier = await assessWorkspace(ws, previous.id, now);
  if (!earlier) return { assessment, drift: undefined };
  const d = await drift(
    ws,
    await loadSnapshot(ws, previous.id),
    await loadSnapshot(ws, newest.id),
    earlier,
    assessment,
  );
  return { assessment, drift: d };
}
