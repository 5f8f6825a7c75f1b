import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedSimulation } from '../../test/simulated-workspace.js';
import { compileShared } from '../compile/compile.js';
import { filledTable, SharedScans } from '../compile/shared-scans.js';
import { builtinRulesDir } from '../rules/content.js';
import { Workspace } from '../store/workspace.js';
import { DetectionEngine } from './engine.js';
import { runDetection } from './run.js';
import { dropSharedScans, fillSharedScans, runnableWith } from './shared-fill.js';

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
      const a = await ws.all(`SELECT * FROM (${alone.query.sql}) ORDER BY ALL`, [...alone.query.parameters]);
      const b = await ws.all(`SELECT * FROM (${shared.query.sql}) ORDER BY ALL`, [...shared.query.parameters]);
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

  it('a predicate that fails at run time keeps none of its table: its rules run alone, the other tables stay kept', async () => {
    const scans = new SharedScans();
    // DuckDB's error() raises while the rows are read, as a user's rule might.
    const broken = scans.use('signins', 'created_at', () => "error_code = 0 AND error('boom') IS NULL", []);
    const fine = scans.use('signins', 'created_at', (p) => `error_code = ${p.add(50126)}`, []);
    const audits = scans.use('audits', 'activity_at', (p) => `activity_key = ${p.add('add user')}`, []);
    try {
      const filled = await fillSharedScans(ws, scans);
      expect(filled.has(broken.name)).toBe(false);
      expect(filled.has(fine.name)).toBe(false);
      expect(filled.has(audits.name)).toBe(true);
      expect(
        await ws.all(`SELECT table_name FROM duckdb_tables() WHERE table_name = '${filledTable('signins')}'`),
      ).toEqual([]);
    } finally {
      await dropSharedScans(ws, scans);
    }
  });
});
