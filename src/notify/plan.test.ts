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
});
