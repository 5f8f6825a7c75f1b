import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { compactAll } from '../store/compact.js';
import type { Workspace } from '../store/workspace.js';
import { stageEvidence } from './timeline-evidence.js';

/** Sign-ins s-0 … s-(n-1) and audits a-0 … a-9, written out as month files. */
async function store(ws: Workspace, signins: number): Promise<void> {
  await ws.run(
    `INSERT INTO signins_inline (uid, source_id, source_shape, evidence_sha256, record_index, time_source, created_at,
       user_principal_name, ip_address, error_code)
     SELECT 's-' || i, 's-' || i, 'test', 'test', i, 'event', TIMESTAMPTZ '2025-09-01 00:00:00+00' + to_minutes(i),
       'user' || (i % 7) || '@contoso.com', '203.0.113.' || (i % 5), CASE WHEN i % 2 = 0 THEN 0 ELSE 50126 END
     FROM range(${signins}) t(i)`,
  );
  await ws.run(
    `INSERT INTO audits_inline (uid, source_id, source_shape, evidence_sha256, record_index, time_source, activity_at,
       activity, activity_key, initiator_upn)
     SELECT 'a-' || i, 'a-' || i, 'test', 'test', i, 'event', TIMESTAMPTZ '2025-09-01 00:00:00+00' + to_minutes(i),
       'Update user', 'update user', 'admin@contoso.com'
     FROM range(10) t(i)`,
  );
  await compactAll(ws);
}

async function evidence(ws: Workspace, alertId: string, table: string, uids: string[]): Promise<void> {
  await ws.run('INSERT INTO alert_evidence SELECT $1, u, u, $2, NULL FROM unnest($3::VARCHAR[]) t(u)', [
    alertId,
    table,
    uids,
  ]);
}

describe('the timeline reads its alerts’ evidence once', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  beforeEach(async () => {
    t = await tempWorkspace();
  });
  afterEach(() => t.cleanup());

  it('stages exactly the evidence records of the alerts in scope, per table, and drops them after', async () => {
    await store(t.ws, 50);
    await evidence(t.ws, 'x', 'signins', ['s-1', 's-2']);
    await evidence(t.ws, 'y', 'signins', ['s-2', 's-3']);
    await evidence(t.ws, 'y', 'audits', ['a-4']);
    await evidence(t.ws, 'other', 'signins', ['s-9']);
    const staged = await stageEvidence(t.ws, ['x', 'y']);
    expect([...staged.tables.keys()].sort()).toEqual(['audits', 'signins']);
    const rows = async (table: string) =>
      (await t.ws.all<{ uid: string }>(`SELECT uid FROM ${staged.tables.get(table)} ORDER BY uid`)).map((r) => r.uid);
    expect(await rows('signins')).toEqual(['s-1', 's-2', 's-3']);
    expect(await rows('audits')).toEqual(['a-4']);
    // Whole records, as the table holds them: the questions asked of them read any column.
    expect(
      await t.ws.all(`SELECT * FROM ${staged.tables.get('signins')} EXCEPT SELECT * FROM signins WHERE uid = 's-9'`),
    ).toHaveLength(3);
    expect(
      await t.ws.all(
        `SELECT * FROM signins WHERE uid IN ('s-1', 's-2', 's-3') EXCEPT SELECT * FROM ${staged.tables.get('signins')}`,
      ),
    ).toHaveLength(0);
    await staged.drop();
    const left = await t.ws.all("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'timeline_%'");
    expect(left).toHaveLength(0);
  });

  it('reads a long evidence list (past the IN list) by joining the evidence table', async () => {
    await store(t.ws, 3000);
    const uids = Array.from({ length: 1500 }, (_, i) => `s-${i * 2}`);
    await evidence(t.ws, 'spray', 'signins', uids);
    const staged = await stageEvidence(t.ws, ['spray']);
    const got = await t.ws.all<{ n: bigint; low: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE error_code <> 0) AS low FROM ${staged.tables.get('signins')}`,
    );
    expect(Number(got[0]?.n)).toBe(1500);
    expect(Number(got[0]?.low)).toBe(0);
    await staged.drop();
  });

  it('stages nothing for no alerts', async () => {
    const staged = await stageEvidence(t.ws, []);
    expect(staged.tables.size).toBe(0);
    await staged.drop();
  });
});
