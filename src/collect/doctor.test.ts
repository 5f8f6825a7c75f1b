import { afterEach, describe, expect, test } from 'vitest';
import { configFixture } from '../../test/graph-server/fixtures.js';
import { serverSettings } from '../../test/graph-server/harness.js';
import { ALL_ROLES, type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { VirtualClock } from '../sources/graph/clock.js';
import { runDoctor } from './doctor.js';
import { openGraphSession } from './graph-session.js';

let server: GraphTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function doctor(options: Parameters<typeof startGraphServer>[0], secret?: string) {
  const clock = new VirtualClock();
  server = await startGraphServer({ ...options, now: () => clock.now() });
  server.data.config = configFixture(2);
  const settings = serverSettings(server);
  return runDoctor(openGraphSession(secret ? { ...settings, clientSecret: secret } : settings, { clock }), {
    now: () => clock.now(),
  });
}

describe('doctor', () => {
  test('a fully consented, P2-licensed app is ready', async () => {
    const r = await doctor({});
    expect(r.signIn.ok).toBe(true);
    expect(r.missingPermissions).toEqual([]);
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(r.ok).toBe(true);
  });

  test('names each missing permission, what it is for, and which checks it breaks', async () => {
    const roles = ALL_ROLES.filter((p) => p !== 'AuditLog.Read.All' && p !== 'IdentityRiskEvent.Read.All');
    const r = await doctor({
      apps: [
        { clientId: 'b1f0e6d2-3c4a-4e8f-9d7b-6a5c4b3a2f10', secret: 'pm-test-secret~Zq8V3nR1xW6yK0aT5bE2', roles },
      ],
    });
    expect(r.missingPermissions.map((p) => p.permission)).toEqual(['AuditLog.Read.All', 'IdentityRiskEvent.Read.All']);
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(by.signIns).toMatchObject({ status: 'missing-permission', required: true });
    expect(by.directoryAudits?.permissions).toContain('AuditLog.Read.All');
    expect(by.riskDetections).toMatchObject({ status: 'missing-permission', required: false });
    expect(r.ok).toBe(false);
  });

  test('the unified audit log: ActivityFeed.Read (Office 365 Management APIs) is checked with a token of its own', async () => {
    const ready = await doctor({});
    expect(ready.checks.find((c) => c.name === 'unifiedAuditLog')).toMatchObject({ status: 'ok', required: false });
    await server?.close();
    const roles = ALL_ROLES.filter((p) => p !== 'ActivityFeed.Read');
    const r = await doctor({
      apps: [
        { clientId: 'b1f0e6d2-3c4a-4e8f-9d7b-6a5c4b3a2f10', secret: 'pm-test-secret~Zq8V3nR1xW6yK0aT5bE2', roles },
      ],
    });
    expect(r.missingPermissions.map((p) => p.permission)).toEqual(['ActivityFeed.Read']);
    expect(r.missingPermissions[0]?.for).toContain('Office 365 Management APIs');
    expect(r.checks.find((c) => c.name === 'unifiedAuditLog')).toMatchObject({
      status: 'missing-permission',
      permissions: ['ActivityFeed.Read'],
    });
    // Optional: collection of everything else is still possible.
    expect(r.ok).toBe(true);
  });

  test('a tenant without Entra ID P1/P2 cannot give sign-ins through Graph: said so', async () => {
    const r = await doctor({ licence: 'none' });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(by.signIns).toMatchObject({ status: 'unlicensed', licence: 'Microsoft Entra ID P1 or P2' });
    expect(by.directoryAudits?.status).toBe('ok');
    expect(r.ok).toBe(false);
  });

  test('a rejected secret stops at sign-in with the AADSTS code and the fix', async () => {
    const r = await doctor({}, 'not-the-secret-0000');
    expect(r.signIn).toMatchObject({ ok: false });
    expect(r.signIn.detail).toContain('AADSTS7000215');
    expect(r.signIn.hint).toContain('secret value');
    expect(r.checks).toEqual([]);
  });
});
