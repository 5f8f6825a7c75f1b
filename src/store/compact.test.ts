import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGraphSignins } from '../../test/graph-signins.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { compileRules } from '../compile/compile.js';
import { runDetection } from '../detect/run.js';
import { importPaths } from '../ingest/import-files.js';
import { buildTimeline } from '../investigate/timeline.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { compactAll, DEFAULT_POLICY, deleteEvents } from './compact.js';
import { EVENT_LAKE_TABLES, ID_INDEX, LAKE_TABLES, sqlString } from './lake.js';
import type { Workspace } from './workspace.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);
const compiled = compileRules(
  loadRules(builtinRulesDir()).rules,
  new PipelineSet(loadPipelines(builtinPipelinesDir())),
).compiled;

/** Small sign-in files: a password spray across files, so rules have something to find. */
async function writeSigninFiles(dir: string, files: number, perFile: number): Promise<string[]> {
  const spray = {
    start: Date.UTC(2025, 8, 30, 23, 0),
    stepMs: 60_000,
    users: 40,
    domain: 'contoso-compact.com',
    userIds: true,
    errorCode: () => 50126,
  };
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    paths.push(await writeGraphSignins(join(dir, `signins-${f}.ndjson`), perFile, spray, f * perFile));
  }
  return paths;
}

/** What readers see: every row of every table, per-month counts, the timeline, the alerts detection raises. */
async function answers(ws: Workspace): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // The event tables: what queries answer. The id index grows as buffered rows enter files (checked below).
  for (const { table, timeColumn } of EVENT_LAKE_TABLES) {
    out[table] = await ws.all(`SELECT * FROM ${table} ORDER BY uid`);
    out[`${table}-months`] = await ws.all(
      `SELECT strftime(${timeColumn}, '%Y-%m') AS m, count(*) AS n FROM ${table} GROUP BY ALL ORDER BY ALL`,
    );
  }
  await ws.run('DELETE FROM alert_evidence');
  await ws.run('DELETE FROM alerts');
  await runDetection(ws, compiled, { now: new Date('2030-01-01T00:00:00Z') });
  out.alerts = await ws.all('SELECT * EXCLUDE (created_at) FROM alerts ORDER BY id');
  out.timeline = (await buildTimeline(ws)).entries;
  return out;
}

describe('compaction', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('moves the buffer and small files into one file per month without changing any answer', async () => {
    // Small NDJSON files (fewer per month than the policy's trigger) spanning two months, and
    // staged files whose rows wait in the buffer.
    const inputs = [
      ...(await writeSigninFiles(dir, DEFAULT_POLICY.smallFiles - 1, 40)),
      fixture('graph-signins-v1-array.json'),
      fixture('ual-management-api.json'),
      fixture('AuditLogs_2025-09-26.csv'),
      fixture('graph-audits.ndjson'),
    ];
    await importPaths(ws, inputs);
    const filesBefore = Number(await ws.scalar("SELECT count(*) FROM lake_files WHERE table_name = 'signins'"));
    // 40 minutes per file from 23:00 on 30 September: the middle file spans both months.
    expect(filesBefore).toBe(4);
    expect(await ws.count('signins_inline')).toBeGreaterThan(0);
    const before = await answers(ws);
    expect((before.alerts as unknown[]).length).toBeGreaterThan(0);

    await compactAll(ws);
    for (const { table } of LAKE_TABLES) expect(await ws.count(`${table}_inline`)).toBe(0);
    // Every sign-in now in a file is in the id index, once.
    expect(
      await ws.all(`SELECT uid, cluster_key FROM ${ID_INDEX} WHERE table_name = 'signins' ORDER BY uid, cluster_key`),
    ).toEqual(await ws.all('SELECT uid, user_principal_name AS cluster_key FROM signins ORDER BY uid, cluster_key'));
    const months = await ws.all(
      "SELECT month, count(*) AS n FROM lake_files WHERE table_name = 'signins' GROUP BY month ORDER BY month",
    );
    expect(months).toEqual([
      { month: '2025-09', n: 1n },
      { month: '2025-10', n: 1n },
    ]);
    expect(await answers(ws)).toEqual(before);
    // Each account's sign-ins sit together in the month file, by time (LakeTable.clusterColumn): a lookup of one
    // account reads only the row groups whose statistics can hold it.
    const [september] = await ws.all<{ path: string }>(
      "SELECT path FROM lake_files WHERE table_name = 'signins' AND month = '2025-09'",
    );
    const read = `read_parquet(${sqlString(join(ws.dir, september?.path ?? ''))}, file_row_number = true)`;
    const clustered = await ws.one<{ stored: string[]; sorted: string[] }>(
      `SELECT list(user_principal_name || ' ' || created_at ORDER BY file_row_number) AS stored,
         list(user_principal_name || ' ' || created_at ORDER BY user_principal_name, created_at) AS sorted FROM ${read}`,
    );
    expect(new Set(clustered?.stored.map((x) => x.split(' ')[0])).size).toBeGreaterThan(1);
    expect(clustered?.stored).toEqual(clustered?.sorted);
  });

  it('runs on its own when an import leaves too many small files in a month', async () => {
    await importPaths(ws, await writeSigninFiles(dir, DEFAULT_POLICY.smallFiles, 10));
    expect(await ws.all("SELECT month, rows FROM lake_files WHERE table_name = 'signins'")).toEqual([
      { month: '2025-09', rows: BigInt(DEFAULT_POLICY.smallFiles * 10) },
    ]);
    expect(await ws.count('signins')).toBe(DEFAULT_POLICY.smallFiles * 10);
  });

  it('deletes rows from the buffer and the files, replacing only the files that held them', async () => {
    await importPaths(ws, [...(await writeSigninFiles(dir, 2, 30)), fixture('graph-signins-v1-array.json')]);
    const total = await ws.count('signins');
    const files = await ws.all<{ path: string }>("SELECT path FROM lake_files WHERE table_name = 'signins'");
    const where = "user_principal_name = 'user3@contoso-compact.com' OR uid NOT LIKE '00000000-0000-4000-8000-%'";
    const matching = Number(await ws.scalar(`SELECT count(*) FROM signins WHERE ${where}`));
    expect(matching).toBeGreaterThan(2);
    expect(Number(await ws.scalar(`SELECT count(*) FROM signins_inline WHERE ${where}`))).toBeGreaterThan(0);
    expect(await deleteEvents(ws, 'signins', where)).toBe(matching);
    expect(await ws.count('signins')).toBe(total - matching);
    expect(Number(await ws.scalar(`SELECT count(*) FROM signins WHERE ${where}`))).toBe(0);
    const now = await ws.all<{ path: string }>("SELECT path FROM lake_files WHERE table_name = 'signins'");
    expect(now.some((f) => files.some((g) => g.path === f.path))).toBe(false);
  });
});
