/**
 * The OpenID Connect sign-in routes (registered only when serve is given an issuer). The state also goes into a
 * SameSite=Lax cookie, which the browser sends on the provider's redirect back (a Strict one it would not), so a
 * callback can only finish a sign-in this browser started. The session cookie is Strict, and a Strict cookie is not
 * sent on a navigation that a redirect from another site started: the callback answers with a page that moves on
 * to the overview by itself (meta refresh, no script), a same-site navigation that carries it.
 */
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PremortemError } from '../core/errors.js';
import { accountForSubject } from './accounts.js';
import type { AppEnv } from './app-env.js';
import { recordChange } from './audit-trail.js';
import { SESSION_COOKIE, sameToken } from './auth-routes.js';
import type { ServeContext } from './context.js';
import { html } from './html.js';
import { publicPage } from './layout.js';
import { createSession, SESSION_TTL_MS } from './sessions.js';

const STATE_COOKIE = 'premortem_oidc_state';

export function registerOidcRoutes(app: Hono<AppEnv>, ctx: ServeContext): void {
  const oidc = ctx.oidc;
  if (!oidc) return;
  const base = { httpOnly: true, secure: ctx.secureCookies, path: '/' };

  app.get('/auth/oidc/start', async (c) => {
    const redirectUri = new URL('/auth/oidc/callback', c.req.url).toString();
    const { url, state } = await oidc.start(redirectUri);
    setCookie(c, STATE_COOKIE, state, { ...base, sameSite: 'Lax', maxAge: 600 });
    return c.redirect(url, 302);
  });

  app.get('/auth/oidc/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const code = c.req.query('code') ?? '';
    const cookieState = getCookie(c, STATE_COOKIE) ?? '';
    deleteCookie(c, STATE_COOKIE, { path: '/' });
    if (c.req.query('error')) throw new PremortemError('usage', `the provider refused: ${c.req.query('error')}`);
    if (!sameToken(state, cookieState))
      throw new PremortemError('usage', 'this sign-in was not started in this browser');
    const who = await oidc.finish(state, code);
    const account = await ctx.queue.run(() => accountForSubject(ctx.ws, who.subject));
    if (!account)
      return c.html(
        publicPage(
          'Not signed in',
          html`<p class="error">${who.name} (<code>${who.subject}</code>) has no account here.</p>
<p>An administrator links it with <code>premortem users add NAME --role viewer --oidc-subject ${who.subject} --no-password</code>.</p>`,
        ),
        403,
      );
    const session = await ctx.queue.run(async () => {
      const s = await createSession(ctx.ws, account.username);
      await recordChange(ctx.ws, {
        actor: account.username,
        action: 'session.login',
        target: `user:${account.username}`,
        before: null,
        after: { method: 'oidc', subject: who.subject },
      });
      return s;
    });
    setCookie(c, SESSION_COOKIE, session.token, { ...base, sameSite: 'Strict', maxAge: SESSION_TTL_MS / 1000 });
    c.header('Refresh', '0;url=/');
    return c.html(
      publicPage(
        'Signed in',
        html`<meta http-equiv="refresh" content="0;url=/"><p>Signed in as ${account.display_name}. <a href="/">Continue</a></p>`,
      ),
    );
  });
}
