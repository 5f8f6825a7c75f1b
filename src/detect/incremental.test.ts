import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompileEnv } from '../compile/relation.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import type { Rule } from '../rules/model.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import type { TestRow } from '../rules/rule-test-cases.js';
import { Workspace } from '../store/workspace.js';
import { runIncremental } from './incremental.js';
import { listAlerts } from './list-alerts.js';
import { insertRows } from './rule-tests.js';

// Correlation window edges across two incremental runs: each run imports one "file" (an evidence row and the
// rows that carry its id), then detects. Windows that span the two runs must be seen; nothing raised twice.
const ruleSet = loadRules(builtinRulesDir()).rules;
const env: CompileEnv = { ruleSet, pipelines: new PipelineSet(loadPipelines(builtinPipelinesDir())) };
const rules = (...names: string[]): Rule[] => ruleSet.rules.filter((r) => names.includes(r.meta.name ?? ''));

let dir: string;
let ws: Workspace;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-incremental-'));
  ws = await Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One imported file: an evidence row, and its sign-ins carrying its id. */
async function importFile(file: string, rows: TestRow[]): Promise<void> {
  await ws.run(
    `INSERT INTO evidence VALUES ($1, $2, 1, 'test', 'signins', $3, $3, 0, 0, CAST('2030-01-01T00:00:00Z' AS TIMESTAMPTZ))`,
    [file, `${file}.json`, rows.length],
  );
  await insertRows(
    ws,
    'signins',
    rows.map((r) => ({ ...r, evidence_sha256: file })),
    file,
  );
}

/** Failed sign-ins from one address against accounts `first`..`first+n-1`, `everyMs` apart from `start`. */
function failures(start: string, first: number, n: number, everyMs = 60_000, ip = '203.0.113.7'): TestRow[] {
  const t = Date.parse(start);
  return Array.from({ length: n }, (_, i) => ({
    created_at: new Date(t + i * everyMs).toISOString(),
    ip_address: ip,
    user_principal_name: `user${first + i}@contoso.com`,
    error_code: 50126,
  }));
}

const count = async (): Promise<number> => (await listAlerts(ws)).length;

