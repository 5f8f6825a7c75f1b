import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { premortemStdout, runPremortem } from '../../test/cli.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/snapshots');
let tmp: { dir: string; cleanup: () => void };
let ws: string;
beforeEach(() => {
  tmp = tempDir();
  ws = join(tmp.dir, 'ws');
});
afterEach(() => {
  tmp.cleanup();
});

/** The real program on the test's workspace: stdout; an input or usage error rejects (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(['--workspace', ws, ...args]);

interface JsonResult {
  id: string;
  status: string;
  severity: string;
  title: string;
  refs: Record<string, string[]>;
  evidence: { message: string }[];
}

describe('premortem assess', () => {
  it('prints each check as {id, status, severity, title, refs, evidence} with --json', async () => {
    const assessed = await runPremortem(['--workspace', ws, '--json', 'assess', '--snapshot', join(FIXTURES, 'fail')]);
    const out = JSON.parse(assessed.stdout) as {
      score: number;
      results: JsonResult[];
    };
    expect(out.results).toHaveLength(32);
    const first = out.results[0] as JsonResult;
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['id', 'status', 'severity', 'title', 'refs', 'evidence']),
    );
    expect(first).toMatchObject({
      id: 'PM-001',
      status: 'fail',
      severity: 'critical',
      refs: { scuba: ['MS.AAD.3.2v2'] },
    });
    expect(out.score).toBeLessThan(20);
    expect(assessed.code).toBe(0);
  });

  it('exits 1 with --fail-on when a failing check is at or above the threshold, 0 below it', async () => {
    const assess = (fixture: string) =>
      runPremortem([
        '--workspace',
        ws,
        '--json',
        '--fail-on',
        'critical',
        'assess',
        '--snapshot',
        join(FIXTURES, fixture),
      ]);
    expect((await assess('fail')).code).toBe(1);
    expect((await assess('pass')).code).toBe(0);
  });

  it('prints a score and the failing checks worst first in the terminal, and Markdown on request', async () => {
    const text = await run(['assess', '--snapshot', join(FIXTURES, 'fail')]);
    expect(text).toMatch(/^Posture score \d+\/100: 1 pass, 30 fail, 0 accepted risk, 0 not applicable, 1 no data\n/);
    expect(text.indexOf('FAIL  critical')).toBeLessThan(text.indexOf('FAIL  high'));
    expect(text).toContain('Jonathan Tan (user) is excluded from "Require MFA for all users"');
    const md = join(tmp.dir, 'posture.md');
    await run(['assess', '--snapshot', join(FIXTURES, 'fail'), '--format', 'md', '--out', md]);
    const report = readFileSync(md, 'utf8');
    expect(report).toContain('| PM-021 | fail | critical |');
    expect(report).toContain('## One rule for execs');
    expect(report).toContain('Jonathan Tan \\(j.tan@contoso.com\\)');
  });

  it('shows drift between two snapshots with --drift-from', async () => {
    const out = JSON.parse(
      await run(['--json', 'assess', '--snapshot', join(FIXTURES, 'fail'), '--drift-from', join(FIXTURES, 'pass')]),
    ) as {
      drift: {
        posture: { id: string; from: string; to: string }[];
        objects: { resource: string; name: string; change: string }[];
      };
    };
    expect(out.drift.posture).toContainEqual({
      id: 'PM-021',
      title: 'No service principal holds a Tier-0 role',
      from: 'pass',
      to: 'fail',
    });
    expect(out.drift.objects).toContainEqual(
      expect.objectContaining({
        resource: 'conditionalAccessPolicies',
        name: 'Block legacy authentication',
        change: 'changed',
      }),
    );
  });

  it('says where a snapshot is missing', async () => {
    await expect(run(['assess'])).rejects.toMatchObject({ exitCode: 2, stderr: /no workspace at/ });
    (await Workspace.open(ws)).close();
    await expect(run(['assess'])).rejects.toMatchObject({
      exitCode: 2,
      stderr: /no configuration snapshot/,
    });
    await expect(run(['assess', '--snapshot', join(tmp.dir, 'nope')])).rejects.toMatchObject({
      exitCode: 2,
      stderr: /snapshot folder .*nope does not exist/,
    });
  });
});

describe('premortem exceptions', () => {
  const add = [
    'exceptions',
    'add',
    '--control',
    'ca-exclusion:00000001-aaaa-4aaa-8aaa-000000000001',
    '--user',
    'j.tan@contoso.com',
    '--reason',
    'InvoiceFlow Mobile cannot do modern auth',
    '--owner',
    'finance-it',
    '--compensating',
    'alert on every sign-in',
  ];

  it('adds, lists, turns a finding into accepted risk, expires it back into a failure', async () => {
    expect(await run([...add, '--approver', 'ciso', '--days', '30'])).toMatch(/^added EXC-001 \(ca-exclusion:/);
    expect(existsSync(join(ws, 'exceptions.yaml'))).toBe(true);
    const list = JSON.parse(await run(['--json', 'exceptions', 'list'])) as { id: string; state: string }[];
    expect(list).toEqual([expect.objectContaining({ id: 'EXC-001', state: 'valid' })]);
    const status = async () => {
      const out = JSON.parse(await run(['--json', 'assess', '--snapshot', join(FIXTURES, 'fail')])) as {
        results: JsonResult[];
      };
      return out.results.find((r) => r.id === 'PM-003');
    };
    // The fail fixture also excludes a group; the executive's exclusion alone becomes accepted.
    const accepted = await status();
    expect(accepted?.evidence).toContainEqual(
      expect.objectContaining({ accepted: true, exception: expect.objectContaining({ id: 'EXC-001' }) }),
    );
    await run(['exceptions', 'expire', 'EXC-001']);
    const expired = await status();
    expect(expired?.status).toBe('fail');
    expect(JSON.stringify(expired?.evidence)).toContain('exception EXC-001 expired');
  });

  it('refuses more than 90 days unless --max-days says so', async () => {
    await expect(run([...add, '--days', '120'])).rejects.toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/^hint: .*--max-days 120/m),
    });
    expect(await run([...add, '--days', '120', '--max-days', '120'])).toContain('added EXC-001');
  });

  it('check exits 1 when an exception is unapproved, and writes its compensating rules', async () => {
    await run(add);
    const check = await runPremortem(['--workspace', ws, 'exceptions', 'check']);
    const out = check.stdout;
    expect(out).toContain('1 exception(s): 0 valid, 1 expired or unapproved');
    expect(out).toContain('2 compensating rule(s)');
    expect(check.code).toBe(1);
    expect(existsSync(join(ws, 'generated-rules', 'exception-exc-001-no-mfa.yml'))).toBe(true);
  });
});

describe('premortem impact', () => {
  it('rejects an unknown policy and explains an empty workspace', async () => {
    await expect(run(['impact', '--policy', 'mfa-some'])).rejects.toMatchObject({
      exitCode: 2,
      stderr: /^premortem: .*mfa-all or block-legacy-auth/,
    });
    await expect(run(['impact', '--policy', 'mfa-all'])).rejects.toMatchObject({
      exitCode: 2,
      stderr: /^hint: .*premortem import/m,
    });
  });
});
