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

/** The command as typed, without options: "exceptions add", "evidence verify". */
export function commandName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The workspace folder a command that writes will write to; a workspace marked read-only (store/workspace.ts,
 * isReadOnly) is exit 2 naming it and the command, before anything is written.
 */
export function writableWorkspaceDir(cmd: Command): string {
  const dir = Workspace.resolveDir(globalOptions(cmd).workspace);
  if (Workspace.isReadOnly(dir)) throw readOnlyWorkspace(dir, commandName(cmd));
  return dir;
}

function readOnlyWorkspace(dir: string, command: string): PremortemError {
  return new PremortemError('workspace', `the workspace ${dir} is read-only, and premortem ${command} writes to it`, {
    hint: 'restore write permission (chmod -R u+w on the folder) or work on a copy (cp -r); commands that only read (alerts, incidents, timeline, report, show, evidence verify) run on it as it is',
  });
}

/**
 * Opens the workspace named by --workspace / PREMORTEM_WORKSPACE / ./.premortem, runs fn, always closes it.
 * Only commands that bring data in (import, collect, watch) pass create: every other command needs an existing
 * workspace and exits 2 without one. Commands that only read pass access: 'read': on a read-only workspace they
 * open it read-only (nothing written, not even by the open); any other command is refused there with exit 2.
 */
export async function withWorkspace<T>(
  cmd: Command,
  fn: (ws: Workspace) => Promise<T>,
  options: { create?: boolean; access?: 'read' | 'write' } = {},
): Promise<T> {
  const dir = Workspace.resolveDir(globalOptions(cmd).workspace);
  const readOnly = Workspace.isReadOnly(dir);
  if (readOnly && options.access !== 'read') throw readOnlyWorkspace(dir, commandName(cmd));
  const ws = await Workspace.open(dir, { create: options.create ?? false, readOnly });
  for (const q of ws.quarantined) {
    note(
      `${q.rows} row(s) of ${q.table} stored before event times were checked lie outside the plausible range: moved to rejects (premortem show --rejects)`,
    );
  }
  try {
    return await fn(ws);
  } catch (err) {
    // A command marked as only reading that writes after all: still exit 2 naming the workspace, never internal.
    if (readOnly && /read-only mode|EACCES|EROFS|EPERM/.test(err instanceof Error ? err.message : String(err))) {
      throw readOnlyWorkspace(dir, commandName(cmd));
    }
    throw err;
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
