/**
 * Probe group 3: alerts stored but never announced. A detect killed after storing its alerts (here: at the moment
 * it starts printing them) left them known, and the rerun printed only what it found anew, so CI and watch never
 * saw them. "New" is what the store still owes, so the rerun shows them, once. watch marked its alerts announced
 * before printing them (a kill in between lost them), and exceptions check printed its alerts without marking
 * them, so detect showed them again as new.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../graph-server/run-cli.js';
import { startGraphServer } from '../graph-server/server.js';
import { tokenEnv } from '../graph-server/stored-events.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { graphSignin, writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

const DIE_ON_OUTPUT = resolve(import.meta.dirname, 'die-on-first-output.cjs');

describe('probe: alerts owed an announcement', () => {
  it('a detect killed before it printed leaves its alerts to be shown as new by the next run, and only once', () => {
    const ws = join(dir, 'ws');
    const file = writeSpray(dir, 'spray.ndjson');
    expect(premortem(['--workspace', ws, 'import', file]).code).toBe(0);

    const killed = premortem(['--workspace', ws, '--json', 'detect'], {
      env: { NODE_OPTIONS: `--require ${DIE_ON_OUTPUT}` },
    });
    expect(killed.code).toBeNull(); // died by the signal

    const rerun = premortem(['--workspace', ws, '--json', '--fail-on', 'low', 'detect']);
    expect(rerun.code, rerun.stderr).toBe(1);
    const shown = JSON.parse(rerun.stdout) as { title: string }[];
    expect(shown.some((a) => /spray/i.test(a.title))).toBe(true);

    const third = premortem(['--workspace', ws, '--json', 'detect']);
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toEqual([]);
  });
});

describe('probe: watch and exceptions check announce once, and only what they showed', () => {
  it('a watch killed as it starts printing leaves its alerts owed: the next run shows them as new', async () => {
    const graph = await startGraphServer({ reportsBudget: false });
    try {
      const ws = join(dir, 'ws-watch');
      expect(premortem(['--workspace', ws, 'import', writeSpray(dir, 'spray-watch.ndjson')]).code).toBe(0);
      const killed = await runCli(
        ['--workspace', ws, '--json', 'watch', '--once', '--endpoints', 'signIns/interactiveUser'],
        { ...tokenEnv(graph), NODE_OPTIONS: `--require ${DIE_ON_OUTPUT}` },
        { built: true },
      ).done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    } finally {
      await graph.close();
    }
    const rerun = premortem(['--workspace', join(dir, 'ws-watch'), '--json', 'detect']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const shown = JSON.parse(rerun.stdout) as { title: string }[];
    expect(shown.some((a) => /spray/i.test(a.title))).toBe(true);
  });

  it('an alert exceptions check showed is not shown again, by check or by detect', () => {
    const ws = join(dir, 'ws-exceptions');
    const signin = graphSignin(1, '2025-09-09T18:00:00Z', {
      userPrincipalName: 'j.tan@contoso-probe.com',
      authenticationRequirement: 'singleFactorAuthentication',
      status: { errorCode: 0 },
    });
    const file = join(dir, 'single-factor.ndjson');
    writeFileSync(file, `${JSON.stringify(signin)}\n`);
    expect(premortem(['--workspace', ws, 'import', file]).code).toBe(0);
    // detect first: the built-in rules' own alerts are shown and done with.
    expect(premortem(['--workspace', ws, 'detect']).code).toBe(0);
    const add = premortem([
      '--workspace',
      ws,
      'exceptions',
      'add',
      '--control',
      'ca-exclusion:00000001-aaaa-4aaa-8aaa-000000000001',
      '--user',
      'j.tan@contoso-probe.com',
      '--reason',
      'The invoicing app cannot do modern authentication',
      '--owner',
      'finance-it',
      '--approver',
      'ciso',
      '--compensating',
      'alert on every sign-in',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const alertsOf = (args: string[]) => {
      const r = premortem(['--workspace', ws, '--json', ...args]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { alerts?: { title: string }[] } | { title: string }[];
      return (Array.isArray(out) ? out : (out.alerts ?? [])).map((a) => a.title);
    };
    expect(alertsOf(['exceptions', 'check'])).toEqual([expect.stringMatching(/without MFA \(exception EXC-001\)/)]);
    expect(alertsOf(['exceptions', 'check'])).toEqual([]);
    expect(alertsOf(['detect'])).toEqual([]);
  });
});
