import type { Command } from 'commander';
import { renderAlertTable } from '../detect/alert-table.js';
import { detectHasRun, nothingDetected } from '../detect/has-run.js';
import { listAlerts } from '../detect/list-alerts.js';
import { withWorkspaceExceptions } from './alert-exceptions.js';
import { failOnThreshold, globalOptions, note, printJson, say, withWorkspace } from './common.js';
import { applyFailOn } from './detect.js';
import { terminalSafe } from './terminal.js';

/** `premortem alerts`: the stored alerts as a table, or `--json` the alert array; `--fail-on` applies. */
export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('list the alerts stored in the workspace, oldest first')
    .addHelpText(
      'after',
      `
Examples:
  premortem alerts
  premortem alerts --json | jq '.[] | select(.severity == "critical")'`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      failOnThreshold(cmd);
      const { alerts, ran } = await withWorkspace(
        cmd,
        async (ws) => ({
          alerts: await withWorkspaceExceptions(ws, await listAlerts(ws), new Date(), note),
          ran: await detectHasRun(ws),
        }),
        { access: 'read' },
      );
      if (globalOptions(cmd).json) printJson(alerts);
      else say(cmd, alerts.length === 0 ? nothingDetected('alerts', ran) : renderAlertTable(alerts, terminalSafe));
      applyFailOn(cmd, alerts);
    });
}