describe('incremental detection across two runs', () => {
  const spray = rules('password-spray');

  it('catches a spray window that spans the two runs (6 accounts, then 4 more within the hour)', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 6, 5 * 60_000));
    expect((await runIncremental(ws, spray, env)).new).toHaveLength(0);
    await importFile('f2', failures('2025-09-02T10:30:00Z', 7, 4, 10 * 60_000));
    const second = await runIncremental(ws, spray, env);
    expect(second.new).toHaveLength(1);
    expect(second.new[0]?.event_count).toBe(10);
  });

  it('window edge across runs: the 10th account exactly one hour after the first is inside', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 9, 60_000));
    await runIncremental(ws, spray, env);
    await importFile('f2', [{ ...failures('2025-09-02T11:00:00Z', 10, 1)[0] }]);
    expect((await runIncremental(ws, spray, env)).new).toHaveLength(1);
  });

  it('window edge across runs: the 10th account one second past the hour is outside', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 9, 60_000));
    await runIncremental(ws, spray, env);
    await importFile('f2', [{ ...failures('2025-09-02T11:00:01Z', 10, 1)[0] }]);
    expect((await runIncremental(ws, spray, env)).new).toHaveLength(0);
    expect(await count()).toBe(0);
  });

  it('never raises the same spray twice: a second run that extends it updates the stored alert', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 12));
    expect((await runIncremental(ws, spray, env)).new).toHaveLength(1);
    await importFile('f2', failures('2025-09-02T10:20:00Z', 13, 5));
    const second = await runIncremental(ws, spray, env);
    expect(second.new).toHaveLength(0);
    expect(second.updated).toHaveLength(1);
    expect(second.updated[0]?.event_count).toBe(17);
    expect(await count()).toBe(1);
  });

  it('reads a late file whose events are older than those already evaluated', async () => {
    await importFile('f1', failures('2025-09-20T10:00:00Z', 1, 3));
    await runIncremental(ws, spray, env);
    await importFile('f2', failures('2025-09-02T10:00:00Z', 100, 10));
    expect((await runIncremental(ws, spray, env)).new).toHaveLength(1);
  });

  it('runs no rule when nothing was imported since the last run', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 12));
    const all = ruleSet.alerting();
    const first = await runIncremental(ws, all, env);
    expect(first.evaluated).toBeGreaterThan(0);
    const again = await runIncremental(ws, all, env);
    expect(again).toMatchObject({ evaluated: 0, skipped: all.length, new: [], updated: [], unchanged: [] });
  });

  it('runs only the rules whose tables the new file has rows in, and still raises what those rows hold', async () => {
    const signinRule = rules('legacy-auth-success');
    const auditRule = rules('security-defaults-disabled');
    expect(auditRule).toHaveLength(1);
    const both = [...signinRule, ...auditRule];
    await importFile('f1', [
      { created_at: '2025-09-02T10:00:00Z', user_principal_name: 'a@contoso.com', client_app: 'IMAP4', error_code: 0 },
    ]);
    const run = await runIncremental(ws, both, env);
    // The audit rule had a file to read but no audit rows in it: it does not run, and the file counts as read.
    expect(run).toMatchObject({ evaluated: 1, skipped: 1 });
    expect(run.new.map((a) => a.entities.users)).toEqual([['a@contoso.com']]);
    expect(await runIncremental(ws, both, env)).toMatchObject({ evaluated: 0, skipped: 2 });
  });

  it('a single-event rule reads only the new file: an old match is not found again', async () => {
    const disabled = rules('legacy-auth-success');
    const success = (t: string, user: string): TestRow => ({
      created_at: t,
      user_principal_name: user,
      client_app: 'IMAP4',
      error_code: 0,
    });
    await importFile('f1', [success('2025-09-02T10:00:00Z', 'a@contoso.com')]);
    expect((await runIncremental(ws, disabled, env)).new).toHaveLength(1);
    await importFile('f2', [success('2025-09-03T10:00:00Z', 'b@contoso.com')]);
    const second = await runIncremental(ws, disabled, env);
    expect(second.new.map((a) => a.entities.users)).toEqual([['b@contoso.com']]);
    expect(second.unchanged).toEqual([]);
  });

  it('temporal_ordered across runs: spray in one run, success 24h after its last attempt in the next (inside)', async () => {
    const chain = rules('success-after-spray');
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 10));
    await runIncremental(ws, chain, env);
    await importFile('f2', [
      {
        created_at: '2025-09-03T10:09:00Z',
        ip_address: '203.0.113.7',
        user_principal_name: 'user3@contoso.com',
        error_code: 0,
      },
    ]);
    expect((await runIncremental(ws, chain, env)).new).toHaveLength(1);
  });

  it('temporal_ordered across runs: success 24h and one second after the last attempt is outside', async () => {
    const chain = rules('success-after-spray');
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 10));
    await runIncremental(ws, chain, env);
    await importFile('f2', [
      {
        created_at: '2025-09-03T10:09:01Z',
        ip_address: '203.0.113.7',
        user_principal_name: 'user3@contoso.com',
        error_code: 0,
      },
    ]);
    expect((await runIncremental(ws, chain, env)).new).toHaveLength(0);
  });

  it('the same rule loaded again is the same version: no file is read twice', async () => {
    await importFile('f1', failures('2025-09-02T10:00:00Z', 1, 12));
    await runIncremental(ws, spray, env);
    const states = Number(await ws.scalar('SELECT count(DISTINCT rule_hash) FROM detect_state'));
    expect(states).toBe(1);
    const other = loadRules(builtinRulesDir()).rules;
    const edited = { ...env, ruleSet: other };
    // Rules loaded again (new objects): the version is the compiled SQL, so nothing is evaluated again.
    expect(
      (
        await runIncremental(
          ws,
          other.rules.filter((r) => r.meta.name === 'password-spray'),
          edited,
        )
      ).evaluated,
    ).toBe(0);
  });
});
