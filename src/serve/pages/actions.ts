/**
 * Every route that changes state, as a form target (redirects back to the page) and as a JSON API call under /api
 * (answers the new state). Each names its permission; the session and CSRF checks ran before (app.ts); the change
 * itself and its audit-trail entry run in the workspace queue.
 */
import type { Hono } from 'hono';
import { PremortemError } from '../../core/errors.js';
import type { IncidentStatus } from '../../investigate/incident-model.js';
import { buildIncidents, setIncidentStatus } from '../../investigate/incidents.js';
import { alertRows } from '../alert-rows.js';
import { type AppContext, type AppEnv, field, requirePermission } from '../app-env.js';
import { recordChange } from '../audit-trail.js';
import { executeProposal, proposeContainment } from '../contain-workflow.js';
import type { ServeContext } from '../context.js';
import { approveException, endException, isSubjectKind, requestException } from '../exception-workflow.js';
import type { Permission } from '../roles.js';
import { acknowledgeAlert, assignAlert, closeAlert, suppressFromAlert } from '../triage.js';
import { INCIDENT_STATUSES } from './incidents.js';
import { NotFound } from './register.js';

type Body = Record<string, unknown>;

async function readBody(c: AppContext): Promise<Body> {
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const text = await c.req.text();
    if (text.trim() === '') return {};
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new PremortemError('usage', 'the body is not JSON');
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new PremortemError('usage', 'the body must be a JSON object');
    return v as Body;
  }
  return (await c.req.parseBody()) as Body;
}

/** Registers `POST path` (form: redirect to `back`) and `POST /api{path}` (JSON: the result). */
function action(
  app: Hono<AppEnv>,
  path: string,
  permission: Permission,
  run: (c: AppContext, actor: string, body: Body) => Promise<unknown>,
  back: (c: AppContext) => string,
): void {
  const handle = async (c: AppContext, json: boolean) => {
    const s = requirePermission(c, permission);
    const result = await run(c, s.account.username, await readBody(c));
    return json ? c.json(result) : c.redirect(back(c), 303);
  };
  app.post(path, (c) => handle(c, false));
  app.post(`/api${path}`, (c) => handle(c, true));
}

function param(c: AppContext, name: string): string {
  return c.req.param(name) ?? '';
}

export function registerActions(app: Hono<AppEnv>, ctx: ServeContext): void {
  const { ws } = ctx;
  // Every change runs through ctx.change, so cached views are rebuilt after it.
  const q = <T>(fn: () => Promise<T>) => ctx.change(fn);
  const alertOf = async (id: string) => {
    const row = (await alertRows(ws, ctx.now(), [id]))[0];
    if (!row) throw new NotFound(`no alert ${id}`);
    return row.alert;
  };
  const toAlert = (c: AppContext) => `/alerts/${encodeURIComponent(param(c, 'id'))}`;

  action(
    app,
    '/alerts/:id/acknowledge',
    'triage',
    (c, actor) =>
      q(async () => {
        await alertOf(param(c, 'id'));
        return acknowledgeAlert(ws, actor, param(c, 'id'));
      }),
    toAlert,
  );
  action(
    app,
    '/alerts/:id/assign',
    'triage',
    (c, actor, b) =>
      q(async () => {
        await alertOf(param(c, 'id'));
        return assignAlert(ws, actor, param(c, 'id'), field(b, 'assignee'));
      }),
    toAlert,
  );
  action(
    app,
    '/alerts/:id/close',
    'triage',
    (c, actor, b) =>
      q(async () => {
        await alertOf(param(c, 'id'));
        return closeAlert(ws, actor, param(c, 'id'), field(b, 'verdict'), field(b, 'reason'));
      }),
    toAlert,
  );
  action(
    app,
    '/alerts/:id/suppress',
    'triage',
    (c, actor, b) =>
      q(async () => {
        const alert = await alertOf(param(c, 'id'));
        return suppressFromAlert(ws, actor, alert, {
          entity: field(b, 'entity'),
          owner: field(b, 'owner'),
          days: Number(field(b, 'days')),
          reason: field(b, 'reason'),
          now: ctx.now(),
        });
      }),
    toAlert,
  );

  action(
    app,
    '/incidents/:id/status',
    'triage',
    (c, actor, b) =>
      q(async () => {
        const id = param(c, 'id');
        const status = field(b, 'status');
        if (!(INCIDENT_STATUSES as readonly string[]).includes(status))
          throw new PremortemError('usage', `status is one of ${INCIDENT_STATUSES.join(', ')}, not "${status}"`);
        const before = (await buildIncidents(ws)).find((i) => i.id === id);
        if (!before) throw new NotFound(`no incident ${id}`);
        await setIncidentStatus(ws, id, status as IncidentStatus);
        await recordChange(ws, {
          actor,
          action: 'incident.status',
          target: `incident:${id}`,
          before: { status: before.status },
          after: { status },
        });
        return { id, status };
      }),
    (c) => `/incidents/${encodeURIComponent(param(c, 'id'))}`,
  );

  action(
    app,
    '/exceptions',
    'request-exception',
    (_c, actor, b) =>
      q(async () => {
        const kind = field(b, 'subject_kind') || 'users';
        if (!isSubjectKind(kind)) throw new PremortemError('usage', `subject_kind "${kind}" is not a kind of subject`);
        const days = Number(field(b, 'days'));
        if (!Number.isInteger(days) || days < 1)
          throw new PremortemError('usage', 'days must be a whole number of days');
        const list = (name: string, sep: RegExp) =>
          field(b, name)
            .split(sep)
            .map((s) => s.trim())
            .filter(Boolean);
        return requestException(
          ws,
          actor,
          {
            control: field(b, 'control'),
            subjectKind: kind,
            subjects: list('subjects', /,/),
            reason: field(b, 'reason'),
            owner: field(b, 'owner') || actor,
            compensatingControls: list('compensating_controls', /\r?\n/),
            days,
          },
          ctx.now(),
        );
      }),
    () => '/exceptions',
  );
  action(
    app,
    '/exceptions/:id/approve',
    'approve-exception',
    (c, actor) => q(() => approveException(ws, actor, param(c, 'id'))),
    () => '/exceptions',
  );
  action(
    app,
    '/exceptions/:id/expire',
    'approve-exception',
    (c, actor) => q(() => endException(ws, actor, param(c, 'id'), ctx.now())),
    () => '/exceptions',
  );

  const toContain = (c: AppContext) => `/incidents/${encodeURIComponent(param(c, 'id'))}/contain`;
  action(
    app,
    '/incidents/:id/contain/propose',
    'propose-containment',
    (c, actor) => q(() => proposeContainment(ws, actor, param(c, 'id'), ctx.now())),
    toContain,
  );
  action(
    app,
    '/incidents/:id/contain/:proposal/execute',
    'execute-containment',
    (c, actor, body) =>
      q(() => executeProposal(ws, actor, param(c, 'id'), param(c, 'proposal'), field(body, 'token'), ctx.now())),
    toContain,
  );
}
