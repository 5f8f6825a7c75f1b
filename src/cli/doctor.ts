import type { Command } from 'commander';
import { type DoctorReport, runDoctor } from '../collect/doctor.js';
import { EXIT_FINDINGS } from '../core/errors.js';
import type { GraphFlags } from '../sources/graph/settings.js';
import { addGraphOptions, graphSessionFor, redacting } from './collect.js';
import { globalOptions, printJson, say } from './common.js';
import { terminalSafe } from './terminal.js';

const MARK: Record<string, string> = {
  ok: 'ok     ',
  'missing-permission': 'MISSING',
  unlicensed: 'NO LICENCE',
  error: 'ERROR  ',
};

function printReport(cmd: Command, r: DoctorReport): void {
  const safe = (t: string) => terminalSafe(t);
  say(
    cmd,
    `Graph ${safe(r.graphUrl)} (cloud ${r.cloud}), authority ${safe(r.authorityHost)}, tenant ${safe(r.tenantId)}`,
  );
  if (!r.signIn.ok) {
    say(cmd, `sign-in  FAILED   ${safe(r.signIn.detail ?? '')}`);
    if (r.signIn.hint) say(cmd, `         fix: ${safe(r.signIn.hint)}`);
    return;
  }
  say(cmd, `sign-in  ok       (${r.credential})`);
  if (r.grantedPermissions) {
    say(
      cmd,
      `granted  ${r.grantedPermissions.length ? r.grantedPermissions.map(safe).join(', ') : '(no application permissions)'}`,
    );
    for (const p of r.missingPermissions) {
      say(cmd, `missing  ${p.permission}${p.required ? '' : ' (optional)'}: ${p.for}`);
    }
  }
  for (const c of r.checks) {
    const what =
      c.status === 'missing-permission'
        ? `grant ${c.permissions.join(' or ')} (application permission, with admin consent)`
        : c.status === 'unlicensed'
          ? `needs ${c.licence ?? 'a Premium licence'}`
          : c.status === 'error'
            ? safe(c.detail ?? '')
            : '';
    say(
      cmd,
      `${c.kind.padEnd(7)}  ${MARK[c.status] ?? c.status} ${c.name}${what ? `: ${what}` : ''}${c.required || c.status === 'ok' ? '' : ' (optional)'}`,
    );
  }
  say(
    cmd,
    r.ok
      ? '\nready: premortem can collect from this tenant'
      : '\nnot ready: fix what is marked above, then run premortem doctor again',
  );
}

export function registerDoctor(program: Command): void {
  addGraphOptions(
    program
      .command('doctor')
      .description('check Graph credentials, permissions and licences; say exactly what is missing'),
  )
    .addHelpText(
      'after',
      `
Signs in, lists the application permissions the token carries, and calls every endpoint premortem uses once.
Exit status: 0 when premortem can collect, 1 when something required is missing, 2 for bad settings.

Examples:
  premortem doctor --tenant contoso.com --client-id 1b2c... --certificate ./app.pem
  PREMORTEM_GRAPH_TOKEN=... premortem doctor --json`,
    )
    .action(async (opts: GraphFlags, cmd: Command) =>
      redacting(async () => {
        const session = graphSessionFor(cmd, opts);
        const report = await runDoctor(session);
        if (globalOptions(cmd).json) printJson(report);
        else printReport(cmd, report);
        if (!report.ok) process.exitCode = EXIT_FINDINGS;
      }),
    );
}
