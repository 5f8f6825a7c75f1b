#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, exitCodeFor, PremortemError } from '../core/errors.js';
import { COMMANDS } from './commands.js';

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

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message; --help and --version exit 0.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    const debug = process.argv.includes('--debug');
    if (err instanceof PremortemError) {
      const where = err.where();
      process.stderr.write(`premortem: ${err.message}${where && !err.message.includes(where) ? ` (${where})` : ''}\n`);
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    } else {
      process.stderr.write(`premortem: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.stderr.write('hint: run again with --debug and report the output\n');
    }
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCodeFor(err);
  }
}

await main();
