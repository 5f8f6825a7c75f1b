import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { ServeClient } from '../../test/serve-client.js';
import { readRegister, registerPath } from '../posture/exceptions/register.js';
import { addAccount } from './accounts.js';
import { createApp } from './app.js';
import { listChanges } from './audit-trail.js';
import { createContext } from './context.js';
import { ROLES, type Role } from './roles.js';

const PASSWORD = 'a long enough password';

/** The JSON API for every role on the seed-003 workspace: what each may read and change, and the audit trail. */
describe('premortem serve API: every role', () => {
  let s: Seed003;
  let app: ReturnType<typeof createApp>;
  const clients = {} as Record<Role | 'approver2', ServeClient>;
  let alertIds: string[] = [];
  let incidentId = '';

  beforeAll(async () => {
    s = await seed003Workspace(1, CORE_RULE_FILES);
    for (const role of ROLES) await addAccount(s.ws, 'test', { username: role, role, password: PASSWORD });
    await addAccount(s.ws, 'test', { username: 'approver2', role: 'approver', password: PASSWORD });
    app = createApp(createContext(s.ws, { now: () => new Date('2025-10-03T00:00:00Z') }));
    for (const name of [...ROLES, 'approver2'] as const) {
      const c = new ServeClient((path, init) => Promise.resolve(app.request(path, init)));
      expect((await c.login(name, PASSWORD)).status).toBe(303);
      clients[name] = c;
    }
    const alerts = (await (await clients.viewer.api('GET', '/api/alerts')).json()) as { alert: { id: string } }[];
    alertIds = alerts.map((a) => a.alert.id);
    const incidents = (await (await clients.viewer.api('GET', '/api/incidents')).json()) as { id: string }[];
    incidentId = incidents[0]?.id ?? '';
  }, 600_000);
  afterAll(() => s?.cleanup());

  it('lets every role read every resource; only admins read the audit trail', async () => {
    // The tests below triage three different alerts (the spray views now fold into one campaign alert).
    expect(alertIds.length).toBeGreaterThanOrEqual(3);
    for (const role of ROLES) {
      const c = clients[role];
      for (const path of [
        '/api/overview',
        '/api/incidents',
        `/api/incidents/${incidentId}`,
        '/api/alerts',
        '/api/exceptions',
        '/api/posture',
      ]) {
        expect([role, path, (await c.api('GET', path)).status]).toEqual([role, path, 200]);
      }
      expect([role, (await c.api('GET', '/api/audit')).status]).toEqual([role, role === 'admin' ? 200 : 403]);
    }
    const overview = (await (await clients.viewer.api('GET', '/api/overview')).json()) as {
      openIncidents: { id: string }[];
    };
    expect(overview.openIncidents.map((i) => i.id)).toContain(incidentId);
  });

  it('refuses triage to a viewer and allows it to responders', async () => {
    const [a1, a2] = alertIds;
    const v = clients.viewer;
    expect((await v.api('POST', `/api/alerts/${a1}/acknowledge`)).status).toBe(403);
    expect((await v.api('POST', `/api/alerts/${a1}/close`, { verdict: 'benign', reason: 'viewer tries' })).status).toBe(
      403,
    );
    expect((await v.api('POST', `/api/incidents/${incidentId}/status`, { status: 'closed' })).status).toBe(403);
    const r = clients.responder;
    const ack = await r.api('POST', `/api/alerts/${a1}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ status: 'acknowledged', assignee: 'responder' });
    const closed = await r.api('POST', `/api/alerts/${a1}/close`, {
      verdict: 'true-positive',
      reason: 'the seed-003 spray',
    });
    expect(await closed.json()).toMatchObject({
      status: 'closed',
      verdict: 'true-positive',
      reason: 'the seed-003 spray',
    });
    expect((await r.api('POST', `/api/alerts/${a2}/close`, { verdict: 'nonsense', reason: 'x' })).status).toBe(400);
    expect((await r.api('POST', '/api/alerts/no-such-alert/acknowledge')).status).toBe(404);
    const status = await r.api('POST', `/api/incidents/${incidentId}/status`, { status: 'investigating' });
    expect(status.status).toBe(200);
  });

  it('turns a false positive into a suppression with an owner and an expiry, listed on the overview', async () => {
    const a3 = alertIds[2] as string;
    const r = clients.responder;
    const detail = (await (await r.api('GET', `/api/alerts/${a3}`)).json()) as {
      alert: { entities: { ips: string[]; users: string[] } };
    };
    const entity = detail.alert.entities.ips[0] ?? detail.alert.entities.users[0] ?? '';
    // Not before it is closed as a false positive.
    expect(
      (await r.api('POST', `/api/alerts/${a3}/suppress`, { entity, owner: 'responder', days: '30', reason: 'scanner' }))
        .status,
    ).toBe(400);
    await r.api('POST', `/api/alerts/${a3}/close`, { verdict: 'false-positive', reason: 'our own scanner' });
    expect(
      (
        await clients.viewer.api('POST', `/api/alerts/${a3}/suppress`, {
          entity,
          owner: 'v',
          days: '30',
          reason: 'scanner',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await r.api('POST', `/api/alerts/${a3}/suppress`, {
          entity,
          owner: 'responder',
          days: '365',
          reason: 'scanner',
        })
      ).status,
    ).toBe(400);
    const ok = await r.api('POST', `/api/alerts/${a3}/suppress`, {
      entity,
      owner: 'sec-team',
      days: '30',
      reason: 'our own scanner',
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ owner: 'sec-team', entity, expires_at: '2025-11-02T00:00:00.000Z' });
    const overview = (await (await r.api('GET', '/api/overview')).json()) as { suppressions: { owner: string }[] };
    expect(overview.suppressions.map((x) => x.owner)).toEqual(['sec-team']);
  });

  it('runs the exception workflow with four eyes; a viewer can neither request nor approve', async () => {
    const request = {
      control: 'PM-001',
      subject_kind: 'users',
      subjects: 'j.tan@contoso-demo.com',
      reason: 'legacy scanner app cannot do MFA until replaced',
      owner: 'responder',
      compensating_controls: 'alert on every sign-in\nallowed from the office only',
      days: '30',
    };
    expect((await clients.viewer.api('POST', '/api/exceptions', request)).status).toBe(403);
    const made = await clients.approver.api('POST', '/api/exceptions', request);
    expect(made.status).toBe(200);
    const entry = (await made.json()) as { id: string; approver?: string };
    expect(entry.approver).toBeUndefined();
    expect((await clients.viewer.api('POST', `/api/exceptions/${entry.id}/approve`)).status).toBe(403);
    expect((await clients.responder.api('POST', `/api/exceptions/${entry.id}/approve`)).status).toBe(403);
    const self = await clients.approver.api('POST', `/api/exceptions/${entry.id}/approve`);
    expect(self.status).toBe(400);
    expect(((await self.json()) as { error: string }).error).toContain('four eyes');
    const ok = await clients.approver2.api('POST', `/api/exceptions/${entry.id}/approve`);
    expect(await ok.json()).toMatchObject({ id: entry.id, approver: 'approver2' });
    const written = readRegister(registerPath(s.wsDir)).find((e) => e.id === entry.id);
    expect(written).toMatchObject({ approver: 'approver2', owner: 'responder', control: 'PM-001' });
    const list = (await (await clients.viewer.api('GET', '/api/exceptions')).json()) as {
      state: string;
      requestedBy: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ state: 'active', requestedBy: 'approver' })]);
  });

  it('records who changed what, when, with the state before and after', async () => {
    const entries = await listChanges(s.ws);
    const close = entries.find((e) => e.action === 'alert.close' && e.target === `alert:${alertIds[0]}`);
    expect(close).toMatchObject({
      actor: 'responder',
      before: { status: 'acknowledged' },
      after: { status: 'closed' },
    });
    expect(close?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const approve = entries.find((e) => e.action === 'exception.approve');
    expect(approve).toMatchObject({ actor: 'approver2', after: { approver: 'approver2' } });
    expect((approve?.before as { approver?: string }).approver).toBeUndefined();
    expect(entries.some((e) => e.action === 'incident.status' && e.actor === 'responder')).toBe(true);
    expect(entries.some((e) => e.action === 'suppression.add')).toBe(true);
    const page = await (await clients.admin.request('/audit')).text();
    expect(page).toContain('exception.approve');
  });

  it('serves every page to a signed-in viewer', async () => {
    const v = clients.viewer;
    for (const path of [
      '/',
      '/incidents',
      `/incidents/${incidentId}`,
      '/alerts',
      `/alerts/${alertIds[0]}`,
      '/exceptions',
      '/posture',
      '/readiness',
    ]) {
      const res = await v.request(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
    // Objects by id beside their names: the alert's first object id is on its incident's page.
    const detail = (await (await v.api('GET', `/api/incidents/${incidentId}`)).json()) as {
      alerts: { objects: { id: string }[] }[];
    };
    const firstObject = detail.alerts.flatMap((a) => a.objects)[0]?.id ?? 'no object';
    const incidentHtml = await (await v.request(`/incidents/${incidentId}`)).text();
    expect(incidentHtml).toContain('class="object-ids"');
    expect(incidentHtml).toContain(firstObject);
    const report = await v.request(`/incidents/${incidentId}/report.md`);
    expect(report.headers.get('content-disposition')).toContain('attachment');
    expect(await report.text()).toContain('Executive Summary');
  });
});
