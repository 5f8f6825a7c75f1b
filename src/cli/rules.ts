import type { Command } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { builtinRulesDir } from '../rules/content.js';
import { runRuleTests } from '../rules/rule-tests.js';
import { globalOptions, printJson, say } from './common.js';
import { terminalSafe } from './terminal.js';

/** `premortem rules test [DIR]`: every case of every `x.tests.yml`; exit 1 when one fails. */
export function registerRules(program: Command): void {
  const rules = program.command('rules').description('work with detection rules');
  rules
    .command('test')
    .description("run each rule's true-positive and true-negative test events (x.tests.yml beside x.yml)")
    .argument('[dir]', 'rules folder (default: the built-in rules)')
    .addHelpText(
      'after',
      `
Each case loads its rows into a fresh temporary workspace, runs detection and compares the alerts with what
the case expects. Exit 1 when a case fails.

Examples:
  premortem rules test
  premortem rules test ./my-rules --json`,
    )
    .action(async (dir: string | undefined, _opts: unknown, cmd: Command) => {
      const summary = await runRuleTests(dir ?? builtinRulesDir());
      if (globalOptions(cmd).json) printJson(summary);
      else {
        for (const r of summary.results) {
          say(
            cmd,
            `${r.passed ? 'ok  ' : 'FAIL'} ${terminalSafe(r.file.split('/').pop() ?? r.file)}: ${terminalSafe(r.case)}`,
          );
          for (const p of r.problems) say(cmd, `       ${terminalSafe(p)}`);
        }
        say(cmd, `${summary.passed} passed, ${summary.failed} failed`);
      }
      if (summary.failed > 0) process.exitCode = EXIT_FINDINGS;
    });
}
