import type { Command } from 'commander';
import { Option } from 'commander';
import { buildIncidents } from '../investigate/incidents.js';
import { buildTimeline } from '../investigate/timeline.js';
import { timelineMarkdown, timelineText } from '../investigate/timeline-format.js';
import { globalOptions, printJson, usageError, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

/** `premortem timeline [--incident ID] [--format text|md|json]`. */
export function registerTimeline(program: Command): void {
  program
    .command('timeline')
    .description('the incident as a Date (UTC) | Action / Finding | Evidence table, from alerts and what followed')
    .option('--incident <id>', 'only the alerts of one incident (premortem incidents lists them)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Every alert, then what the identities it implicates did afterwards (directory changes they initiated, their
sign-ins from the attacker's addresses, mailbox access), and a PIM bypass check for role assignments. Each line
names the log and the record ids it stands on; "premortem show UID" prints a record.

Examples:
  premortem timeline
  premortem timeline --incident inc-01816af9cc
  premortem timeline --format md > timeline.md`,
    )
    .action(async (opts: { format: string; incident?: string }, cmd: Command) => {
      const t = await withWorkspace(cmd, async (ws) => {
        if (opts.incident === undefined) return buildTimeline(ws);
        const incident = (await buildIncidents(ws)).find((i) => i.id === opts.incident);
        if (!incident) throw usageError(`no incident ${opts.incident}`, 'premortem incidents lists the ids');
        return buildTimeline(ws, { alertIds: incident.alert_ids });
      });
      if (globalOptions(cmd).json || opts.format === 'json') printJson(t);
      else if (opts.format === 'md') process.stdout.write(timelineMarkdown(t));
      else process.stdout.write(terminalSafe(timelineText(t)));
    });
}
