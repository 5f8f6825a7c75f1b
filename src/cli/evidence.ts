import type { Command } from 'commander';
import { listEvidence } from '../store/evidence.js';
import { globalOptions, printJson, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

export function registerEvidence(program: Command): void {
  program
    .command('evidence')
    .description('list every imported input with its SHA-256 and record counts (chain of custody)')
    .action(async (_opts: unknown, cmd: Command) => {
      const rows = await withWorkspace(cmd, (ws) => listEvidence(ws));
      if (globalOptions(cmd).json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No evidence yet: run premortem import first.\n');
      for (const r of rows) {
        process.stdout.write(
          `${r.sha256}  ${terminalSafe(r.path)}\n    ${r.shape}, ${r.bytes} bytes, imported ${r.imported_at}: read ${r.records_read} = loaded ${r.records_loaded} + duplicate ${r.records_duplicate} + rejected ${r.records_rejected} (${r.target_table})\n`,
        );
      }
    });
}
