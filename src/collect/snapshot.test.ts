import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { EVERY_FAULT } from '../../test/graph-server/faults.js';
import { configFixture } from '../../test/graph-server/fixtures.js';
import { graphHarness, type Harness } from '../../test/graph-server/harness.js';
import { tempDir, tempWorkspace } from '../../test/workspace.js';
import { loadSnapshotFolder } from '../snapshot/folder-load.js';
import { isSnapshotFolder } from '../snapshot/folder-read.js';
import type { Workspace } from '../store/workspace.js';
import { takeSnapshot } from './snapshot.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: Parameters<typeof graphHarness>[0] = {},
): Promise<{ h: Harness; ws: Workspace; dir: string }> {
  const h = await graphHarness(options);
  cleanups.push(() => h.close());
  h.server.data.config = configFixture(7);
  const t = await tempWorkspace();
  cleanups.push(t.cleanup);
  return { h, ws: t.ws, dir: t.dir };
}

/** The file names issue 5 fixes for a snapshot folder. */
const ISSUE_FILES = [
  'users.json',
  'conditionalAccessPolicies.json',
  'roleAssignments.json',
  'roleEligibilitySchedules.json',
  'roleAssignmentScheduleInstances.json',
  'roleDefinitions.json',
  'servicePrincipals.json',
  'applications.json',
  'domains.json',
  'securityDefaults.json',
  'authenticationMethodsPolicy.json',
  'userRegistrationDetails.json',
  'namedLocations.json',
  'organization.json',
  'subscribedSkus.json',
  'authorizationPolicy.json',
];

