/**
 * Probe group 9: a read-only workspace (chmod -R a-w, a read-only mount, another user's folder) refused even
 * `alerts` and `evidence verify` ("cannot open the workspace: Permission denied"): the open wrote (migrations, the
 * views, the orphan sweep). Commands that only read now serve it read-only; commands that write are exit 2 naming
 * the workspace, before writing anything.
 *
 * As root, chmod does not stop a write, so the probe would prove nothing if premortem relied on the system to refuse:
 * a folder with no write permission bit at all is read-only for premortem whoever runs it (Workspace.isReadOnly),
 * and the store file's hash shows nothing was written. store/workspace-read-only.test.ts runs the read-only open
 * directly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
let ws: string;
let storeHash: string;
const store = () => sha256Hex(readFileSync(join(ws, 'premortem.duckdb')));

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  ws = join(dir, 'ws');
  const spray = writeSpray(dir, 'spray.ndjson');
  for (const args of [['import', spray], ['detect']]) {
    const r = premortem(['--workspace', ws, ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
  execFileSync('chmod', ['-R', 'a-w', ws]);
  storeHash = store();
});
afterAll(() => {
  execFileSync('chmod', ['-R', 'u+w', ws]);
  cleanup();
});

describe('probe: a read-only workspace', () => {
  it('still serves alerts, evidence verify, incidents and report, and nothing is written', () => {
    const alerts = premortem(['--workspace', ws, '--json', 'alerts']);
    expect(alerts.code, alerts.stderr).toBe(0);
    expect((JSON.parse(alerts.stdout) as { title: string }[]).map((a) => a.title)).toContain(
      'Password spray from one source',
    );
    const verify = premortem(['--workspace', ws, '--json', 'evidence', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 1 });
    const incidents = premortem(['--workspace', ws, '--json', 'incidents']);
    expect(incidents.code, incidents.stderr).toBe(0);
    const [incident] = JSON.parse(incidents.stdout) as { id: string }[];
    expect(incident?.id).toMatch(/^inc-/);
    const report = premortem(['--workspace', ws, 'report', '--incident', incident?.id ?? '', '--format', 'md']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('# Incident Report');
    expect(store()).toBe(storeHash);
  });

  it.each([
    ['import', (spray: string) => ['import', spray]],
    ['detect', () => ['detect']],
    [
      'exceptions add',
      () => [
        'exceptions',
        'add',
        '--control',
        'PM-003',
        '--user',
        'user1@contoso-probe.com',
        '--reason',
        'the break-glass account cannot use MFA yet',
        '--owner',
        'it-security',
        '--compensating',
        'alert on every sign-in',
      ],
    ],
  ])('refuses %s with exit 2 naming the workspace, and writes nothing', (name, args) => {
    const r = premortem(['--workspace', ws, ...args(join(dir, 'spray.ndjson'))]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`the workspace ${ws} is read-only, and premortem ${name} writes to it`);
    expect(store()).toBe(storeHash);
    expect(() => readFileSync(join(ws, 'exceptions.yaml'))).toThrow(/ENOENT/);
  });
});
