import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { ExecutionReport } from '../contain/execute.js';
import { executePlan, missingText, undoAction } from '../contain/execute.js';
import { buildContainmentPlan } from '../contain/plan.js';
import { planText } from '../contain/plan-format.js';
import { readTrail } from '../contain/trail.js';
import { trailText } from '../contain/trail-format.js';
import { type ContainCredentialFlags, openWriteSession } from '../contain/write-session.js';
import { globalOptions, printJson, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { terminalSafe } from './terminal.js';

interface ContainOptions extends ContainCredentialFlags {
  incident?: string;
  execute?: boolean;
  undo?: string;
  trail?: boolean;
  approvedBy?: string;
}

function resultText(r: ExecutionReport): string {
  const lines: string[] = [];
  for (const id of r.done) lines.push(`done             ${id}`);
  for (const id of r.already) lines.push(`already in place ${id}`);
  for (const f of r.failed) lines.push(`FAILED           ${f.id}: ${f.error}`);
  for (const m of r.missing_permissions) lines.push(`NOT PERMITTED    ${m.id}: ${missingText(m)}`);
  for (const id of r.left) if (!r.missing_permissions.some((m) => m.id === id)) lines.push(`left             ${id}`);
  const perms = [
    ...new Set(
      r.missing_permissions.map((m) =>
        m.directory_role ? `${m.permission} and the ${m.directory_role} role` : m.permission,
      ),
    ),
  ];
  lines.push(
    r.missing_permissions.length > 0
      ? `Nothing half-done: ${r.done.length + r.already.length} action(s) in place, the rest not sent; grant ${perms.join(', ')} to the containment app and run again.`
      : r.failed.length > 0
        ? `${r.done.length + r.already.length} in place, ${r.failed.length + r.left.length} left: run the same command again to complete the rest.`
        : `All ${r.done.length + r.already.length} action(s) in place (${r.already.length} were already).`,
  );
  return `${lines.join('\n')}\n`;
}

/** `premortem contain --incident ID [--execute] [--undo ACTION]`: dry run unless --execute. */
export function registerContain(program: Command): void {
  program
    .command('contain')
    .description('the Graph actions that contain an incident: printed (dry run), or carried out with --execute')
    .option('--incident <id>', 'the incident to contain (premortem incidents lists them)')
    .option('--execute', 'send the requests (write credentials given for this run only)')
    .option('--undo <action>', 'reverse one action done earlier, by its id (re-enable, restore a role assignment)')
    .option('--trail', 'show what was done, refused or undone for the incident')
    .option('--approved-by <name>', 'who approved the run, recorded in the trail (default: the OS user)')
    .option('--tenant <id>', 'tenant id (or PREMORTEM_TENANT_ID)')
    .option('--contain-client-id <id>', 'the containment app registration (or PREMORTEM_CONTAIN_CLIENT_ID)')
    .option('--contain-client-secret <secret>', 'its secret (or PREMORTEM_CONTAIN_CLIENT_SECRET)')
    .option('--contain-certificate <pem>', 'or its certificate (or PREMORTEM_CONTAIN_CERTIFICATE)')
    .option('--graph-url <url>', 'Graph base URL (or PREMORTEM_GRAPH_URL)')
    .option('--authority-host <url>', 'sign-in authority')
    .addHelpText(
      'after',
      `
Proposes the actions the incident's evidence supports (disable and revoke the accounts acting for the attacker,
force new passwords where it reset them, remove the roles and secrets it gave its service principal, disable that
service principal, block its addresses, switch a report-only legacy-authentication block on), each with its reason,
the records behind it, the exact Graph request and the permission it needs. Nothing is sent without --execute.

--execute signs in with credentials given for the run (PREMORTEM_CONTAIN_TOKEN, or a separate app registration:
--contain-client-id with --contain-client-secret or --contain-certificate); collect's credentials are never used.
Permissions are checked before anything is sent; each action is read back before (skipped when already in place)
and after; the run stops at the first failure and says what is done and what is left; running it again completes
the rest. Every step is recorded in the workspace (--trail).

Exit codes: 0 every action in place; 1 some left after a failure (run again); 2 usage, missing permissions.

Examples:
  premortem contain --incident inc-e7853d5ff7
  premortem contain --incident inc-e7853d5ff7 --json
  PREMORTEM_CONTAIN_TOKEN=… premortem contain --incident inc-e7853d5ff7 --execute --approved-by alice
  PREMORTEM_CONTAIN_TOKEN=… premortem contain --undo disable-user:bbc8834f-b6b0-4441-bdf9-582193529d3b`,
    )
    .action(async (opts: ContainOptions, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      const approvedBy = opts.approvedBy ?? userInfo().username;
      if (opts.undo !== undefined) {
        const action = opts.undo;
        const session = await openWriteSession(opts, process.env);
        const r = await withWorkspace(cmd, (ws) =>
          undoAction(ws, action, {
            client: session.client,
            approvedBy,
            ...(session.roles ? { roles: session.roles } : {}),
          }),
        );
        if (json) printJson({ mode: 'undo', result: r });
        else
          stdout(
            terminalSafe(
              `${r.verified ? 'undone' : 'NOT VERIFIED'} ${r.action}: ${r.request.method} ${r.request.path} -> ${r.status}\n`,
            ),
          );
        if (!r.verified) process.exitCode = 1;
        return;
      }
      if (opts.incident === undefined) throw usageError('give --incident ID', 'premortem incidents lists them');
      const incident = opts.incident;
      if (opts.trail) {
        const trail = await withWorkspace(cmd, (ws) => readTrail(ws, incident));
        if (json) return printJson({ incident, trail });
        return void stdout(terminalSafe(trailText(trail)));
      }
      if (!opts.execute) {
        const plan = await withWorkspace(cmd, (ws) => buildContainmentPlan(ws, incident));
        if (json) return printJson({ mode: 'dry-run', plan });
        return void stdout(terminalSafe(planText(plan)));
      }
      const session = await openWriteSession(opts, process.env);
      const { plan, result } = await withWorkspace(cmd, async (ws) => {
        const p = await buildContainmentPlan(ws, incident);
        const r = await executePlan(ws, p, {
          client: session.client,
          approvedBy,
          ...(session.roles ? { roles: session.roles } : {}),
        });
        return { plan: p, result: r };
      });
      if (json) printJson({ mode: 'execute', plan, result });
      else stdout(terminalSafe(resultText(result)));
      if (result.missing_permissions.length > 0) process.exitCode = 2;
      else if (result.failed.length > 0 || result.left.length > 0) process.exitCode = 1;
    });
}
