/** The Hono environment the routes share: the signed-in session, set by the session middleware (app.ts). */
import type { Context } from 'hono';
import { PremortemError } from '../core/errors.js';
import type { PageUser } from './layout.js';
import { can, type Permission } from './roles.js';
import type { Session } from './sessions.js';

export interface AppEnv {
  Variables: { session: Session };
}

export type AppContext = Context<AppEnv>;

/** A refusal the error handler turns into 403 (page or JSON). */
export class Forbidden extends Error {}

/** The session's user; throws Forbidden unless their role grants `permission`. */
export function requirePermission(c: AppContext, permission: Permission): Session {
  const s = c.get('session');
  if (!can(s.account.role, permission))
    throw new Forbidden(`${s.account.username} (${s.account.role}) may not ${permission.replace('-', ' ')}`);
  return s;
}

export function pageUser(c: AppContext): PageUser {
  const s = c.get('session');
  return { account: s.account, csrfToken: s.csrfToken };
}

/** One text field of a parsed form or JSON body: trimmed, '' when absent; a file upload is refused. */
export function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new PremortemError('usage', `the field ${name} must be text`);
  return v.trim();
}

/** Whether a request wants JSON (the API) rather than a page. */
export function wantsJson(c: AppContext): boolean {
  return c.req.path.startsWith('/api/');
}
