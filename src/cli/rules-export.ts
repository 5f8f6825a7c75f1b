import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { reasonCounts } from '../compile/conversion-report.js';
import { exportKql, type KqlExportReport, type KqlFormat } from '../compile/kql/kql-export.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { globalOptions, printJson, say, usageError } from './common.js';
import { terminalSafe } from './terminal.js';

interface ExportOptions {
  target?: string;
  format?: string;
  rules?: string;
  out: string;
}

/** `premortem rules export --target kql [--format sentinel] [--rules DIR] --out DIR`. */
export function registerRulesExport(rules: Command): void {
  rules
    .command('export')
    .description('export the built-in rules (and those of --rules) as KQL for Microsoft Sentinel')
    .option('--target <target>', 'the query language (kql)', 'kql')
    .option('--format <format>', 'kql (one query per file) or sentinel (analytic rule YAML)', 'kql')
    .option('--rules <dir>', 'a folder of Sigma rules to export as well')
    .requiredOption('--out <dir>', 'the folder to write into (created if missing)')
    .addHelpText(
      'after',
      `
Writes <rule name>.kql (with --format sentinel, <rule name>.yaml: a scheduled analytic rule whose query is that
KQL) for every rule that raises alerts, over SigninLogs, AADNonInteractiveUserSignInLogs,
AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs, AuditLogs, OfficeActivity, AADUserRiskEvents and
MicrosoftGraphActivityLogs. Correlations become windowed KQL with the same sliding windows as detect. Every query
is checked offline with the Kusto language service against those tables' declared columns; a query with a
diagnostic is not written. Prints one line per rule that does not translate, with the reason.

Examples:
  premortem rules export --target kql --out ./kql
  premortem rules export --target kql --format sentinel --rules ./my-rules --out ./sentinel
  premortem rules export --target kql --rules ../shared/data/sigma-rules/rules --out /tmp/kql --json`,
    )
    .action((opts: ExportOptions, cmd: Command) => {
      if (opts.target !== 'kql') throw usageError(`--target takes kql, not "${opts.target}"`);
      if (opts.format !== 'kql' && opts.format !== 'sentinel') {
        throw usageError(`--format takes kql or sentinel, not "${opts.format}"`);
      }
      const format: KqlFormat = opts.format;
      const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
      const taken = new Set<string>();
      // The folder as given, so that the report names it (and its files) the way the user wrote it.
      const dirs = [builtinRulesDir(), ...(opts.rules === undefined ? [] : [opts.rules])];
      const reports: KqlExportReport[] = [];
      mkdirSync(opts.out, { recursive: true });
      for (const dir of dirs) {
        const { report, files } = exportKql(dir, pipelines, format, taken);
        for (const f of files) writeFileSync(join(opts.out, f.name), f.content);
        reports.push(dir === dirs[0] ? { ...report, source: 'built-in' } : report);
      }
      if (globalOptions(cmd).json) {
        printJson({ target: 'kql', format, out: opts.out, sources: reports });
        return;
      }
      for (const report of reports) {
        for (const r of report.rules) {
          if (r.status === 'translated') {
            for (const n of r.notes) say(cmd, `note        ${terminalSafe(r.file)}: ${terminalSafe(n)}`);
            continue;
          }
          say(cmd, `${r.status.padEnd(11)} ${terminalSafe(r.file)}: ${terminalSafe(r.reason)}`);
        }
        const total = report.rules.length;
        say(
          cmd,
          `${terminalSafe(report.source)}: translated ${report.translated} of ${total}, not translated ${report.notTranslated}, invalid ${report.invalid}`,
        );
        for (const { reason, count } of reasonCounts(report))
          say(cmd, `  ${String(count).padStart(4)}  ${terminalSafe(reason)}`);
      }
      say(cmd, `wrote ${taken.size} file(s) to ${terminalSafe(opts.out)}`);
    });
}
