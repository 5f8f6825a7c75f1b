import type { Workspace } from '../store/workspace.js';

/**
 * Whether detection ever ran on this workspace: a rule recorded the files it evaluated (detect_state), or an alert
 * is stored. "Run premortem detect first" is the hint only when it never did; after a run that raised nothing,
 * saying so is the answer.
 */
export async function detectHasRun(ws: Workspace): Promise<boolean> {
  return Boolean(await ws.scalar('SELECT EXISTS (SELECT 1 FROM detect_state) OR EXISTS (SELECT 1 FROM alerts)'));
}

/** The line shown where there is nothing to show: "No alerts: run premortem detect first." or that it found none. */
export function nothingDetected(what: 'alerts' | 'incidents', detectRan: boolean): string {
  const No = what === 'alerts' ? 'No alerts' : 'No incidents';
  return detectRan
    ? `${No}: premortem detect ran and raised no alert over the records imported.`
    : `${No}: run premortem detect first.`;
}
