import { describe, expect, test } from 'vitest';
import { fleetPage } from '../serve/pages/fleet.js';
import { parseFleet } from './config.js';
import type { TenantSummary } from './round.js';
import { fleetStatus } from './status.js';
import { renderFleetStatus } from './status-text.js';

const fleet = parseFleet(
  `tenants:
  - { id: a.example, name: "Contoso <b>", token_env: A }
  - { id: b.example, name: Contoso, token_env: B }
  - { id: c.example, name: Fabrikam, token_env: C }
`,
  '/fleet/fleet.yaml',
);
const NOW = Date.parse('2026-01-10T12:00:00Z');

const summary = (tenant: string, over: Partial<TenantSummary> = {}): TenantSummary => ({
  tenant,
  name: tenant,
  finishedAt: '2026-01-10T11:00:00Z',
  tasks: [{ task: 'collect', ok: true, detail: '' }],
  lastCollection: '2026-01-10T11:00:00Z',
  newestEvent: '2026-01-10T10:00:00Z',
  incidents: [],
  ...over,
});

const summaries = new Map<string, TenantSummary>([
  [
    'a.example',
    summary('a.example', {
      legacyAuthAllowed: true,
      permanentPrivileged: ['Jonathan Tan holds Global Administrator permanently'],
      incidents: [{ id: 'inc-1', title: 'Spray <img src=x>', severity: 'high', first_seen: '2026-01-09T00:00:00Z' }],
    }),
  ],
  [
    'b.example',
    summary('b.example', {
      tasks: [{ task: 'collect', ok: false, detail: 'collection failed for signIns' }],
      expiredExceptions: ['EXC-002'],
      incidents: [{ id: 'inc-9', title: 'Backdoor', severity: 'critical', first_seen: '2026-01-08T00:00:00Z' }],
    }),
  ],
]);

describe('fleet status', () => {
  const s = fleetStatus(
    fleet,
    summaries,
    new Map([['c.example', 'job stalled more than allowable limit']]),
    new Set(['a.example']),
    { wait: 1 },
    NOW,
  );

  test('per tenant: state, lag, incidents, failures from the round and from the queue', () => {
    expect(s.tenants.map((t) => [t.id, t.state, t.running, t.lagMinutes, t.openIncidents, t.failures])).toEqual([
      ['a.example', 'ok', true, 120, 1, []],
      ['b.example', 'failing', false, 120, 1, ['collect: collection failed for signIns']],
      ['c.example', 'failing', false, null, 0, ['round: job stalled more than allowable limit']],
    ]);
  });

  test('views across tenants, and one incident list naming each tenant, most severe first', () => {
    expect(s.views.legacyAuthAllowed).toEqual([{ tenant: 'a.example', name: 'Contoso <b>' }]);
    expect(s.views.permanentPrivileged.map((p) => p.tenant)).toEqual(['a.example']);
    expect(s.views.expiredExceptions).toEqual([{ tenant: 'b.example', name: 'Contoso', exceptions: ['EXC-002'] }]);
    expect(s.views.incidents.map((i) => `${i.tenant} ${i.id}`)).toEqual(['b.example inc-9', 'a.example inc-1']);
  });

  test('a summary stored under one tenant that names another is not shown as the first one', () => {
    const crossed = new Map([['c.example', summary('a.example', { legacyAuthAllowed: true })]]);
    const t = fleetStatus(fleet, crossed, new Map(), new Set(), {}, NOW);
    expect(t.tenants.find((x) => x.id === 'c.example')?.state).toBe('never');
    expect(t.views.legacyAuthAllowed).toEqual([]);
  });

  test('the page and the text escape tenant names and incident titles', () => {
    const user = {
      account: {
        username: 'ops',
        display_name: 'Ops',
        role: 'viewer' as const,
        disabled: false,
        oidc_subject: null,
        created_at: '',
      },
      csrfToken: 't',
    };
    const page = fleetPage(user, s);
    expect(page).toContain('Contoso &lt;b&gt;');
    expect(page).toContain('Spray &lt;img src=x&gt;');
    expect(page).not.toContain('<img src=x>');
    const text = renderFleetStatus(s, (t) => t.replace(/</g, '‹'));
    expect(text).toContain('Spray ‹img src=x>');
    expect(text).toMatch(/\[critical\]\s+Contoso \(b\.example\)\s+inc-9/);
  });

  test("GDAP: the partner's relationships per tenant on the page and in the text, escaped, flags shown", () => {
    const withPartner = parseFleet(
      `tenants:\n  - { id: a.example, name: Contoso, token_env: A }\npartner: { id: p.example, name: MSP, token_env: P }\n`,
      '/fleet/fleet.yaml',
    );
    const collection = {
      partner: { id: 'p.example', name: 'MSP' },
      collectedAt: '2026-01-10T11:00:00Z',
      relationships: [
        {
          id: 'rel-1',
          displayName: 'Full <script>',
          status: 'active',
          customer: { tenantId: 'A.EXAMPLE', displayName: 'Contoso' },
          accessDetails: { unifiedRoles: [{ roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10' }] },
          activatedDateTime: '2025-06-01T00:00:00Z',
        },
      ],
      accessAssignments: {},
    };
    const g = fleetStatus(withPartner, new Map(), new Map(), new Set(), {}, NOW, collection);
    expect(g.views.gdap?.tenants[0]?.relationships[0]?.flags).toEqual(['global-administrator', 'no-end-date']);
    const page = fleetPage(
      {
        account: {
          username: 'ops',
          display_name: 'Ops',
          role: 'viewer',
          disabled: false,
          oidc_subject: null,
          created_at: '',
        },
        csrfToken: 't',
      },
      g,
    );
    expect(page).toContain('Full &lt;script&gt;');
    expect(page).toContain('global-administrator, no-end-date');
    const text = renderFleetStatus(g, (t) => t.replace(/</g, '‹'));
    expect(text).toContain('Full ‹script> (rel-1) active: Global Administrator; since 2025-06-01, ends none');
    // Without a partner round yet, the section says so; without a partner entry there is no section.
    expect(renderFleetStatus(fleetStatus(withPartner, new Map(), new Map(), new Set(), {}, NOW), (t) => t)).toContain(
      'not read yet',
    );
    expect(fleetStatus(fleet, new Map(), new Map(), new Set(), {}, NOW).views.gdap).toBeNull();
  });
});
