import type { Command } from 'commander';
import { EXIT_USAGE, PremortemError } from '../core/errors.js';
import { isSeverity, type Severity } from '../core/severity.js';
import { Workspace } from '../store/workspace.js';
import { stderr, stdout } from './io.js';

/** Options every command accepts (DESIGN.md: --workspace / PREMORTEM_WORKSPACE, --json). */
export interface GlobalOptions {
  workspace?: string;
  json?: boolean;
  debug?: boolean;
  failOn?: string;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * Opens the workspace named by --workspace / PREMORTEM_WORKSPACE / ./.premortem, runs fn, always closes it.
 * Only commands that bring data in (import, collect, watch) pass create: every other command needs an existing
 * workspace and exits 2 without one.
 */
export async function withWorkspace<T>(
  cmd: Command,
  fn: (ws: Workspace) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const ws = await Workspace.open(Workspace.resolveDir(globalOptions(cmd).workspace), {
    create: options.create ?? false,
  });
  for (const q of ws.quarantined) {
    note(
      `${q.rows} row(s) of ${q.table} stored before event times were checked lie outside the plausible range: moved to rejects (premortem show --rejects)`,
    );
  }
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}

/** With --json, stdout carries exactly one JSON document and nothing else. */
export function printJson(value: unknown): void {
  stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human output goes to stdout only when not in --json mode; progress and notes go to stderr. */
export function say(cmd: Command, text: string): void {
  if (!globalOptions(cmd).json) stdout(`${text}\n`);
}

export function note(text: string): void {
  stderr(`${text}\n`);
}

/** --fail-on SEVERITY: the threshold, or undefined when not given; a bad value is a usage error. */
export function failOnThreshold(cmd: Command): Severity | undefined {
  const v = globalOptions(cmd).failOn;
  if (v === undefined) return undefined;
  if (!isSeverity(v)) {
    throw new PremortemError('usage', `--fail-on takes informational, low, medium, high or critical, not "${v}"`);
  }
  return v;
}

export function usageError(message: string, hint?: string): PremortemError {
  return new PremortemError('usage', message, hint === undefined ? {} : { hint });
}

export { EXIT_USAGE };
