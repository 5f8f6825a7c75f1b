/** Every page and JSON API route that reads, each naming the permission it needs (roles.ts decides). */
import type { Hono } from 'hono';
import { buildContainmentPlan } from '../../contain/plan.js';
import { readTrail } from '../../contain/trail.js';
import { PremortemError } from '../../core/errors.js';
import { rawRecord } from '../../ingest/raw-record.js';
import { buildIncidents } from '../../investigate/incidents.js';
import { digestStatus, listDeliveries, notifyCounts } from '../../notify/store.js';
import { assessReadiness } from '../../readiness/report.js';
import { buildIncidentReport } from '../../report/build-report.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../report/render.js';
import { alertRows } from '../alert-rows.js';
import { type AppContext, type AppEnv, pageUser, requirePermission } from '../app-env.js';
import { listChanges } from '../audit-trail.js';
import { listProposals } from '../contain-workflow.js';
import type { ServeContext } from '../context.js';
import { listExceptions } from '../exception-workflow.js';
import { buildOverview } from '../overview-data.js';
import { buildPosture } from '../posture-data.js';
import { buildRules, builtinRuleTests } from '../rules-data.js';
import { alertPage, alertsPage, filterAlerts } from './alerts.js';
import { auditPage } from './audit.js';
import { containPage } from './contain.js';
import { exceptionsPage } from './exceptions.js';
import { fleetPage, noFleetPage } from './fleet.js';
import { filterIncidents, incidentPage, incidentsPage } from './incidents.js';
import { notificationsPage } from './notifications.js';
import { overviewPage } from './overview.js';
import { posturePage } from './posture.js';
import { readinessPage } from './readiness.js';
import { recordPage } from './record.js';
import { rulesPage } from './rules.js';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** A page (`/x`) and its JSON twin (`/api/x`) from one loader, so the two cannot disagree. */
function both<T>(
  app: Hono<AppEnv>,
  path: string,
  permission: 'read' | 'audit',
  load: (c: AppContext) => Promise<T>,
  render: (c: AppContext, data: T) => string,
): void {
  app.get(path, async (c) => {
    requirePermission(c, permission);
    return c.html(render(c, await load(c)));
  });
  app.get(`/api${path === '/' ? '/overview' : path}`, async (c) => {
    requirePermission(c, permission);
    return c.json(await load(c));
  });
}

