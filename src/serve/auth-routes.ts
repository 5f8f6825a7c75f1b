/**
 * Signing in and out with a local account. The login form carries its own CSRF token (a random value in a
 * short-lived SameSite=Strict cookie, repeated in the form), because there is no session yet to hold one. Failures
 * are throttled per username and per client address, and the message never says which part was wrong.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { passwordHashOf } from './accounts.js';
import { type AppEnv, field } from './app-env.js';
import { recordChange } from './audit-trail.js';
import type { ServeContext } from './context.js';
import { html } from './html.js';
import { publicPage } from './layout.js';
import { verifyPassword } from './passwords.js';
import { createSession, endSession, findSession, SESSION_TTL_MS } from './sessions.js';

export const SESSION_COOKIE = 'premortem_session';
const LOGIN_CSRF_COOKIE = 'premortem_login_csrf';

/** A dummy hash verified when the account does not exist, so timing does not tell which usernames exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function cookieOptions(ctx: ServeContext, maxAgeS: number) {
  return { httpOnly: true, sameSite: 'Strict' as const, secure: ctx.secureCookies, path: '/', maxAge: maxAgeS };
}

function loginPage(csrf: string, ctx: ServeContext, message?: string): string {
  return publicPage(
    'Sign in',
    html`${message ? html`<p class="error">${message}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${csrf}">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
${ctx.oidc ? html`<p><a href="/auth/oidc/start">Sign in with your organisation (OpenID Connect)</a></p>` : ''}`,
  );
}

export function registerAuthRoutes(app: Hono<AppEnv>, ctx: ServeContext): void {
  app.get('/login', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && (await ctx.queue.run(() => findSession(ctx.ws, token)))) return c.redirect('/', 303);
    // The same token while the cookie lives: a browser that loads the page twice (back, a second tab) must not
    // leave a form whose token no longer matches the cookie.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const csrf = existing && /^[\w-]{32}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, cookieOptions(ctx, 3600));
    return c.html(loginPage(csrf, ctx));
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const cookieCsrf = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    const fresh = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, fresh, cookieOptions(ctx, 3600));
    if (!sameToken(field(body, '_csrf'), cookieCsrf)) {
      return c.html(loginPage(fresh, ctx, 'The form expired or did not come from this site; sign in again.'), 403);
    }
    const username = field(body, 'username');
    const password = typeof body.password === 'string' ? body.password : '';
    const client = clientAddress(c.env);
    const keys = [`user:${username.toLowerCase()}`, `ip:${client}`];
    const wait = ctx.throttle.waitMs(keys);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.html(loginPage(fresh, ctx, `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s.`), 429);
    }
    const stored = await ctx.queue.run(() => passwordHashOf(ctx.ws, username));
    const ok = await verifyPassword(password, stored ?? DUMMY_HASH);
    if (!ok || stored === undefined) {
      ctx.throttle.failed(keys);
      return c.html(loginPage(fresh, ctx, 'Wrong username or password, or the account is disabled.'), 401);
    }
    ctx.throttle.succeeded(keys);
    const session = await ctx.queue.run(async () => {
      const s = await createSession(ctx.ws, username);
      await recordChange(ctx.ws, {
        actor: username,
        action: 'session.login',
        target: `user:${username}`,
        before: null,
        after: { method: 'password' },
      });
      return s;
    });
    setCookie(c, SESSION_COOKIE, session.token, cookieOptions(ctx, SESSION_TTL_MS / 1000));
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  // Behind the session and CSRF middleware (app.ts): only a signed-in user's own form can log them out.
  app.post('/logout', async (c) => {
    const s = c.get('session');
    await ctx.queue.run(async () => {
      await endSession(ctx.ws, s.key);
      await recordChange(ctx.ws, {
        actor: s.account.username,
        action: 'session.logout',
        target: `user:${s.account.username}`,
        before: null,
        after: null,
      });
    });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}

/** The peer address from the Node adapter's bindings (tests calling app.request directly have none). */
export function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
