import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_USAGE } from '../core/errors.js';
import { atLeast } from '../core/severity.js';
import type { Alert } from '../detect/alert.js';
import { renderAlertTable } from '../detect/alert-table.js';
import { markAnnounced, owedAnnouncements } from '../detect/announcements.js';
import { DetectionEngine } from '../detect/engine.js';
import { builtinRulesDir } from '../rules/content.js';
import { withWorkspaceExceptions } from './alert-exceptions.js';
import { failOnThreshold, globalOptions, note, printJson, say, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

/** `--fail-on`: exit 1 when any of these alerts is at or above the threshold. */
export function applyFailOn(cmd: Command, alerts: readonly Alert[]): void {
  const threshold = failOnThreshold(cmd);
  if (threshold !== undefined && alerts.some((a) => atLeast(a.severity, threshold))) process.exitCode = EXIT_FINDINGS;
}

/** `premortem detect [--rules DIR...]`: built-in plus extra rules over the store; prints new and updated alerts. */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('run the built-in Sigma rules (and --rules DIR) over the store; store and print new alerts')
    .option('--rules <dir...>', 'more Sigma rules (files or folders) to run beside the built-in ones')
    .option('--full', 'evaluate every stored event again, not only what was imported since the last run')
    .addHelpText(
      'after',
      `
Rules are Sigma detections and correlations (event_count, value_count, temporal, temporal_ordered) with sliding
time windows; field names are mapped to the store by content/pipelines. A rule that cannot be converted is
named on stderr with the reason, and the others still run. detect remembers, per rule, which imported files it
has evaluated: a later run reads only new files (and, for correlations, the events within their windows of the
new ones), so windows spanning two runs are still seen. Running detect again raises nothing new: an alert that
grows (a spray that goes on) is updated, not raised twice.

Examples:
  premortem detect
  premortem detect --rules ./sigma/rules/cloud/azure --json
  premortem detect --full                  re-read everything (after changing exceptions or pipelines)
  premortem detect --fail-on high          exit 1 when an alert is high or critical`,
    )
    .action(async (opts: { rules?: string[]; full?: boolean }, cmd: Command) => {
      failOnThreshold(cmd); // a bad --fail-on is a usage error before any work
      const engine = DetectionEngine.load([builtinRulesDir(), ...(opts.rules ?? [])]);
      for (const e of engine.skipped)
        note(`skipped: ${terminalSafe(e.message)}${e.where() ? ` (${terminalSafe(e.where())})` : ''}`);
      note(`converted ${engine.compiled.length} rule(s), skipped ${engine.skipped.length}`);
      // What is shown as new or updated is what the store says is owed (detect/announcements.ts), not what this
      // run found: a run killed after storing alerts leaves them owed, and the next run shows them.
      const { result, owed, shown } = await withWorkspace(cmd, async (ws) => {
        const result = await engine.run(ws, { full: opts.full === true });
        const owed = await owedAnnouncements(ws);
        // Printed in the order things happened: a responder reads the attack, not the rule list.
        const shown = withWorkspaceExceptions(
          ws,
          [...owed.new, ...owed.updated].sort(
            (a, b) => a.first_seen.localeCompare(b.first_seen) || a.title.localeCompare(b.title),
          ),
          new Date(),
          note,
        );
        if (globalOptions(cmd).json) printJson(shown);
        else if (shown.length > 0) say(cmd, renderAlertTable(shown, terminalSafe));
        await markAnnounced(ws, owed.keys, new Date());
        return { result, owed, shown };
      });
      if (result.evaluated !== undefined)
        note(`evaluated ${result.evaluated} rule(s); ${result.skipped} had nothing new to read`);
      for (const e of result.errors) note(`failed: ${terminalSafe(e.message)}`);
      if (result.errors.length > 0) process.exitCode = EXIT_USAGE;
      const shownIds = new Set(shown.map((a) => a.id));
      const known = result.unchanged.filter((a) => !shownIds.has(a.id));
      say(cmd, `${owed.new.length} new alert(s), ${owed.updated.length} updated, ${known.length} already known`);
      if (result.errors.length === 0) applyFailOn(cmd, [...shown, ...known]);
    });
}
