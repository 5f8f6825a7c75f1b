import type { Command } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { markAnnounced, owedAnnouncements } from '../detect/announcements.js';
import { runRuleFiles } from '../detect/engine.js';
import { compensatingRules, generatedRulesDir, writeGeneratedRules } from '../posture/compensating.js';
import { addException, expireException, readRegister, registerPath } from '../posture/exceptions/register.js';
import { DEFAULT_MAX_DAYS, type ExceptionEntry, endOf, exceptionState } from '../posture/exceptions/schema.js';
import { Workspace } from '../store/workspace.js';
import { globalOptions, note, printJson, say, usageError, withWorkspace, writableWorkspaceDir } from './common.js';
import { terminalSafe } from './terminal.js';

const EXAMPLES = `
The register is exceptions.yaml in the workspace (review it in git). An exception names one control (a check id
such as PM-003, or ca-exclusion:<policy id> for the objects a Conditional Access policy excludes), the subjects it
covers, why, who owns and who approved it, and the compensating controls; it lasts ${DEFAULT_MAX_DAYS} days at most unless
--max-days says otherwise. assess reports a valid exception as accepted risk and an expired or unapproved one as
a failure. Every excepted user gets generated detections (<workspace>/generated-rules): sign-ins without MFA,
legacy authentication, sign-ins from outside --allowed-ip.

Examples:
  premortem exceptions add --control ca-exclusion:5d1f7c3a-2b8e-4e6f-9a40-1c7d3e9b2f61 --user j.tan@contoso-demo.com \\
      --reason "InvoiceFlow Mobile cannot do modern auth; vendor fix due in October" --owner finance-it@contoso-demo.com \\
      --approver ciso@contoso-demo.com --days 30 --compensating "alert on every sign-in" --allowed-ip 192.0.2.10/32
  premortem exceptions list
  premortem exceptions expire EXC-001
  premortem exceptions check           validate, regenerate and run the compensating detections; exit 1 if any
                                       exception is expired or unapproved`;

interface AddOptions {
  control: string;
  user?: string[];
  group?: string[];
  sp?: string[];
  app?: string[];
  reason: string;
  owner: string;
  approver?: string;
  days: string;
  maxDays?: string;
  compensating: string[];
  allowedIp?: string[];
}

function positiveInt(flag: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) throw usageError(`${flag} takes a whole number of days, not "${text}"`);
  return n;
}

/** One row of `exceptions list`, with its state now. */
function listed(e: ExceptionEntry, now: Date) {
  return { ...e, state: exceptionState(e, now), ends: endOf(e.expires) };
}

