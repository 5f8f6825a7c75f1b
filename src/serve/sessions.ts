/**
 * Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the workspace keeps only its SHA-256,
 * with the account, the session's CSRF token and an expiry. Sessions are in the workspace so that a restart (or a
 * kill -9) does not sign everyone out, and so that disabling an account ends its sessions at once.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/hash.js';
import type { Workspace } from '../store/workspace.js';
import { type Account, findAccount } from './accounts.js';

/** Eight hours: a working day; after that the user signs in again. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export interface Session {
  account: Account;
  csrfToken: string;
  /** The SHA-256 of the cookie token (the session's key in the store). */
  key: string;
}

export async function createSession(ws: Workspace, username: string): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await ws.run('DELETE FROM serve_sessions WHERE expires_at < now()');
  await ws.run(
    `INSERT INTO serve_sessions (token_sha256, username, csrf_token, created_at, expires_at)
     VALUES ($1, $2, $3, now(), now() + to_milliseconds($4))`,
    [sha256Hex(token), username, csrfToken, SESSION_TTL_MS],
  );
  return { token, csrfToken };
}

/** The live session for a cookie token, with its enabled account; undefined for an unknown, expired or disabled one. */
export async function findSession(ws: Workspace, token: string | undefined): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined;
  const key = sha256Hex(token);
  const row = await ws.one<{ username: string; csrf_token: string }>(
    'SELECT username, csrf_token FROM serve_sessions WHERE token_sha256 = $1 AND expires_at > now()',
    [key],
  );
  if (!row) return undefined;
  const account = await findAccount(ws, row.username);
  if (!account || account.disabled) return undefined;
  return { account, csrfToken: row.csrf_token, key };
}

export async function endSession(ws: Workspace, key: string): Promise<void> {
  await ws.run('DELETE FROM serve_sessions WHERE token_sha256 = $1', [key]);
}
