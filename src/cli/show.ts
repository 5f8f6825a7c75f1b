import type { Command } from 'commander';
import { rawRecord } from '../ingest/raw-record.js';
import { globalOptions, printJson, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

/** `premortem show UID`: the raw record behind a row, re-read from the kept original. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print the raw record behind a row (by uid), re-read from the kept original file')
    .argument('<uid>', 'the row uid (the source id, or sha256:… for records without one)')
    .addHelpText(
      'after',
      `
Examples:
  premortem show 66ea54eb-6301-4ee5-be62-ff5a759b0100
  premortem show sha256:0f3c… --json`,
    )
    .action(async (uid: string, _opts: unknown, cmd: Command) => {
      const view = await withWorkspace(cmd, (ws) => rawRecord(ws, uid));
      if (globalOptions(cmd).json) return printJson(view);
      process.stderr.write(
        `${view.table} ${terminalSafe(view.uid)}: record ${view.record_index} of ${terminalSafe(view.path)} (${view.source_shape}, sha256 ${view.evidence_sha256})\n`,
      );
      // The record is attacker-controlled text: printed, never interpreted.
      process.stdout.write(`${terminalSafe(view.raw)}\n`);
    });
}
