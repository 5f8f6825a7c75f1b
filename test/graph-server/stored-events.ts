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
    const ids = async (sql: string) => (await ws.all<{ id: string }>(sql)).map((r) => String(r.id)).sort();
    const events: StoredEvents = {
      signIns: await ids('SELECT source_id AS id FROM signins'),
      audits: await ids('SELECT source_id AS id FROM audits'),
      dupes: Number(
        await ws.scalar(
          'SELECT (SELECT count(*) - count(DISTINCT uid) FROM signins) + (SELECT count(*) - count(DISTINCT uid) FROM audits)',
        ),
      ),
    };
    if (options.alerts) events.alerts = await ids(`SELECT id || ' ' || event_count AS id FROM alerts`);
    return events;
  } finally {
    ws.close();
  }
}
