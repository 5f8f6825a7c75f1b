import type { Command } from 'commander';
import { Option } from 'commander';
import { toIsoUtc } from '../core/time.js';
import { buildFootprint } from '../investigate/footprint.js';
import { footprintMarkdown, footprintText } from '../investigate/footprint-format.js';
import type { FootprintSubject } from '../investigate/footprint-model.js';
import { footprintCsv } from '../report/report-csv.js';
import { globalOptions, printJson, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { terminalSafe } from './terminal.js';

interface InvestigateOptions {
  user?: string;
  sp?: string;
  ip?: string;
  since?: string;
  format: string;
}

/** `premortem investigate --user UPN | --sp ID | --ip ADDR [--since T]`: the attacker footprint. */
export function registerInvestigate(program: Command): void {
  program
    .command('investigate')
    .description('the footprint of an account, service principal or address: everything it and what it took over did')
    .option('--user <upn>', 'an account (user principal name)')
    .option('--sp <id>', 'a service principal (object id, app id or display name)')
    .option('--ip <addr>', 'an address')
    .option('--since <time>', 'start here (ISO 8601) instead of at the first alert naming the subject')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json', 'csv']).default('text'))
    .addHelpText(
      'after',
      `
From the first suspicious event (the earliest alert naming the subject, or --since), lists what the subject did:
sign-ins (where from, which apps and protocols), role and group changes, users and guests created, credentials and
owners added, consents, Conditional Access and authentication-method changes, password resets, inbox rules,
forwarding and mail access. Whatever it elevated or took over (a service principal made Global Administrator, an
account whose password it reset) is followed too, from that moment on.

Examples:
  premortem investigate --user j.tan@contoso-demo.com
  premortem investigate --sp "Octiga Cloud Security" --format md
  premortem investigate --ip 203.0.113.57 --since 2025-09-25T00:00:00Z --json`,
    )
    .action(async (opts: InvestigateOptions, cmd: Command) => {
      const given = (['user', 'sp', 'ip'] as const).filter((k) => opts[k] !== undefined);
      if (given.length !== 1) throw usageError('give exactly one of --user, --sp or --ip');
      const kind = given[0] as FootprintSubject['kind'];
      const since = opts.since === undefined ? undefined : toIsoUtc(opts.since);
      if (opts.since !== undefined && (since === null || since === undefined))
        throw usageError(`--since takes an ISO 8601 time, not "${opts.since}"`, 'e.g. --since 2025-09-25T00:00:00Z');
      const subject: FootprintSubject = { kind, value: opts[kind] as string };
      const f = await withWorkspace(cmd, (ws) => buildFootprint(ws, subject, since ? { since } : {}), {
        access: 'read',
      });
      if (globalOptions(cmd).json || opts.format === 'json') return printJson(f);
      if (opts.format === 'md') return void stdout(footprintMarkdown(f));
      if (opts.format === 'csv') return void stdout(footprintCsv(f));
      stdout(terminalSafe(footprintText(f)));
    });
}
