import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { Severity } from '../core/severity.js';
import { enqueueAlertChange } from '../store/outbox.js';
import type { NotifyConfig } from './config.js';
import { planNotifications, type RoutableAlert, type RoutableIncident, type RoutingContext } from './plan.js';
import { listDeliveries } from './store.js';

const config: NotifyConfig = {
  channels: new Map([
    ['soc', { type: 'webhook', url: 'http://127.0.0.1:1/x', signing_secret: { env: 'X' }, min_severity: 'high' }],
    ['all', { type: 'webhook', url: 'http://127.0.0.1:1/y', signing_secret: { env: 'X' }, min_severity: 'low' }],
  ]),
  routes: undefined,
  serveUrl: 'https://premortem.example.com/',
  immediateSeverity: 'high',
  digestMinutes: 60,
  sources: [],
};

function alert(id: string, severity: Severity, extra: Partial<RoutableAlert> = {}): RoutableAlert {
  return {
    id,
    rule_id: `rule-${id}`,
    title: `alert ${id}`,
    severity,
    first_seen: '2026-01-01T00:00:00Z',
    entities: { users: [], service_principals: [], ips: [], apps: [] },
    objects: [],
    tags: [],
    ...extra,
  };
}

/** A world of incidents and alerts the test edits between routing passes. */
function world() {
  const alerts = new Map<string, RoutableAlert>();
  const incidents = new Map<string, RoutableIncident>();
  const exempt = new Map<string, 'exception' | 'suppression'>();
  const ctx: RoutingContext = {
    incidents: async () => [...incidents.values()],
    alerts: async () => [...alerts.values()],
    exemption: (a) => {
      const kind = exempt.get(a.id);
      return kind ? { kind, id: `${kind}-1` } : undefined;
    },
  };
  const incident = (id: string, alertIds: string[], actors: string[] = []): void => {
    const list = alertIds.map((a) => alerts.get(a) as RoutableAlert);
    incidents.set(id, {
      id,
      title: `incident ${id}`,
      severity: 'high',
      alert_ids: alertIds,
      entities: { ips: list.flatMap((a) => a.entities.ips), service_principals: [] },
      actors: { users: actors, service_principals: [] },
      summary: `summary of ${id}`,
    });
  };
  return { alerts, incidents, exempt, ctx, incident };
}

