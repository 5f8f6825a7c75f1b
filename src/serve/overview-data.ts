/**
 * The overview's facts, computed from the existing modules: incidents (investigate), the posture assessment of each
 * stored snapshot (posture), the readiness score (readiness) and collection health (the collectors' checkpoints).
 * Also the JSON API's /api/overview, so the page and the API cannot disagree.
 */
import { SEVERITIES, type Severity } from '../core/severity.js';
import { listAlerts } from '../detect/list-alerts.js';
import type { Incident } from '../investigate/incident-model.js';
import { buildIncidents } from '../investigate/incidents.js';
import { assessWorkspace } from '../posture/assess-workspace.js';
import { type CheckpointLag, checkpointLags } from '../readiness/checkpoint-lag.js';
import { assessReadiness } from '../readiness/report.js';
import { listStoredSnapshots } from '../snapshot/config-snapshot.js';
import type { Workspace } from '../store/workspace.js';
import { activeSuppressions, type Suppression } from './triage.js';

/** Posture is charted over the newest this-many snapshots (each one is a full assessment). */
const POSTURE_HISTORY = 12;

export interface Overview {
  now: string;
  openIncidents: Incident[];
  openBySeverity: Record<Severity, number>;
  alertsLast24h: number;
  alertsTotal: number;
  posture: { snapshot: string; takenAt: string; score: number }[];
  /** The readiness score, or why it could not be measured (shown, never hidden). */
  readiness: { score: number } | { error: string };
  collection: CheckpointLag[];
  suppressions: Suppression[];
}

export async function buildOverview(ws: Workspace, now: Date): Promise<Overview> {
  const incidents = await buildIncidents(ws);
  const open = incidents.filter((i) => i.status !== 'closed');
  const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const i of open) openBySeverity[i.severity] += 1;
  const alerts = await listAlerts(ws);
  const since = now.getTime() - 86_400_000;
  const posture = [];
  for (const s of (await listStoredSnapshots(ws)).slice(0, POSTURE_HISTORY).reverse()) {
    const a = await assessWorkspace(ws, s.id, now);
    if (a) posture.push({ snapshot: s.id, takenAt: s.takenAt, score: a.score });
  }
  const readiness = await assessReadiness(ws, { now: now.getTime() }).then(
    (r) => ({ score: r.score.score }),
    (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
  );
  return {
    now: now.toISOString(),
    openIncidents: open,
    openBySeverity,
    alertsLast24h: alerts.filter((a) => Date.parse(a.last_seen) >= since && Date.parse(a.first_seen) <= now.getTime())
      .length,
    alertsTotal: alerts.length,
    posture,
    readiness,
    collection: await checkpointLags(ws, now.getTime()),
    suppressions: await activeSuppressions(ws, now),
  };
}
