import { Workspace } from '../src/store/workspace.js';

/** Every table of a workspace that holds what a tenant's data, alerts, incidents and notifications say. */
const TABLES = ['signins', 'audits', 'activities', 'snapshots', 'alerts', 'incidents', 'checkpoints', 'evidence'];

/** The whole text of those tables in a closed workspace, for a test to search for another tenant's ids. */
export async function workspaceText(dir: string): Promise<string> {
  const ws = await Workspace.open(dir, { create: false });
  try {
    return await workspaceTextOf(ws);
  } finally {
    ws.close();
  }
}

/** The same from an open workspace. */
export async function workspaceTextOf(ws: Workspace): Promise<string> {
  const parts: string[] = [];
  const have = new Set(
    (await ws.all<{ name: string }>('SELECT table_name AS name FROM information_schema.tables')).map((r) => r.name),
  );
  for (const t of TABLES) {
    if (!have.has(t)) continue;
    const rows = await ws.all(`SELECT * FROM ${t}`);
    parts.push(JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return parts.join('\n');
}

/** The tenant number every object id of a simulated fleet tenant carries (graph-server/fleet-server.ts), by tenant id. */
export const objectTag = (tenantId: string) =>
  (Number.parseInt(tenantId.slice(0, 8), 16) - 0x7e000000 + 1).toString(16).padStart(4, '0');

/** The tenant numbers of the object ids in a text (the tenant ids' own f1ee group left out). */
export const tagsIn = (text: string) =>
  [...text.matchAll(/-([0-9a-f]{4})-4000-8000-/g)].map((m) => m[1]).filter((t) => t !== 'f1ee');