describe('routing with a noise budget', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  beforeEach(async () => {
    t = await tempWorkspace();
  });
  afterEach(() => t.cleanup());

  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
  const change = (id: string, minutes: number) => enqueueAlertChange(t.ws, id, 'new', at(minutes));

  it('tells an incident once when it opens, again only when it escalates, and folds the rest', async () => {
    const w = world();
    w.alerts.set(
      'a1',
      alert('a1', 'high', { entities: { users: [], service_principals: [], ips: ['203.0.113.7'], apps: [] } }),
    );
    w.incident('inc-1', ['a1'], ['x@contoso.com']);
    await change('a1', 0);
    const opened = await planNotifications(t.ws, w.ctx, config, { now: at(1) });
    expect(opened.messages.map((m) => m.kind)).toEqual(['incident-opened']);
    expect(opened.messages[0]).toMatchObject({
      incident_id: 'inc-1',
      link: 'https://premortem.example.com/incidents/inc-1',
      next_action: expect.stringContaining('x@contoso.com'),
    });

    // The same alert grows (a spray going on): folded.
    await change('a1', 2);
    const grown = await planNotifications(t.ws, w.ctx, config, { now: at(3) });
    expect(grown.messages).toEqual([]);
    expect(grown.quiet.folded).toBe(1);

    // A new address, then a new critical alert: each escalates once.
    w.alerts.set(
      'a2',
      alert('a2', 'medium', { entities: { users: [], service_principals: [], ips: ['198.51.100.9'], apps: [] } }),
    );
    w.incident('inc-1', ['a1', 'a2'], ['x@contoso.com']);
    await change('a2', 4);
    const newIp = await planNotifications(t.ws, w.ctx, config, { now: at(5) });
    expect(newIp.messages.map((m) => [m.kind, m.what])).toEqual([
      ['incident-escalated', 'incident inc-1: new attacker address: 198.51.100.9.'],
    ]);
    w.alerts.set('a3', alert('a3', 'critical', { title: 'role assigned outside PIM' }));
    w.incident('inc-1', ['a1', 'a2', 'a3'], ['x@contoso.com']);
    await change('a3', 6);
    const critical = await planNotifications(t.ws, w.ctx, config, { now: at(7) });
    expect(critical.messages[0]).toMatchObject({ kind: 'incident-escalated', severity: 'critical' });
    expect(critical.messages[0]?.what).toContain('new critical alert: "role assigned outside PIM" (alert a3)');

    // Deliveries: the high and critical messages go to both channels (min high and min low).
    const log = await listDeliveries(t.ws);
    expect(log).toHaveLength(6);
  });

  it('sends low and medium incidents in an hourly digest that counts what was kept quiet', async () => {
    const w = world();
    w.alerts.set('m1', alert('m1', 'medium'));
    w.alerts.set('l1', alert('l1', 'low'));
    w.alerts.set('h1', alert('h1', 'high'));
    w.alerts.set('h2', alert('h2', 'critical'));
    w.incident('inc-m', ['m1']);
    w.incident('inc-l', ['l1']);
    w.incident('inc-h', ['h1']);
    w.incident('inc-c', ['h2']);
    w.exempt.set('h1', 'exception');
    w.exempt.set('h2', 'suppression');
    for (const id of ['m1', 'l1', 'h1', 'h2']) await change(id, 0);
    const first = await planNotifications(t.ws, w.ctx, config, { now: at(1) });
    expect(first.messages).toEqual([]);
    expect(first).toMatchObject({ digestPending: 2, quiet: { excepted: 1, suppressed: 1 } });

    expect((await planNotifications(t.ws, w.ctx, config, { now: at(59) })).messages).toEqual([]);
    const hour = await planNotifications(t.ws, w.ctx, config, { now: at(61) });
    expect(hour.messages.map((m) => m.kind)).toEqual(['digest']);
    expect(hour.messages[0]).toMatchObject({
      severity: 'medium',
      items: [expect.objectContaining({ id: 'm1' }), expect.objectContaining({ id: 'l1' })],
      quiet: { excepted: 1, suppressed: 1, folded: 0 },
    });
    expect(hour.digestPending).toBe(0);
    // A medium digest goes to the channel taking low and up, not to the one taking high and up.
    expect((await listDeliveries(t.ws)).map((d) => d.channel)).toEqual(['all']);
    expect((await planNotifications(t.ws, w.ctx, config, { now: at(200) })).messages).toEqual([]);
  });

  it("reminds an exception's owner and approver at 7 days, at 1 day and once expired, each once", async () => {
    const w = world();
    const day = 86_400_000;
    const start = at(0);
    const exc = (id: string, daysLeft: number) => ({
      id,
      control: 'PM-011',
      owner: 'owner@contoso.com',
      approver: 'ciso@contoso.com',
      ends: new Date(start.getTime() + daysLeft * day).toISOString(),
      subjects: ['exec@contoso.com'],
      compensating_controls: ['alert on every legacy sign-in'],
    });
    const register = [exc('EXC-001', 6), exc('EXC-002', 0.5), exc('EXC-003', 30)];
    const ctx: RoutingContext = { ...w.ctx, exceptions: () => register };
    const run = async (daysLater: number) =>
      (await planNotifications(t.ws, ctx, config, { now: new Date(start.getTime() + daysLater * day) })).messages.map(
        (m) => `${m.title.split(' ')[1]} ${m.title.includes(' expired ') ? 'expired' : 'expires'}`,
      );
    expect(await run(0)).toEqual(['EXC-001 expires', 'EXC-002 expires']);
    expect(await run(0.1)).toEqual([]);
    expect(await run(1)).toEqual(['EXC-002 expired']);
    expect(await run(5.5)).toEqual(['EXC-001 expires']);
    expect(await run(6.5)).toEqual(['EXC-001 expired']);
    expect(await run(7)).toEqual([]);
    const log = await listDeliveries(t.ws);
    // Reminders go to every channel whatever its min_severity: 5 messages, 2 channels.
    expect(log).toHaveLength(10);
    const last = (
      await planNotifications(t.ws, { ...ctx, exceptions: () => [exc('EXC-004', -1)] }, config, { now: start })
    ).messages[0];
    expect(last).toMatchObject({
      kind: 'exception-reminder',
      severity: 'high',
      recipients: ['owner@contoso.com', 'ciso@contoso.com'],
    });
    expect(last?.why).toContain('compensating detections stay on');
  });
});
