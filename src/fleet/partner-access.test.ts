import { describe, expect, test } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { ConfigSnapshot } from '../snapshot/config-snapshot.js';
import type { GraphObject } from '../snapshot/graph-object.js';
import { partnerEvents, reviewPartnerAccess } from './partner-access.js';

const TENANT = '8f3c2a10-5b7e-4c1d-9a6f-2e4b8d0c7a19';
const PARTNER_ORG = '4a1b2c3d-0000-4000-8000-00000000cafe';
const GRAPH_SP = 'sp-graph';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const NOW = Date.parse('2025-10-02T00:00:00Z');

function snapshot(extra: Partial<Record<string, GraphObject[]>> = {}): ConfigSnapshot {
  const resources: Record<string, GraphObject[]> = {
    servicePrincipals: [
      {
        id: GRAPH_SP,
        appId: '00000003-0000-0000-c000-000000000000',
        displayName: 'Microsoft Graph',
        appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
        appRoles: [
          { id: 'role-rw', value: 'Directory.ReadWrite.All' },
          { id: 'role-r', value: 'User.Read.All' },
        ],
      },
      { id: 'sp-own', appId: 'app-own', displayName: 'Our app', appOwnerOrganizationId: TENANT },
      // Seed 003's backdoor: a partner-named app made Global Administrator.
      {
        id: 'sp-octiga',
        appId: 'app-octiga',
        displayName: 'Octiga Cloud Security',
        appOwnerOrganizationId: PARTNER_ORG,
      },
      { id: 'sp-rmm', appId: 'app-rmm', displayName: 'RMM tool', appOwnerOrganizationId: PARTNER_ORG },
      { id: 'sp-idle', appId: 'app-idle', displayName: 'Old reporting', appOwnerOrganizationId: PARTNER_ORG },
    ],
    roleAssignments: [
      { id: 'ra1', principalId: 'sp-octiga', roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: '/' },
      { id: 'ra2', principalId: 'sp-own', roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: '/' },
    ],
    appRoleAssignments: [
      { id: 'a1', principalId: 'sp-rmm', resourceId: GRAPH_SP, appRoleId: 'role-rw' },
      { id: 'a2', principalId: 'sp-idle', resourceId: GRAPH_SP, appRoleId: 'role-r' },
    ],
    oauth2PermissionGrants: [
      { id: 'g1', clientId: 'sp-idle', consentType: 'AllPrincipals', scope: 'Reports.Read.All' },
    ],
    appCredentialSignInActivities: [
      { appId: 'app-octiga', signInActivity: { lastSignInDateTime: '2025-09-30T10:00:00Z' } },
      { appId: 'app-rmm', signInActivity: { lastSignInDateTime: '2025-09-01T10:00:00Z' } },
      { appId: 'app-idle', signInActivity: { lastSignInDateTime: '2025-03-01T10:00:00Z' } },
    ],
    ...extra,
  };
  return {
    id: 's1',
    takenAt: '2025-10-01T00:00:00Z',
    source: 'workspace',
    resources: new Map(Object.entries(resources)),
  };
}

describe('partner access review', () => {
  test("names partner apps (not the tenant's own, not Microsoft's) with their roles, permissions and grants", () => {
    const r = reviewPartnerAccess(snapshot(), TENANT, [], NOW);
    expect(r.principals.map((p) => p.id)).toEqual(['sp-octiga', 'sp-rmm', 'sp-idle']);
    expect(r.principals[0]).toMatchObject({
      appId: 'app-octiga',
      ownerOrganization: PARTNER_ORG,
      directoryRoles: [{ id: GLOBAL_ADMIN, name: 'Global Administrator', privileged: true }],
    });
    expect(r.principals[1]?.appPermissions).toEqual(['Directory.ReadWrite.All']);
    expect(r.principals[2]).toMatchObject({ appPermissions: ['User.Read.All'], delegatedScopes: ['Reports.Read.All'] });
  });

  test('finds over-privileged partner access (a Tier-0 role, a write-everything permission) and stale access', () => {
    const r = reviewPartnerAccess(snapshot(), TENANT, [], NOW);
    expect(r.findings.map((f) => `${f.kind} ${f.principal.id}: ${f.detail}`)).toEqual([
      'over-privileged sp-octiga: partner app holds directory role Global Administrator',
      'over-privileged sp-rmm: partner app holds Directory.ReadWrite.All',
      'stale sp-idle: partner app holds access and last signed in 214 days ago (more than 90)',
    ]);
  });

  test('without the sign-in activity report staleness is unknown, not assumed', () => {
    const s = snapshot();
    const resources = new Map(s.resources);
    resources.delete('appCredentialSignInActivities');
    const r = reviewPartnerAccess({ ...s, resources }, TENANT, [], NOW);
    expect(r.principals.every((p) => p.lastSignIn === undefined)).toBe(true);
    expect(r.findings.filter((f) => f.kind === 'stale')).toEqual([]);
  });
});

describe('partner relationship events', () => {
  test('are the stored directory audits of partner activities, whatever their case, oldest first', async () => {
    const t = await tempWorkspace();
    try {
      await t.ws.run(
        `INSERT INTO audits_inline (uid, source_id, activity_at, activity, initiator_upn) VALUES
           ('a2', 'a2', TIMESTAMPTZ '2025-09-26 01:00:00+00', 'Remove partner from company', 'admin@contoso.com'),
           ('a1', 'a1', TIMESTAMPTZ '2025-09-20 08:30:00+00', 'add partner to company', NULL),
           ('a3', 'a3', TIMESTAMPTZ '2025-09-21 00:00:00+00', 'Update user', 'admin@contoso.com')`,
      );
      expect(await partnerEvents(t.ws)).toEqual([
        { uid: 'a1', at: '2025-09-20T08:30:00Z', activity: 'add partner to company', by: null },
        { uid: 'a2', at: '2025-09-26T01:00:00Z', activity: 'Remove partner from company', by: 'admin@contoso.com' },
      ]);
    } finally {
      t.cleanup();
    }
  });
});
