import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedSimulation } from '../../test/simulated-workspace.js';
import { DetectionEngine } from '../detect/engine.js';
import { dropSharedScans, fillSharedScans, runDetection, runnableWith } from '../detect/run.js';
import { builtinRulesDir } from '../rules/content.js';
import { Workspace } from '../store/workspace.js';
import { compileShared } from './compile.js';
import type { Parameters } from './query.js';
import { countSql, fillSql, SharedScans } from './shared-scans.js';

describe('SharedScans', () => {
  const where =
    (sql: string, value: number) =>
    (params: Parameters): string =>
      sql.replace('?', params.add(value));

  it('one scan per predicate and values, one column per distinct field, the most used first', () => {
    const scans = new SharedScans();
    const failed = where('error_code = ?', 50126);
    expect(scans.use('signins', 'created_at', failed, ['upn', 'ip'])).toEqual({
      name: 'detect_shared_1',
      columns: ['c0', 'c1'],
    });
    expect(scans.use('audits', 'activity_at', where('x = ?', 1), ['actor'])).toEqual({
      name: 'detect_shared_2',
      columns: ['c0'],
    });
    expect(scans.use('signins', 'created_at', where('error_code = ?', 50126), ['ip', 'asn', 'upn'])).toEqual({
      name: 'detect_shared_1',
      columns: ['c1', 'c2', 'c0'],
    });
    // The same text with another value is another scan.
    expect(scans.use('signins', 'created_at', where('error_code = ?', 50053), []).name).toBe('detect_shared_3');
    expect(scans.list().map((s) => [s.name, s.uses, s.columns])).toEqual([
      ['detect_shared_1', 2, ['upn', 'ip', 'asn']],
      ['detect_shared_2', 1, ['actor']],
      ['detect_shared_3', 1, []],
    ]);
  });

  it('fills the scans of a table in one statement, each a view of its rows and fields', () => {
    const scans = new SharedScans();
    scans.use('signins', 'created_at', where('error_code = ?', 50126), ['upn', 'ip']);
    scans.use('signins', 'created_at', where('error_code = ?', 50053), ['ip']);
    const list = scans.list();
    const count = countSql('signins', list);
    expect(count.sql).toBe(
      'SELECT count(*) FILTER (WHERE error_code = $1) AS n0, count(*) FILTER (WHERE error_code = $2) AS n1 FROM signins WHERE created_at IS NOT NULL',
    );
    expect(count.parameters).toEqual([50126, 50053]);
    const { fill, views } = fillSql('signins', list);
    expect(fill.sql).toContain('upn AS k0, ip AS k1, coalesce((error_code = $1), false) AS m0');
    expect(fill.sql).toContain('AND ((error_code = $3) OR (error_code = $4))');
    expect(fill.parameters).toEqual([50126, 50053, 50126, 50053]);
    expect(views).toEqual([
      'CREATE OR REPLACE TEMP VIEW detect_shared_1 AS SELECT uid, source_id, ts, k0 AS c0, k1 AS c1 FROM detect_shared_signins WHERE m0',
      'CREATE OR REPLACE TEMP VIEW detect_shared_2 AS SELECT uid, source_id, ts, k1 AS c0 FROM detect_shared_signins WHERE m1',
    ]);
  });
});

describe('a full run with shared base scans', () => {
  let wsDir: string;
  let cleanup: () => void;
  let ws: Workspace;
  const engine = DetectionEngine.load([builtinRulesDir()], { strict: true });

  beforeAll(async () => {
    const imported = await importedSimulation({ scenario: 'all' });
    wsDir = imported.wsDir;
    cleanup = imported.cleanup;
    ws = await Workspace.open(wsDir);
  }, 600_000);
  afterAll(() => {
    ws?.close();
    cleanup?.();
  });

  it('reads exactly the rows each rule reads on its own, and drops its tables after the run', async () => {
    const { compiled, scans } = compileShared(engine.compiled, engine.env);
    const filled = await fillSharedScans(ws, scans);
    // The demo month's spray and brute force are what the shared failure scan is for: it must be in use.
    const readers = runnableWith(compiled, filled).filter((c) => c.shared);
    expect(readers.map((c) => c.rule.meta.name)).toEqual(expect.arrayContaining(['password-spray']));
    let matched = 0;
    for (const [i, shared] of compiled.entries()) {
      const alone = engine.compiled[i];
      if (!alone) throw new Error('compiled lists differ in length');
      expect(shared.ruleId).toBe(alone.ruleId);
      expect(shared.shared?.alone ?? shared).toBe(alone);
      const a = await ws.all(alone.query.sql, [...alone.query.parameters]);
      const b = await ws.all(shared.query.sql, [...shared.query.parameters]);
      expect(b, shared.rule.meta.name).toEqual(a);
      if (readers.includes(shared)) matched += b.length;
    }
    // Rows the shared scans fed, so that equal answers are not two empty lists.
    expect(matched).toBeGreaterThan(0);
    await dropSharedScans(ws, scans);

    await runDetection(ws, compiled.slice(0, 3), { shared: scans });
    const left = await ws.all(
      "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'detect_shared%' UNION ALL SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'detect_shared%'",
    );
    expect(left).toEqual([]);
  }, 300_000);

  it('a scan over the budget is not kept: the rules that read it run compiled alone', async () => {
    const { compiled, scans } = compileShared(engine.compiled, engine.env);
    const failed = scans.list()[0];
    if (!failed) throw new Error('no shared scan');
    const filled = await fillSharedScans(ws, scans, 0);
    try {
      expect(filled.size).toBeLessThan(scans.list().length);
      expect(filled.has(failed.name)).toBe(false);
      const runnable = runnableWith(compiled, filled);
      const spray = runnable.find((c) => c.rule.meta.name === 'password-spray');
      expect(spray?.shared).toBeUndefined();
      expect(spray?.query.sql).not.toContain(failed.name);
    } finally {
      await dropSharedScans(ws, scans);
    }
  });
});