describe('configuration snapshots', () => {
  test('appCredentialSignInActivities.json: when each app credential last signed in (beta, P1)', async () => {
    const { h, ws, dir } = await setup();
    const out = join(dir, 'snapshot');
    const s = await takeSnapshot(ws, h.client, { tenantId: h.server.tenantId, outDir: out, now: () => h.clock.now() });
    expect(s.resources.find((r) => r.name === 'appCredentialSignInActivities')).toMatchObject({
      status: 'ok',
      objects: 2,
    });
    const file = JSON.parse(readFileSync(join(out, 'appCredentialSignInActivities.json'), 'utf8')) as {
      value: { keyId: string; appId: string; signInActivity: { lastSignInDateTime: string } }[];
    };
    expect(file.value.map((v) => v.signInActivity.lastSignInDateTime).sort()).toEqual([
      '2025-03-02T08:15:00Z',
      '2025-09-30T10:00:00Z',
    ]);
    expect(h.server.requests.some((r) => r.path === '/beta/reports/appCredentialSignInActivities')).toBe(true);
    // Without P1 the report is unavailable, named, and the rest of the snapshot is still taken.
    h.server.licence = 'none';
    const t = await tempWorkspace();
    cleanups.push(t.cleanup);
    const none = await takeSnapshot(t.ws, h.client, { tenantId: h.server.tenantId, now: () => h.clock.now() });
    expect(none.resources.find((r) => r.name === 'appCredentialSignInActivities')?.status).toBe('unavailable');
    expect(none.resources.find((r) => r.name === 'domains')?.status).toBe('ok');
  });

  test('collect --config stores every resource and writes the folder with the issue 5 file names', async () => {
    const { h, ws, dir } = await setup({ faults: { ...EVERY_FAULT, duplicateAcrossPages: 0 } });
    const out = join(dir, 'snapshot');
    const s = await takeSnapshot(ws, h.client, { tenantId: h.server.tenantId, outDir: out, now: () => h.clock.now() });
    expect(s.resources.filter((r) => r.status !== 'ok')).toEqual([]);
    const files = readdirSync(out);
    for (const f of ISSUE_FILES) expect(files).toContain(f);
    expect(files).toContain('appRoleAssignments.json');
    expect(files).toContain('federationConfigurations.json');
    expect(files).toContain('premortem-snapshot.json');

    // Lists are {"value":[...]} merged across pages (users come 500 a page; the server pages lists by 100).
    const users = JSON.parse(readFileSync(join(out, 'users.json'), 'utf8')) as { value: unknown[] };
    expect(users.value).toHaveLength(7);
    const sd = JSON.parse(readFileSync(join(out, 'securityDefaults.json'), 'utf8')) as Record<string, unknown>;
    expect(sd).toMatchObject({ isEnabled: false });
    expect(sd['@odata.context']).toBeDefined();
    const fed = JSON.parse(readFileSync(join(out, 'federationConfigurations.json'), 'utf8')) as {
      value: Record<string, unknown>[];
    };
    expect(fed.value[0]?.['@premortem.domainId']).toBe('fed.contoso-demo.com');

    const rows = await ws.all<{ resource: string; n: bigint }>(
      'SELECT resource, count(*) AS n FROM snapshots WHERE snapshot_id = $1 GROUP BY resource ORDER BY resource',
      [s.snapshotId],
    );
    const by = Object.fromEntries(rows.map((r) => [r.resource, Number(r.n)]));
    expect(by).toMatchObject({
      users: 7,
      servicePrincipals: 4,
      securityDefaults: 1,
      appRoleAssignments: 1,
      domains: 2,
    });
  });

  test('a resource the tenant is not licensed for is recorded unavailable with the reason', async () => {
    const { h, ws } = await setup({ licence: 'none' });
    const s = await takeSnapshot(ws, h.client, { tenantId: h.server.tenantId });
    const by = Object.fromEntries(s.resources.map((r) => [r.name, r]));
    expect(by.roleEligibilitySchedules).toMatchObject({ status: 'unavailable' });
    expect(by.roleEligibilitySchedules?.detail).toContain('P2');
    // Users are still read, without signInActivity.
    expect(by.users).toMatchObject({ status: 'ok', objects: 7 });
    expect(by.users?.detail).toContain('without signInActivity');
    const status = await ws.scalar(
      "SELECT status FROM snapshot_resources WHERE snapshot_id = $1 AND resource = 'userRegistrationDetails'",
      [s.snapshotId],
    );
    expect(status).toBe('unavailable');
  });

  test('a snapshot folder loads back into another workspace, the same objects; loading it twice changes nothing', async () => {
    const { h, ws, dir } = await setup();
    const out = join(dir, 'snapshot');
    const s = await takeSnapshot(ws, h.client, { tenantId: h.server.tenantId, outDir: out });
    expect(isSnapshotFolder(out)).toBe(true);
    const other = await tempWorkspace();
    cleanups.push(other.cleanup);
    const loaded = await loadSnapshotFolder(other.ws, out);
    expect(loaded.snapshotId).toBe(s.snapshotId);
    const rows = (w: Workspace) => w.all('SELECT resource, object_id, raw FROM snapshots ORDER BY resource, object_id');
    expect(await rows(other.ws)).toEqual(await rows(ws));
    await loadSnapshotFolder(other.ws, out);
    expect(await other.ws.count('snapshots')).toBe(await ws.count('snapshots'));
  });

  test('a folder from another tool (no manifest) loads; a broken file is an input error before anything is stored', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const folder = join(dir, 'tool-output');
    const fixture = configFixture(3);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'users.json'), JSON.stringify({ value: fixture.lists.users }));
    writeFileSync(join(folder, 'authorizationPolicy.json'), JSON.stringify(fixture.singles.authorizationPolicy));
    writeFileSync(join(folder, 'notes.json'), '{}');
    const t = await tempWorkspace();
    cleanups.push(t.cleanup);
    const loaded = await loadSnapshotFolder(t.ws, folder);
    expect(loaded.snapshotId).toMatch(/^folder-/);
    expect(loaded.skipped).toEqual(['notes.json']);
    expect(loaded.resources.map((r) => [r.name, r.objects])).toEqual([
      ['authorizationPolicy', 1],
      ['users', 3],
    ]);
    writeFileSync(join(folder, 'domains.json'), '{"value": [');
    const before = await t.ws.count('snapshots');
    await expect(loadSnapshotFolder(t.ws, folder)).rejects.toMatchObject({ code: 'input-malformed' });
    expect(await t.ws.count('snapshots')).toBe(before);
  });
});
