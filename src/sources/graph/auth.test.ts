import { afterEach, describe, expect, test } from 'vitest';
import { serverSettings } from '../../../test/graph-server/harness.js';
import { type GraphTestServer, startGraphServer } from '../../../test/graph-server/server.js';
import { createTokenProvider, graphScope } from './auth.js';
import { GraphError } from './errors.js';
import { tokenClaims } from './token-claims.js';

let server: GraphTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Graph sign-in', () => {
  test('client secret through MSAL: a token for this tenant with the granted roles, cached until refreshed', async () => {
    server = await startGraphServer();
    const tokens = createTokenProvider(serverSettings(server));
    const token = await tokens.getToken();
    expect(tokenClaims(token)).toMatchObject({ tenantId: server.tenantId, appId: server.app.clientId });
    expect(tokenClaims(token)?.roles).toContain('AuditLog.Read.All');
    await tokens.getToken();
    expect(server.tokens.tokenRequests).toBe(1);
    await tokens.getToken({ forceRefresh: true });
    expect(server.tokens.tokenRequests).toBe(2);
  });

  test('certificate: MSAL signs a client assertion the authority verifies against the registered certificate', async () => {
    server = await startGraphServer();
    const tokens = createTokenProvider(serverSettings(server, true));
    expect(tokens.kind).toBe('certificate');
    expect(tokenClaims(await tokens.getToken())?.appId).toBe(server.certApp.clientId);
  });

  test('rejected credentials become an explained auth error without the secret in it', async () => {
    server = await startGraphServer();
    const settings = { ...serverSettings(server), clientSecret: 'definitely-wrong-secret-42' };
    const err = await createTokenProvider(settings)
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).failure).toBe('auth');
    expect((err as GraphError).message).toBe('Graph sign-in failed: the client secret was rejected (AADSTS7000215)');
    expect((err as GraphError).hint).toContain('not its id');
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain('definitely-wrong-secret-42');

    const unknown = await createTokenProvider({ ...serverSettings(server), clientId: 'nobody' })
      .getToken()
      .catch((e: unknown) => e);
    expect((unknown as GraphError).message).toContain('AADSTS700016');
  });

  test('a token from PREMORTEM_GRAPH_TOKEN is used as given; the scope follows the Graph host', async () => {
    const tokens = createTokenProvider({ ...serverSettingsless(), token: 'a.b.c' });
    expect(tokens.kind).toBe('token');
    expect(await tokens.getToken({ forceRefresh: true })).toBe('a.b.c');
    expect(graphScope('https://graph.microsoft.us')).toBe('https://graph.microsoft.us/.default');
  });
});

function serverSettingsless() {
  return {
    tenantId: undefined,
    clientId: undefined,
    clientSecret: undefined,
    certificatePath: undefined,
    token: undefined,
    cloud: 'global' as const,
    graphUrl: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    reportsBudget: { requests: 5, windowMs: 10_000 },
  };
}
