import type { Command } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { listEvidence, verifyEvidence } from '../store/evidence.js';
import { globalOptions, printJson, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { terminalSafe } from './terminal.js';

/** `premortem evidence` lists every input; `premortem evidence verify` re-hashes the kept originals. */
export function registerEvidence(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('list every imported input with its SHA-256 and record counts (chain of custody)')
    .action(async (_opts: unknown, cmd: Command) => {
      const rows = await withWorkspace(cmd, (ws) => listEvidence(ws), { access: 'read' });
      if (globalOptions(cmd).json) return printJson(rows);
      if (rows.length === 0) return void stdout('No evidence yet: run premortem import first.\n');
      for (const r of rows) {
        stdout(
          `${r.sha256}  ${terminalSafe(r.path)}\n    ${r.shape}, ${r.bytes} bytes, imported ${r.imported_at}: read ${r.records_read} = loaded ${r.records_loaded} + duplicate ${r.records_duplicate} + rejected ${r.records_rejected} (${r.target_table})\n`,
        );
      }
    });
  evidence
    .command('verify')
    .description('re-hash every kept original against its recorded SHA-256; exit 1 if one is modified or missing')
    .addHelpText(
      'after',
      `
Each imported file is kept in the workspace (originals/<sha256>.gz) when it is imported. verify reads every kept
copy back and reports ok, modified or missing.

Examples:
  premortem evidence verify
  premortem evidence verify --json`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const checks = await withWorkspace(cmd, (ws) => verifyEvidence(ws), { access: 'read' });
      const bad = checks.filter((c) => c.state !== 'ok');
      if (globalOptions(cmd).json) printJson({ ok: bad.length === 0, checked: checks.length, files: checks });
      else {
        for (const c of checks) {
          stdout(`${c.state.padEnd(8)} ${c.sha256}  ${terminalSafe(c.path)}\n`);
          if (c.state === 'modified')
            stdout(`         kept copy ${terminalSafe(c.kept)} now reads ${terminalSafe(c.actual ?? '?')}\n`);
        }
        stdout(
          `\n${checks.length} input(s) checked: ${checks.length - bad.length} ok, ${bad.filter((c) => c.state === 'modified').length} modified, ${bad.filter((c) => c.state === 'missing').length} missing\n`,
        );
      }
      if (bad.length > 0) process.exitCode = EXIT_FINDINGS;
    });
}
