/** Every page and API route, each naming the permission it needs (roles.ts decides). */
import type { Hono } from 'hono';
import { type AppEnv, pageUser, requirePermission } from '../app-env.js';
import { listChanges } from '../audit-trail.js';
import type { ServeContext } from '../context.js';
import { buildOverview } from '../overview-data.js';
import { auditPage } from './audit.js';
import { overviewPage } from './overview.js';

export function registerPages(app: Hono<AppEnv>, ctx: ServeContext): void {
  const q = <T>(fn: () => Promise<T>) => ctx.queue.run(fn);

  // The signed-in account and the CSRF token an API client sends back in X-CSRF-Token.
  app.get('/api/session', (c) => {
    const s = c.get('session');
    return c.json({ account: s.account, csrfToken: s.csrfToken });
  });

  app.get('/', async (c) => {
    requirePermission(c, 'read');
    return c.html(overviewPage(pageUser(c), await q(() => buildOverview(ctx.ws, ctx.now()))));
  });
  app.get('/api/overview', async (c) => {
    requirePermission(c, 'read');
    return c.json(await q(() => buildOverview(ctx.ws, ctx.now())));
  });

  app.get('/audit', async (c) => {
    requirePermission(c, 'audit');
    return c.html(auditPage(pageUser(c), await q(() => listChanges(ctx.ws, { limit: 500 }))));
  });
  app.get('/api/audit', async (c) => {
    requirePermission(c, 'audit');
    return c.json(await q(() => listChanges(ctx.ws, { limit: 500 })));
  });
}