export function registerPages(app: Hono<AppEnv>, ctx: ServeContext): void {
  const q = <T>(fn: () => Promise<T>) => ctx.queue.run(fn);
  const { ws } = ctx;

  // The signed-in account and the CSRF token an API client sends back in X-CSRF-Token.
  app.get('/api/session', (c) => {
    const s = c.get('session');
    return c.json({ account: s.account, csrfToken: s.csrfToken });
  });

  both(
    app,
    '/',
    'read',
    () => ctx.view('overview', () => buildOverview(ws, ctx.now())),
    (c, o) => overviewPage(pageUser(c), o),
  );

  const incidentFilter = (c: AppContext) => ({
    status: c.req.query('status') || undefined,
    severity: c.req.query('severity') || undefined,
  });
  both(
    app,
    '/incidents',
    'read',
    async (c) => filterIncidents(await ctx.view('incidents', () => buildIncidents(ws)), incidentFilter(c)),
    (c, list) => incidentsPage(pageUser(c), list, incidentFilter(c)),
  );

  const incidentReport = (id: string) =>
    ctx.view(`incident:${id}`, async () => {
      const incident = (await buildIncidents(ws)).find((i) => i.id === id);
      if (!incident) throw new NotFound(`no incident ${id}`);
      return buildIncidentReport(ws, incident, { now: ctx.now() });
    });
  both(
    app,
    '/incidents/:id',
    'read',
    (c) => incidentReport(param(c, 'id')),
    (c, r) => incidentPage(pageUser(c), r),
  );
  both(
    app,
    '/incidents/:id/contain',
    'read',
    (c) => {
      const id = c.req.param('id') ?? '';
      return q(async () => {
        if (!(await buildIncidents(ws)).some((i) => i.id === id)) throw new NotFound(`no incident ${id}`);
        return {
          incident: id,
          plan: await buildContainmentPlan(ws, id),
          proposals: await listProposals(ws, id),
          trail: await readTrail(ws, id),
        };
      });
    },
    (c, v) => containPage(v, pageUser(c)),
  );
  // The file name as one regex-constrained segment: Hono 4.13's router stops matching `report.:format` once POST
  // routes with a parameter at the same depth exist (the containment proposals), and answers 404.
  app.get('/incidents/:id/:file{report\\.[a-z]+}', async (c) => {
    requirePermission(c, 'read');
    const format = param(c, 'file').slice('report.'.length) as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new NotFound(`no report format ${format}`);
    const id = param(c, 'id');
    const text = renderReport([await incidentReport(id)], format);
    c.header('Content-Type', CONTENT_TYPES[format]);
    c.header('Content-Disposition', `attachment; filename="${id.replace(/[^\w.-]/g, '')}.${format}"`);
    return c.body(text);
  });

  const alertFilter = (c: AppContext) => ({
    status: c.req.query('status') || undefined,
    severity: c.req.query('severity') || undefined,
    rule: c.req.query('rule') || undefined,
  });
  both(
    app,
    '/alerts',
    'read',
    async (c) => filterAlerts(await ctx.view('alerts', () => alertRows(ws, ctx.now())), alertFilter(c)),
    (c, rows) => alertsPage(pageUser(c), rows, alertFilter(c)),
  );
  both(
    app,
    '/alerts/:id',
    'read',
    async (c) => {
      const row = (await q(() => alertRows(ws, ctx.now(), [param(c, 'id')])))[0];
      if (!row) throw new NotFound(`no alert ${param(c, 'id')}`);
      return row;
    },
    (c, row) => alertPage(pageUser(c), row),
  );

  both(
    app,
    '/records/:uid',
    'read',
    (c) => q(() => rawRecord(ws, param(c, 'uid'))),
    (c, r) => recordPage(pageUser(c), r),
  );
  both(
    app,
    '/exceptions',
    'read',
    () => q(() => listExceptions(ws, ctx.now())),
    (c, l) => exceptionsPage(pageUser(c), l),
  );
  both(
    app,
    '/posture',
    'read',
    () => ctx.view('posture', () => buildPosture(ws, ctx.now())),
    (c, v) => posturePage(pageUser(c), v),
  );
  both(
    app,
    '/readiness',
    'read',
    () => ctx.view('readiness', () => assessReadiness(ws, { now: ctx.now().getTime() })),
    (c, r) => readinessPage(pageUser(c), r),
  );
  both(
    app,
    '/rules',
    'read',
    async () => {
      const tests = await builtinRuleTests();
      return ctx.view('rules', () => buildRules(ws, tests));
    },
    (c, rows) => rulesPage(pageUser(c), rows),
  );
  app.get('/fleet', async (c) => {
    requirePermission(c, 'read');
    return c.html(ctx.fleet ? fleetPage(pageUser(c), await ctx.fleet()) : noFleetPage(pageUser(c)));
  });
  app.get('/api/fleet', async (c) => {
    requirePermission(c, 'read');
    if (!ctx.fleet) throw new NotFound('no fleet: serve was started without --fleet');
    return c.json(await ctx.fleet());
  });
  both(
    app,
    '/notifications',
    'read',
    () =>
      q(async () => {
        const counts = await notifyCounts(ws);
        const digest = await digestStatus(ws);
        return { ...counts, quiet: digest.quiet, digest_pending: digest.pending, log: await listDeliveries(ws, 500) };
      }),
    (c, v) => notificationsPage(pageUser(c), v),
  );
  both(
    app,
    '/audit',
    'audit',
    () => q(() => listChanges(ws, { limit: 500 })),
    (c, e) => auditPage(pageUser(c), e),
  );
}

function param(c: AppContext, name: string): string {
  return c.req.param(name) ?? '';
}

/** An unknown id in the path: 404. */
export class NotFound extends PremortemError {
  constructor(message: string) {
    super('input-not-found', message);
  }
}
