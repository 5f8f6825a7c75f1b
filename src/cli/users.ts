import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { addAccount, disableAccount, listAccounts, resetPassword } from '../serve/accounts.js';
import { generatePassword } from '../serve/passwords.js';
import { ROLES, type Role } from '../serve/roles.js';
import { globalOptions, note, printJson, say, usageError, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

/** Who made a change from the command line, for the audit trail: the operating-system account. */
function cliActor(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}

/** The password from stdin (--password-stdin: one line), or a generated one printed once. */
function passwordFrom(opts: { passwordStdin?: boolean }): { password: string; generated: boolean } {
  if (opts.passwordStdin) {
    const text = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
    if (text === '') throw usageError('--password-stdin: stdin held no password');
    return { password: text, generated: false };
  }
  return { password: generatePassword(), generated: true };
}

function announce(username: string, p: { password: string; generated: boolean }): void {
  // The generated password goes to stderr, once; with --json stdout carries only the account.
  if (p.generated) note(`password for ${username}: ${p.password} (shown once)`);
}

/** `premortem users add|list|disable|reset`: the accounts that sign in to premortem serve. */
export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('accounts that sign in to premortem serve: add, list, disable, reset')
    .addHelpText(
      'after',
      `
Roles: viewer (reads everything), responder (+ triage alerts, request exceptions), approver (+ approve someone
else's exception), admin (+ the audit trail). Passwords are hashed with scrypt; without --password-stdin a random
password is generated and printed once on stderr. Every change is in the audit trail.

Examples:
  premortem users add alice --role admin --name "Alice Example"
  printf '%s\\n' "$PASSWORD" | premortem users add bob --role responder --password-stdin
  premortem users list --json
  premortem users disable bob
  premortem users reset alice`,
    );

  users
    .command('add')
    .description('add an account')
    .argument('<username>', 'the name to sign in with')
    .addOption(new Option('--role <role>', 'what the account may do').choices([...ROLES]).makeOptionMandatory())
    .option('--name <display name>', 'the name shown in the dashboard (default: the username)')
    .option('--oidc-subject <issuer#sub>', 'link to an OpenID Connect identity instead of (or besides) a password')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--no-password', 'no password: the account signs in only with OpenID Connect')
    .action(
      async (
        username: string,
        opts: { role: Role; name?: string; oidcSubject?: string; passwordStdin?: boolean; password: boolean },
        cmd: Command,
      ) => {
        if (!opts.password && opts.oidcSubject === undefined)
          throw usageError('--no-password needs --oidc-subject: the account could not sign in at all');
        const p = opts.password ? passwordFrom(opts) : undefined;
        const account = await withWorkspace(
          cmd,
          (ws) =>
            addAccount(ws, cliActor(), {
              username,
              role: opts.role,
              ...(opts.name !== undefined ? { displayName: opts.name } : {}),
              ...(p ? { password: p.password } : {}),
              ...(opts.oidcSubject !== undefined ? { oidcSubject: opts.oidcSubject } : {}),
            }),
          // The first account may come before any data: adding one writes, so it may start the workspace.
          { create: true },
        );
        if (p) announce(username, p);
        if (globalOptions(cmd).json) printJson(account);
        else say(cmd, `added ${account.username} (${account.role})`);
      },
    );

  users
    .command('list')
    .description('list the accounts')
    .action(async (_opts: unknown, cmd: Command) => {
      const accounts = await withWorkspace(cmd, (ws) => listAccounts(ws));
      if (globalOptions(cmd).json) return printJson(accounts);
      if (accounts.length === 0) return say(cmd, 'No accounts: premortem users add NAME --role admin');
      for (const a of accounts)
        say(
          cmd,
          terminalSafe(
            `${a.username.padEnd(20)} ${a.role.padEnd(9)} ${a.disabled ? 'disabled' : 'enabled '} ${a.display_name}${a.oidc_subject ? ` (OIDC ${a.oidc_subject})` : ''}`,
          ),
        );
    });

  users
    .command('disable')
    .description('disable an account and end its sessions')
    .argument('<username>')
    .action(async (username: string, _opts: unknown, cmd: Command) => {
      const a = await withWorkspace(cmd, (ws) => disableAccount(ws, cliActor(), username));
      if (globalOptions(cmd).json) printJson(a);
      else say(cmd, `disabled ${a.username}`);
    });

  users
    .command('reset')
    .description('set a new password (and enable the account); ends its sessions')
    .argument('<username>')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (username: string, opts: { passwordStdin?: boolean }, cmd: Command) => {
      const p = passwordFrom(opts);
      const a = await withWorkspace(cmd, (ws) => resetPassword(ws, cliActor(), username, p.password));
      announce(username, p);
      if (globalOptions(cmd).json) printJson(a);
      else say(cmd, `reset the password of ${a.username}`);
    });
}
