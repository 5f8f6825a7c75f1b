import type { Command } from 'commander';
import { Option } from 'commander';
import { md } from '../core/escape.js';
import { detectHasRun } from '../detect/has-run.js';
import { buildIncidents } from '../investigate/incidents.js';
import { buildTimeline } from '../investigate/timeline.js';
import { timelineMarkdown, timelineText } from '../investigate/timeline-format.js';
import { globalOptions, printJson, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
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
      // One timeline per incident: each follows only its own incident's actors and addresses, so an unrelated
      // finding (an admin's policy change from the office) cannot pull office sign-ins into an attack's story.
      let ran = false;
      const sections = await withWorkspace(
        cmd,
        async (ws) => {
          ran = await detectHasRun(ws);
          const incidents = await buildIncidents(ws);
          if (opts.incident !== undefined) {
            const incident = incidents.find((i) => i.id === opts.incident);
            if (!incident) throw usageError(`no incident ${opts.incident}`, 'premortem incidents lists the ids');
            return [{ incident, timeline: await buildTimeline(ws, { alertIds: incident.alert_ids }) }];
          }
          if (incidents.length <= 1) return [{ incident: incidents[0], timeline: await buildTimeline(ws) }];
          const out = [];
          for (const incident of incidents) {
            out.push({ incident, timeline: await buildTimeline(ws, { alertIds: incident.alert_ids }) });
          }
          return out;
        },
        { access: 'read' },
      );
      const single = sections.length === 1 ? sections[0] : undefined;
      if (globalOptions(cmd).json || opts.format === 'json') {
        // One incident (or none): the timeline itself; several: one entry per incident.
        if (single) printJson(single.timeline);
        else
          printJson(
            sections.map((s) => ({
              incident: { id: s.incident?.id, title: s.incident?.title, severity: s.incident?.severity },
              ...s.timeline,
            })),
          );
        return;
      }
      const heading = (s: (typeof sections)[number]) =>
        s.incident ? `Incident ${s.incident.id} [${s.incident.severity}]: ${s.incident.title}` : '';
      if (opts.format === 'md') {
        const markdown = sections.map((s) =>
          single ? timelineMarkdown(s.timeline) : `## ${md(heading(s))}\n\n${timelineMarkdown(s.timeline)}`,
        );
        stdout(markdown.join('\n'));
      } else {
        const text = sections.map((s) =>
          single ? timelineText(s.timeline, 110, ran) : `== ${heading(s)}\n\n${timelineText(s.timeline, 110, ran)}`,
        );
        stdout(terminalSafe(text.join('\n')));
      }
    });
}
