/**
 * The premortem command line as a value: `createProgram()` builds it, `runCli(argv, io)` runs it and returns the
 * exit code. The bin (index.ts) is `runCli(process.argv.slice(2))`; tests call runCli the same way, so they exercise
 * the real program: its global options, error handling and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, exitCodeFor, PremortemError } from '../core/errors.js';
import { terminal } from '../core/escape.js';
import { COMMANDS } from './commands.js';
import { type CliIo, PROCESS_IO, withCliIo } from './io.js';

/** A fresh program with every command registered (commander keeps parse state, so one per run). */
export function createProgram(io: CliIo = PROCESS_IO): Command {
  const program = new Command();
  program
    .name('premortem')
    .description(
      'Keeps Microsoft Entra ID / Microsoft 365 tenants from being quietly taken over, and when they are, shows exactly how.',
    )
    .option('--workspace <dir>', 'workspace folder (env PREMORTEM_WORKSPACE; default ./.premortem)')
    .option('--json', 'machine output on stdout, nothing else on stdout')
    .option('--fail-on <severity>', 'exit 1 when alerts or findings at or above this severity exist')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run premortem --help for the commands, premortem <command> --help for their flags)')
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
    .exitOverride();

  for (const register of COMMANDS) register(program);

  program.addHelpText(
    'after',
    `
Examples:
  premortem simulate --out ./demo-tenant --seed 7      write a demo tenant with the seed-003 attack as Graph JSON
  premortem import ./demo-tenant                       import every supported file in a folder
  premortem detect                                     run the built-in rules, store and print alerts
  premortem timeline --format md                       the incident as a Date | Action | Evidence table

Exit codes: 0 ok, 1 alerts or findings at or above --fail-on, 2 usage or input error.`,
  );
  return program;
}

/** Prints an error the way the command line reports it and gives its exit code. */
function report(err: unknown, io: CliIo, debug: boolean): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message; --help and --version exit 0.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof PremortemError) {
    const where = err.where();
    // Messages name files and quote records: shown through the one escaper, never obeyed by the terminal.
    io.stderr(terminal(`premortem: ${err.message}${where && !err.message.includes(where) ? ` (${where})` : ''}\n`));
    if (err.hint) io.stderr(terminal(`hint: ${err.hint}\n`));
  } else {
    io.stderr(terminal(`premortem: internal error: ${err instanceof Error ? err.message : String(err)}\n`));
    io.stderr('hint: run again with --debug and report the output\n');
  }
  if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return exitCodeFor(err);
}

/**
 * Runs the command line on `argv` (the arguments after the program name) and returns its exit code: 0 ok, 1
 * findings at or above --fail-on, 2 usage or input error. Output goes to `io`. The process's exit code is left as
 * it was: the caller decides (the bin sets it).
 */
export async function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    return await withCliIo(io, async () => {
      try {
        await createProgram(io).parseAsync(['node', 'premortem', ...argv]);
        return Number(process.exitCode ?? 0);
      } catch (err) {
        return report(err, io, argv.includes('--debug'));
      }
    });
  } finally {
    process.exitCode = before;
  }
}
