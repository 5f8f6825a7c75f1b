import type { Command } from 'commander';
import { conversionReport, reasonCounts } from '../compile/conversion-report.js';
import { EXIT_FINDINGS } from '../core/errors.js';
import { runRuleTests } from '../detect/rule-tests.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { globalOptions, printJson, say } from './common.js';
import { registerRulesExport } from './rules-export.js';
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
  rules
    .command('import')
    .description('convert a folder of Sigma rules (e.g. SigmaHQ rules/cloud) and report what converts and why not')
    .argument('<dir>', 'rules folder or file')
    .addHelpText(
      'after',
      `
Loads every rule, maps its fields with content/pipelines and compiles it to DuckDB SQL. Prints the counts and one
line per rule that did not convert, with the reason and its place (file, line, field). Nothing is written: run
the rules with premortem detect --rules DIR.

Examples:
  premortem rules import ../shared/data/sigma-rules/rules
  premortem rules import ./sigma/rules/cloud --json | jq '.rules[] | select(.status != "converted")'`,
    )
    .action((dir: string, _opts: unknown, cmd: Command) => {
      const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
      const report = conversionReport(dir, pipelines);
      if (globalOptions(cmd).json) {
        printJson(report);
        return;
      }
      for (const r of report.rules) {
        if (r.status === 'converted') continue;
        say(cmd, `${r.status.padEnd(11)} ${terminalSafe(r.file)}: ${terminalSafe(r.reason)}`);
      }
      const total = report.rules.length;
      say(
        cmd,
        `converted ${report.converted} of ${total}, unsupported ${report.unsupported}, invalid ${report.invalid}`,
      );
      for (const { reason, count } of reasonCounts(report))
        say(cmd, `  ${String(count).padStart(4)}  ${terminalSafe(reason)}`);
    });
  registerRulesExport(rules);
}
