import type { Command } from 'commander';
import { Option } from 'commander';
import { incidentObjectsText } from '../core/objects.js';
import { detectHasRun, nothingDetected } from '../detect/has-run.js';
import type { Incident, IncidentStatus } from '../investigate/incident-model.js';
import { minuteUtc } from '../investigate/incident-summary.js';
import { buildIncidents, setIncidentStatus } from '../investigate/incidents.js';
import { globalOptions, printJson, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { terminalSafe } from './terminal.js';

const STATUSES: IncidentStatus[] = ['open', 'investigating', 'contained', 'closed'];

/** `premortem incidents`: alerts grouped into incidents, with status, severity and a summary from the facts. */
export function registerIncidents(program: Command): void {
  program
    .command('incidents')
    .description('alerts grouped into incidents by shared identities, addresses and time')
    .addOption(new Option('--set-status <id=status>', `record an incident's status (${STATUSES.join(', ')})`))
    .addHelpText(
      'after',
      `
Alerts join one incident when they are within a week of each other and share an address, a service principal,
an acting account, or most of a spray's target list. Incident ids come from the earliest alert, so they stay put
as alerts are added.

Examples:
  premortem incidents
  premortem incidents --json
  premortem incidents --set-status inc-01816af9cc=contained
  premortem report --incident inc-01816af9cc --format html --out incident.html`,
    )
    .action(async (opts: { setStatus?: string }, cmd: Command) => {
      let ran = false;
      const incidents = await withWorkspace(
        cmd,
        async (ws) => {
          ran = await detectHasRun(ws);
          if (opts.setStatus !== undefined) {
            const [id, status] = opts.setStatus.split('=');
            if (!id || !status || !STATUSES.includes(status as IncidentStatus))
              throw usageError(
                `--set-status takes ID=STATUS, not "${opts.setStatus}"`,
                `statuses: ${STATUSES.join(', ')}`,
              );
            const known = await buildIncidents(ws);
            if (!known.some((i) => i.id === id))
              throw usageError(`no incident ${id}`, 'premortem incidents lists the ids');
            await setIncidentStatus(ws, id, status as IncidentStatus);
          }
          return buildIncidents(ws);
        },
        // --set-status writes; listing only reads.
        { access: opts.setStatus === undefined ? 'read' : 'write' },
      );
      if (globalOptions(cmd).json) return printJson(incidents);
      if (incidents.length === 0) return void stdout(`${nothingDetected('incidents', ran)}\n`);
      stdout(terminalSafe(incidentsText(incidents)));
    });
}

/** The incidents for a terminal (unsanitised: the caller passes it through terminalSafe). */
export function incidentsText(incidents: readonly Incident[]): string {
  const out: string[] = [];
  for (const i of incidents) {
    out.push(
      `${i.id}  [${i.severity}] ${i.status}  ${minuteUtc(i.first_seen)} – ${minuteUtc(i.last_seen)}  ${i.alert_ids.length} alerts`,
    );
    out.push(`    ${i.title}`);
    out.push(`    ${i.summary}`);
    // By id: the actors and what was acted on first, then the targets (a spray names hundreds).
    const objects = incidentObjectsText(i.objects, [...i.actors.users, ...i.actors.service_principals]);
    if (objects) out.push(`    objects: ${objects}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