/** `premortem exceptions add|list|expire|check`: the governed exceptions register. */
export function registerExceptions(program: Command): void {
  const cmd = program
    .command('exceptions')
    .description('the exceptions register: add, list, expire and check governed exceptions to the baseline')
    .addHelpText('after', EXAMPLES);

  cmd
    .command('add')
    .description('record an exception (with owner, approver, expiry and compensating controls)')
    .requiredOption('--control <id>', 'a check id (PM-003) or ca-exclusion:<policy id>')
    .option('--user <upn|id...>', 'users covered')
    .option('--group <name|id...>', 'groups covered')
    .option('--sp <name|id...>', 'service principals covered')
    .option('--app <name|appId...>', 'applications covered')
    .requiredOption('--reason <text>', 'why the control cannot apply to them now')
    .requiredOption('--owner <who>', 'who answers for it')
    .option('--approver <who>', 'who approved it (without one it is recorded as unapproved and fails)')
    .option('--days <n>', `how long it lasts (at most ${DEFAULT_MAX_DAYS} unless --max-days)`, String(DEFAULT_MAX_DAYS))
    .option('--max-days <n>', 'allow a longer exception, deliberately; recorded in the entry')
    .requiredOption('--compensating <control...>', 'compensating controls, e.g. "alert on every sign-in"')
    .option('--allowed-ip <cidr...>', 'addresses the subjects may sign in from; anything else raises an alert')
    .action(async (opts: AddOptions, sub: Command) => {
      const days = positiveInt('--days', opts.days);
      const maxDays = opts.maxDays === undefined ? undefined : positiveInt('--max-days', opts.maxDays);
      const dir = writableWorkspaceDir(sub);
      const entry = addException(registerPath(dir), {
        control: opts.control,
        subjects: {
          users: opts.user ?? [],
          groups: opts.group ?? [],
          service_principals: opts.sp ?? [],
          apps: opts.app ?? [],
          other: [],
        },
        reason: opts.reason,
        owner: opts.owner,
        ...(opts.approver ? { approver: opts.approver } : {}),
        ...(maxDays ? { max_days: maxDays } : {}),
        compensating_controls: opts.compensating,
        ...(opts.allowedIp ? { allowed_ips: opts.allowedIp } : {}),
        days,
        now: new Date(),
      });
      if (globalOptions(sub).json) printJson(listed(entry, new Date()));
      else {
        say(
          sub,
          `added ${entry.id} (${entry.control}) until ${entry.expires}${entry.approver ? '' : ': UNAPPROVED, posture still fails it'}`,
        );
        say(sub, `next: premortem exceptions check   (generates its compensating detections)`);
      }
    });

  cmd
    .command('list')
    .description('list the register with each exception’s state now')
    .action((_opts: unknown, sub: Command) => {
      const now = new Date();
      const rows = readRegister(registerPath(Workspace.resolveDir(globalOptions(sub).workspace))).map((e) =>
        listed(e, now),
      );
      if (globalOptions(sub).json) return printJson(rows);
      if (rows.length === 0) return say(sub, 'the register is empty');
      for (const r of rows) {
        const who = [
          ...r.subjects.users,
          ...r.subjects.groups,
          ...r.subjects.service_principals,
          ...r.subjects.apps,
          ...r.subjects.other,
        ];
        say(
          sub,
          terminalSafe(
            `${r.id}  ${r.state.padEnd(10)} until ${r.expires}  ${r.control}  ${who.join(', ')}  owner ${r.owner}${r.approver ? `, approved by ${r.approver}` : ''}`,
          ),
        );
        say(sub, terminalSafe(`        ${r.reason}; compensating: ${r.compensating_controls.join('; ')}`));
      }
    });

  cmd
    .command('expire <id>')
    .description('end an exception now (it stays in the register as history)')
    .action((id: string, _opts: unknown, sub: Command) => {
      const dir = writableWorkspaceDir(sub);
      const ended = expireException(registerPath(dir), id, new Date());
      if (globalOptions(sub).json) printJson(listed(ended, new Date()));
      else say(sub, `${ended.id} expired at ${ended.expires}; posture now fails what it covered`);
    });

  cmd
    .command('check')
    .description(
      'validate the register, regenerate and run the compensating detections; exit 1 if any exception lapsed',
    )
    .action(async (_opts: unknown, sub: Command) => {
      const now = new Date();
      const lapsed = await withWorkspace(
        sub,
        async (ws) => {
          const register = readRegister(registerPath(ws.dir));
          const dir = generatedRulesDir(ws.dir);
          // Posture describes the compensating rules; the detection engine runs them like any other rule.
          const files = writeGeneratedRules(dir, compensatingRules(register, now));
          const monitor = await runRuleFiles(ws, files, now);
          // Shown as new is what the store owes for these rules (detect/announcements.ts), marked once printed: a
          // check killed before printing leaves them owed, and neither a second check nor detect shows them again.
          const owed = await owedAnnouncements(ws, { ruleIds: monitor.ruleIds });
          const rows = register.map((e) => listed(e, now));
          const lapsed = rows.filter((r) => r.state !== 'valid');
          const alerts = [...owed.new, ...owed.updated];
          for (const e of monitor.skipped) note(`skipped: ${terminalSafe(e.message)}`);
          if (globalOptions(sub).json) {
            printJson({ exceptions: rows, generatedRules: monitor.files, alerts });
          } else {
            say(
              sub,
              `${rows.length} exception(s): ${rows.length - lapsed.length} valid, ${lapsed.length} expired or unapproved`,
            );
            for (const r of lapsed) say(sub, terminalSafe(`  ${r.id} ${r.state} (${r.control})`));
            say(
              sub,
              `${monitor.files.length} compensating rule(s) in ${terminalSafe(dir)}; ${alerts.length} new or updated alert(s)`,
            );
            for (const a of alerts.slice(0, 10))
              say(sub, terminalSafe(`  ${a.severity.padEnd(8)} ${a.title}: ${a.summary}`));
          }
          await markAnnounced(ws, owed.keys, new Date());
          return lapsed;
          // check writes the generated rules and their alerts into the workspace: the register alone may start one.
        },
        { create: true },
      );
      if (lapsed.length > 0) process.exitCode = EXIT_FINDINGS;
    });
}
