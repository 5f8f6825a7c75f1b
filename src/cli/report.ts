import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { readTrail, trailLines } from '../contain/trail.js';
import { detectHasRun } from '../detect/has-run.js';
import { buildIncidents } from '../investigate/incidents.js';
import { assessWorkspace } from '../posture/assess-workspace.js';
import { buildIncidentReport } from '../report/build-report.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../report/render.js';
import { globalOptions, note, printJson, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { measureReadiness } from './readiness.js';

interface ReportOptions {
  incident?: string;
  all?: boolean;
  format: ReportFormat;
  out?: string;
  snapshot?: string;
  now?: string;
  readiness: boolean;
}

/** `premortem report --incident ID | --all --format html|md|json|csv --out FILE`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('an incident report a responder can hand over: HTML (self-contained), Markdown, JSON or CSV')
    .option('--incident <id>', 'one incident (premortem incidents lists them)')
    .option('--all', 'every incident')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('html'))
    .option('--out <file>', 'write here instead of stdout')
    .option(
      '--snapshot <dir|id>',
      'configuration snapshot for the lessons section (posture findings, exceptions); default: the newest stored one',
    )
    .option(
      '--now <TIME>',
      'answer the readiness section as of this ISO time, or "latest" (the newest event held: for demo or imported data)',
    )
    .option('--no-readiness', 'leave out the readiness section (how far back, how do we know, how fast)')
    .addHelpText(
      'after',
      `
Sections: Executive Summary, Incident Details, Timeline of Events by phase (with a chart of failed sign-ins per
hour per attacker address), Attack Methodology (ATT&CK from the rules' tags), Impact Assessment, Attacker
Footprint, Indicators of Compromise, Response Actions, Lessons Learned and Recommendations, Readiness (the
premortem questions for the workspace, as premortem readiness answers them), Evidence Appendix
(input files and their SHA-256). Every sentence is built from records in the workspace. The HTML has no script
and loads nothing: it opens offline.

Examples:
  premortem report --incident inc-01816af9cc --out incident.html
  premortem report --all --format md --out incidents.md
  premortem report --all --format csv --out incidents.csv`,
    )
    .action(async (opts: ReportOptions, cmd: Command) => {
      if ((opts.incident === undefined) === (opts.all !== true)) throw usageError('give --incident ID or --all');
      let ran = false;
      const reports = await withWorkspace(
        cmd,
        async (ws) => {
          ran = await detectHasRun(ws);
          const incidents = await buildIncidents(ws);
          const chosen = opts.all ? incidents : incidents.filter((i) => i.id === opts.incident);
          if (!opts.all && chosen.length === 0)
            throw usageError(`no incident ${opts.incident}`, 'premortem incidents lists the ids');
          const posture = (await assessWorkspace(ws, opts.snapshot))?.results;
          const readiness =
            opts.readiness && chosen.length > 0
              ? await measureReadiness(ws, { now: opts.now, intervalMs: 30_000 })
              : undefined;
          const responseTaken = trailLines(await readTrail(ws));
          const out = [];
          for (const i of chosen)
            out.push(
              await buildIncidentReport(ws, i, {
                ...(posture ? { posture } : {}),
                ...(readiness ? { readiness } : {}),
                responseTaken,
              }),
            );
          return out;
        },
        { access: 'read' },
      );
      const text = renderReport(reports, opts.format, ran);
      if (opts.out === undefined) return void stdout(text);
      writeFileSync(opts.out, text);
      const summary = {
        out: resolve(opts.out),
        format: opts.format,
        incidents: reports.map((r) => r.incident.id),
        bytes: Buffer.byteLength(text),
      };
      if (globalOptions(cmd).json) printJson(summary);
      else
        note(`Wrote ${summary.format} report of ${summary.incidents.join(', ') || 'no incidents'} to ${summary.out}`);
    });
}
