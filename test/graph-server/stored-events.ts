import { Workspace } from '../../src/store/workspace.js';
import type { GraphTestServer } from './server.js';

/** The CLI's environment against the Graph test server, with a token acquired elsewhere. */
export function tokenEnv(s: GraphTestServer): NodeJS.ProcessEnv {
  return {
    PREMORTEM_GRAPH_URL: s.graphUrl,
    PREMORTEM_GRAPH_TOKEN: s.tokens.issue(s.app.clientId),
    PREMORTEM_GRAPH_BUDGET: '1000/10s',
  };
}

/** What collection stored, for comparing an interrupted run with an uninterrupted one. */
export interface StoredEvents {
  signIns: string[];
  audits: string[];
  /** Rows beyond the first with the same uid, over sign-ins and audits: nothing may be stored twice. */
  dupes: number;
  /** With `alerts`: each alert's id and event count. */
  alerts?: string[];
}

/** Every stored event id (sorted), the duplicate count and, when asked, the alerts, read from a closed workspace. */
export async function storedEvents(dir: string, options: { alerts?: boolean } = {}): Promise<StoredEvents> {
  const ws = await Workspace.open(dir);
  try {
    return await storedEventsOf(ws, options);
  } finally {
    ws.close();
  }
}

/** The same from an open workspace, in one query. */
export async function storedEventsOf(ws: Workspace, options: { alerts?: boolean } = {}): Promise<StoredEvents> {
  const row = await ws.one<{ s: string[] | null; a: string[] | null; dupes: bigint | number; al: string[] | null }>(
    `SELECT (SELECT list(source_id::VARCHAR ORDER BY source_id::VARCHAR) FROM signins) AS s,
            (SELECT list(source_id::VARCHAR ORDER BY source_id::VARCHAR) FROM audits) AS a,
            (SELECT count(*) - count(DISTINCT uid) FROM signins) + (SELECT count(*) - count(DISTINCT uid) FROM audits) AS dupes,
            ${options.alerts ? `(SELECT list(id || ' ' || event_count ORDER BY id || ' ' || event_count) FROM alerts)` : 'NULL'} AS al`,
  );
  const events: StoredEvents = { signIns: row?.s ?? [], audits: row?.a ?? [], dupes: Number(row?.dupes ?? 0) };
  if (options.alerts) events.alerts = row?.al ?? [];
  return events;
}
