import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The probes run the built CLI as an operator would (npm test builds it first). PREMORTEM_PROBE_CLI points them
 * at another build, e.g. an older commit's, to show that each probe fails where the defect is.
 */
const CLI = process.env.PREMORTEM_PROBE_CLI ?? resolve(import.meta.dirname, '../../dist/cli/index.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function premortem(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, PREMORTEM_WORKSPACE: undefined, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Any byte a terminal would interpret: C0 controls but tab and newline, DEL, C1, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
