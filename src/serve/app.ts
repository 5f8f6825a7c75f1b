/**
 * The dashboard and JSON API as one Hono application (docs/serve.md says why Hono). Order of the middleware:
 * security headers on everything; then, except for the few open paths, a live session (or a redirect to the login
 * page, 401 for the API); then, for every POST, the session's CSRF token (form field `_csrf` or header
 * `X-CSRF-Token`) and a same-origin check. Handlers run every workspace access through the context's queue.
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { PremortemError } from '../core/errors.js';
import { type AppEnv, Forbidden, wantsJson } from './app-env.js';
import { registerAuthRoutes, SESSION_COOKIE, sameToken } from './auth-routes.js';
import type { ServeContext } from './context.js';
import { html } from './html.js';
import { publicPage } from './layout.js';
import { registerOidcRoutes } from './oidc-routes.js';
import { registerActions } from './pages/actions.js';
import { registerPages } from './pages/register.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { findSession } from './sessions.js';

/** Paths served without a session: health, and the ways to get one. */
function isOpen(path: string): boolean {
  return path === '/healthz' || path === '/login' || path.startsWith('/auth/oidc/');
}

export function createApp(ctx: ServeContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.use('*', async (c, next) => {
    if (isOpen(c.req.path)) return next();
    const session = await ctx.queue.run(() => findSession(ctx.ws, getCookie(c, SESSION_COOKIE)));
    if (!session) {
      if (wantsJson(c)) return c.json({ error: 'sign in first' }, 401);
      return c.redirect('/login', 303);
    }
    c.set('session', session);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin)
        return refuse(c, 'cross-origin request refused');
      let token = c.req.header('x-csrf-token') ?? '';
      if (!token && (c.req.header('content-type') ?? '').includes('form')) {
        const body = await c.req.parseBody(); // Hono caches the parsed body for the handler
        token = typeof body._csrf === 'string' ? body._csrf : '';
      }
      if (!sameToken(token, session.csrfToken))
        return refuse(c, 'missing or wrong CSRF token: reload the page and try again');
    }
    return next();
  });

  registerAuthRoutes(app, ctx);
  registerOidcRoutes(app, ctx);
  registerPages(app, ctx);
  registerActions(app, ctx);

  app.notFound((c) =>
    wantsJson(c)
      ? c.json({ error: 'not found' }, 404)
      : c.html(publicPage('Not found', html`<p>No such page.</p>`), 404),
  );

  app.onError((err, c) => {
    if (err instanceof Forbidden) return refuse(c, err.message);
    if (err instanceof PremortemError && err.code !== 'internal' && err.code !== 'workspace') {
      const text = err.hint ? `${err.message} (${err.hint})` : err.message;
      const status = err.code === 'input-not-found' ? 404 : err.code === 'unavailable' ? 503 : 400;
      return wantsJson(c)
        ? c.json({ error: text }, status)
        : c.html(publicPage('Not done', html`<p class="error">${text}</p><p><a href="/">Back</a></p>`), status);
    }
    process.stderr.write(
      `premortem serve: ${c.req.method} ${c.req.path} failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return wantsJson(c)
      ? c.json({ error: 'internal error' }, 500)
      : c.html(publicPage('Error', html`<p class="error">Something failed; the server log says what.</p>`), 500);
  });
  return app;
}

function refuse(c: Parameters<Parameters<Hono<AppEnv>['onError']>[0]>[1], message: string) {
  return wantsJson(c)
    ? c.json({ error: message }, 403)
    : c.html(publicPage('Refused', html`<p class="error">${message}</p><p><a href="/">Back</a></p>`), 403);
}
