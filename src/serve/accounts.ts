/**
 * Local accounts (`premortem users`, and the OIDC sign-in's accounts): a username, a display name, a role, a scrypt
 * hash (never the password) or an OIDC subject, and whether the account is disabled. Every change goes into the
 * audit trail with the state before and after (without the hash).
 */
import { PremortemError } from '../core/errors.js';
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';
import { recordChange } from './audit-trail.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import { isRole, type Role } from './roles.js';

export interface Account {
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  oidc_subject: string | null;
  created_at: string;
}

interface AccountRow {
  username: string;
  display_name: string;
  role: string;
  disabled: boolean;
  oidc_subject: string | null;
  created_at: Date | string;
  password_hash: string | null;
}

/** Usernames are what people type and what the audit trail names: short, no spaces or markup. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function toAccount(r: AccountRow): Account {
  if (!isRole(r.role)) throw new PremortemError('workspace', `account ${r.username} has an unknown role "${r.role}"`);
  return {
    username: r.username,
    display_name: r.display_name,
    role: r.role,
    disabled: r.disabled,
    oidc_subject: r.oidc_subject,
    created_at: toIsoUtc(r.created_at) ?? '',
  };
}

const COLUMNS = 'username, display_name, role, disabled, oidc_subject, created_at, password_hash';

export async function listAccounts(ws: Workspace): Promise<Account[]> {
  return (await ws.all<AccountRow>(`SELECT ${COLUMNS} FROM serve_users ORDER BY username`)).map(toAccount);
}

export async function findAccount(ws: Workspace, username: string): Promise<Account | undefined> {
  const r = await ws.one<AccountRow>(`SELECT ${COLUMNS} FROM serve_users WHERE username = $1`, [username]);
  return r ? toAccount(r) : undefined;
}

/** The stored hash of an enabled account, for the login check (undefined: no such enabled account). */
export async function passwordHashOf(ws: Workspace, username: string): Promise<string | undefined> {
  const r = await ws.one<{ password_hash: string | null }>(
    'SELECT password_hash FROM serve_users WHERE username = $1 AND NOT disabled',
    [username],
  );
  return r?.password_hash ?? undefined;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new PremortemError('usage', `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`);
}

export interface NewAccount {
  username: string;
  displayName?: string;
  role: Role;
  /** Absent for accounts that sign in only with OIDC. */
  password?: string;
  oidcSubject?: string;
}

export async function addAccount(ws: Workspace, actor: string, input: NewAccount): Promise<Account> {
  if (!USERNAME.test(input.username))
    throw new PremortemError('usage', `"${input.username}" is not a username`, {
      hint: 'letters, digits and . _ @ -, at most 64 characters, starting with a letter or digit',
    });
  if (await findAccount(ws, input.username))
    throw new PremortemError('usage', `the account ${input.username} exists`, {
      hint: 'premortem users reset NAME sets a new password',
    });
  if (input.password !== undefined) checkPassword(input.password);
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  await ws.run(
    `INSERT INTO serve_users (username, display_name, role, password_hash, oidc_subject, disabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, false, now(), now())`,
    [input.username, input.displayName ?? input.username, input.role, hash, input.oidcSubject ?? null],
  );
  const account = (await findAccount(ws, input.username)) as Account;
  await recordChange(ws, { actor, action: 'user.add', target: `user:${input.username}`, before: null, after: account });
  return account;
}

async function mustFind(ws: Workspace, username: string): Promise<Account> {
  const a = await findAccount(ws, username);
  if (!a) throw new PremortemError('usage', `no account ${username}`, { hint: 'premortem users list names them' });
  return a;
}

/** Disables an account and ends its sessions. */
export async function disableAccount(ws: Workspace, actor: string, username: string): Promise<Account> {
  const before = await mustFind(ws, username);
  await ws.run('UPDATE serve_users SET disabled = true, updated_at = now() WHERE username = $1', [username]);
  await ws.run('DELETE FROM serve_sessions WHERE username = $1', [username]);
  const after = await mustFind(ws, username);
  await recordChange(ws, { actor, action: 'user.disable', target: `user:${username}`, before, after });
  return after;
}

/** Sets a new password (and enables the account); ends its sessions, so a stolen session dies with the old one. */
export async function resetPassword(
  ws: Workspace,
  actor: string,
  username: string,
  password: string,
): Promise<Account> {
  const before = await mustFind(ws, username);
  checkPassword(password);
  await ws.run('UPDATE serve_users SET password_hash = $2, disabled = false, updated_at = now() WHERE username = $1', [
    username,
    await hashPassword(password),
  ]);
  await ws.run('DELETE FROM serve_sessions WHERE username = $1', [username]);
  const after = await mustFind(ws, username);
  await recordChange(ws, {
    actor,
    action: 'user.reset-password',
    target: `user:${username}`,
    before: { disabled: before.disabled },
    after: { disabled: after.disabled, password: 'changed' },
  });
  return after;
}

/** The enabled account linked to an OIDC subject (issuer-qualified), if any. */
export async function accountForSubject(ws: Workspace, subject: string): Promise<Account | undefined> {
  const r = await ws.one<AccountRow>(`SELECT ${COLUMNS} FROM serve_users WHERE oidc_subject = $1 AND NOT disabled`, [
    subject,
  ]);
  return r ? toAccount(r) : undefined;
}
