/** Alerts with their triage state and the suppression covering them: what the alert pages and API show. */
import { listAlerts } from '../detect/list-alerts.js';
import type { Workspace } from '../store/workspace.js';
import type { AlertRow } from './pages/alerts.js';
import { activeSuppressions, suppressionFor, triageStates, untriaged } from './triage.js';

export async function alertRows(ws: Workspace, now: Date, ids?: readonly string[]): Promise<AlertRow[]> {
  const alerts = await listAlerts(ws, ids);
  const states = await triageStates(ws);
  const active = await activeSuppressions(ws, now);
  return alerts
    .map((alert) => ({
      alert,
      triage: states.get(alert.id) ?? untriaged(alert.id),
      suppressedBy: suppressionFor(alert, active),
    }))
    .sort((a, b) => b.alert.last_seen.localeCompare(a.alert.last_seen) || a.alert.id.localeCompare(b.alert.id));
}
