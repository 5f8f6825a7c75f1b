/**
 * The premortem command line with collect, watch and doctor registered, for tests that run it as a child process
 * (node --import tsx test/graph-server/cli.ts ...). Until src/cli/commands.ts registers these commands, this entry
 * adds them; its error handling mirrors src/cli/index.ts (message and hint, no stack unless --debug, exit codes).
 */
import { Command, CommanderError } from 'commander';
import { registerCollect } from '../../src/cli/collect.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { registerDoctor } from '../../src/cli/doctor.js';
import { registerWatch } from '../../src/cli/watch.js';
import { EXIT_USAGE, exitCodeFor, PremortemError } from '../../src/core/errors.js';

const program = new Command();
program
  .name('premortem')
  .option('--workspace <dir>')
  .option('--json')
  .option('--fail-on <severity>')
  .option('--debug')
  .exitOverride();
for (const register of COMMANDS) register(program);
for (const register of [registerCollect, registerWatch, registerDoctor]) {
  if (!COMMANDS.includes(register)) register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  else {
    if (err instanceof PremortemError) {
      process.stderr.write(`premortem: ${err.message}\n`);
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    } else process.stderr.write(`premortem: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.argv.includes('--debug') && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCodeFor(err);
  }
}
