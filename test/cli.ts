import { runCli } from '../src/cli/program.js';

/** What one run of the command line did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real premortem program in process (src/cli/program.ts, what the bin runs) on `args`, capturing its
 * output and exit code.
 */
export async function runPremortem(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** A run that ended in a usage or input error (exit 2): what it printed, for the test to match. */
export class CliUsageExit extends Error {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  constructor(run: CliRun) {
    super(run.stderr.trim());
    this.exitCode = run.code;
    this.stdout = run.stdout;
    this.stderr = run.stderr;
  }
}

/** Runs the real program and returns its stdout; an exit 2 rejects with a CliUsageExit naming what stderr said. */
export async function premortemStdout(args: readonly string[]): Promise<string> {
  const run = await runPremortem(args);
  if (run.code === 2) throw new CliUsageExit(run);
  return run.stdout;
}
