import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { createProgram } from './program.js';

describe('the premortem program', () => {
  it('registers every command of the contract once', () => {
    const names = createProgram().commands.map((c) => c.name());
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['simulate', 'import', 'collect', 'watch', 'detect', 'alerts', 'incidents', 'timeline']) {
      expect(names).toContain(name);
    }
    for (const name of ['investigate', 'assess', 'exceptions', 'impact', 'readiness', 'report', 'rules', 'evidence']) {
      expect(names).toContain(name);
    }
  });

  it('exits 0 on --help, with the help on stdout', async () => {
    const run = await runPremortem(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Exit codes: 0 ok, 1 alerts or findings at or above --fail-on, 2 usage or input error.',
    );
  });

  it('exits 2 on an unknown command or flag, saying so on stderr and nothing on stdout', async () => {
    const unknown = await runPremortem(['nonsense']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain("unknown command 'nonsense'");
    const flag = await runPremortem(['detect', '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('exits 2 on an input error with the message and hint, never a stack without --debug', async () => {
    const run = await runPremortem(['--fail-on', 'extreme', 'detect']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^premortem: --fail-on takes informational, low, medium, high or critical/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves the process exit code as it was', async () => {
    process.exitCode = undefined;
    await runPremortem(['nonsense']);
    expect(process.exitCode).toBeUndefined();
  });

  it('is what the bin runs: dist/cli/index.js exits 2 on a usage error (npm run build first)', () => {
    const bin = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist/cli/index.js'), 'nonsense'], {
      encoding: 'utf8',
    });
    expect(bin.status).toBe(2);
    expect(bin.stderr).toContain("unknown command 'nonsense'");
  });
});

describe('--format', () => {
  it('takes a fixed list of values in every command that has it', () => {
    // rules export checks its --format in its action, with its own message (its test holds it to that).
    const checkedByHand = new Set(['export']);
    const walk = (c: ReturnType<typeof createProgram>): string[] => [
      ...c.options.filter((o) => o.long === '--format' && !o.argChoices?.length).map(() => c.name()),
      ...c.commands.flatMap(walk),
    ];
    expect(walk(createProgram()).filter((name) => !checkedByHand.has(name))).toEqual([]);
  });

  it('refuses a format a command does not have, as a usage error', async () => {
    const run = await runPremortem(['assess', '--format', 'pdf']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'pdf' is invalid. Allowed choices are text, md, json.");
  });
});
