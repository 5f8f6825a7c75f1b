import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinRulesDir } from '../rules/content.js';
import type { TestRow } from '../rules/rule-test-cases.js';
import { Workspace } from '../store/workspace.js';
import { DetectionEngine } from './engine.js';
import { insertRows } from './rule-tests.js';

const engine = DetectionEngine.load([builtinRulesDir()]);

let dir: string;
let ws: Workspace;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-engine-'));
  ws = await Workspace.open(join(dir, 'ws'));
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One imported file: an evidence row and its failed sign-ins from one address, a minute apart. */
async function importSpray(file: string, start: string, first: number, n: number): Promise<void> {
  await ws.run(
    `INSERT INTO evidence VALUES ($1, $2, 1, 'test', 'signins', $3, $3, 0, 0, CAST('2030-01-01T00:00:00Z' AS TIMESTAMPTZ))`,
    [file, `${file}.json`, n],
  );
  const rows: TestRow[] = Array.from({ length: n }, (_, i) => ({
    created_at: new Date(Date.parse(start) + i * 60_000).toISOString(),
    ip_address: '203.0.113.7',
    user_principal_name: `user${first + i}@contoso.com`,
    error_code: 50126,
    evidence_sha256: file,
  }));
  await insertRows(ws, 'signins', rows, file);
}

describe('the detection engine', () => {
  it('compiles every built-in rule', () => {
    expect(engine.skipped).toEqual([]);
    expect(engine.compiled.length).toBe(engine.ruleSet.alerting().length);
  });

  it('records a full run, so the next incremental run reads nothing it already read', async () => {
    await importSpray('f1', '2025-09-02T10:00:00Z', 1, 12);
    const full = await engine.run(ws, { full: true });
    expect(full.new.length).toBeGreaterThan(0);
    const again = await engine.run(ws);
    expect(again).toMatchObject({ evaluated: 0, skipped: engine.compiled.length, new: [], updated: [] });
    await importSpray('f2', '2025-09-02T10:20:00Z', 13, 5);
    const next = await engine.run(ws);
    expect(next.evaluated).toBeGreaterThan(0);
    expect(next.updated.map((a) => a.event_count)).toContain(17);
  });

  it('collects a rule file that does not load and still runs the others; strict throws it', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'title: broken\ndetection: {condition: nothing}\n');
    const loaded = DetectionEngine.load([builtinRulesDir(), bad]);
    expect(loaded.skipped.length).toBe(1);
    expect(loaded.compiled.length).toBe(engine.compiled.length);
    expect(() => DetectionEngine.load([bad], { strict: true })).toThrow();
  });
});
