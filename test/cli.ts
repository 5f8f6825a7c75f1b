import { runCli } from '../src/cli/program.js';
import { Workspace } from '../src/store/workspace.js';

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

/**
 * A workspace (created, then closed: the command opens it itself) holding two unrelated findings whose rules load
 * in the opposite order of their times: a spray from one address (a correlation) late in the day, and a sign-in
 * to a disabled account early.
 */
export async function sprayAndDisabledWorkspace(dir: string): Promise<void> {
  const ws = await Workspace.open(dir);
  await ws.run(
    `INSERT INTO signins_inline (uid, source_id, created_at, event_type, user_principal_name, ip_address, error_code, client_app)
     SELECT 'spray-' || i, 'spray-' || i, TIMESTAMPTZ '2025-09-09 18:00:00+00' + to_minutes(i), 'interactiveUser',
            'user' || i || '@contoso.com', '203.0.113.7', 50126, 'Authenticated SMTP' FROM range(30) t(i)`,
  );
  await ws.run(
    `INSERT INTO signins_inline (uid, source_id, created_at, event_type, user_principal_name, ip_address, error_code, client_app)
     VALUES ('disabled-1', 'disabled-1', TIMESTAMPTZ '2025-09-09 06:00:00+00', 'interactiveUser', 'old@contoso.com', '198.51.100.9', 50057, 'Browser')`,
  );
  ws.close();
}
