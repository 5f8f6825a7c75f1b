/**
 * Probe group 9: operator paths. An authority whose certificate this machine does not trust was reported as
 * "Endpoints cannot be resolved" after minutes of retries, and a Graph server with such a certificate was retried
 * like a dropped connection; a server with no TLS version in common was retried too. A TLS failure is permanent:
 * named at once, with what to do (NODE_EXTRA_CA_CERTS).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TlsOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphError } from '../../src/sources/graph/errors.js';
import { GraphClient } from '../../src/sources/graph/http.js';
import { runCli } from '../graph-server/run-cli.js';
import { type GraphTestServer, startGraphServer } from '../graph-server/server.js';
import { tempDir } from '../workspace.js';

const TLS_DIR = join(import.meta.dirname, '../graph-server/tls');

let graph: GraphTestServer;
let tmp: { dir: string; cleanup: () => void };
beforeAll(async () => {
  graph = await startGraphServer({ reportsBudget: false });
  tmp = tempDir();
});
afterAll(async () => {
  await graph.close();
  tmp.cleanup();
});

describe('probe: TLS failures are named, not retried', () => {
  it('collect against an authority whose certificate is not trusted says so, and how to trust it (exit 2)', async () => {
    const run = runCli(
      ['--workspace', join(tmp.dir, 'ws'), 'collect', '--since', '1d'],
      {
        PREMORTEM_GRAPH_URL: graph.graphUrl,
        PREMORTEM_AUTHORITY_HOST: graph.authorityHost,
        PREMORTEM_TENANT_ID: graph.tenantId,
        PREMORTEM_CLIENT_ID: graph.app.clientId,
        PREMORTEM_CLIENT_SECRET: graph.app.clientSecret,
        // NODE_EXTRA_CA_CERTS deliberately not set: the test authority's certificate is its own.
      },
      { built: true },
    );
    const r = await run.done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /not signed by an authority this machine trusts \(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN\)/,
    );
    expect(r.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(r.stderr).not.toContain(graph.app.clientSecret);
    expect(r.stderr).not.toMatch(/retry|gave up after/i);
  });

  /** One GET from a GraphClient to an HTTPS server with these TLS options: what it threw and what it counted. */
  async function firstRequest(tls: TlsOptions) {
    let requests = 0;
    const key = readFileSync(join(TLS_DIR, 'authority-key.pem'));
    const cert = readFileSync(join(TLS_DIR, 'authority-cert.pem'));
    const server = createServer({ key, cert, ...tls }, (_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new GraphClient({
        graphUrl: `https://127.0.0.1:${port}`,
        tokens: { kind: 'token', getToken: async () => 'probe-token' },
      });
      const err = await client.get(client.url('/v1.0/users')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphError);
      return { err: err as GraphError, stats: client.stats, requests };
    } finally {
      server.close();
    }
  }

  it('a Graph server with an untrusted certificate fails on the first request', async () => {
    const { err, stats, requests } = await firstRequest({});
    expect(err.failure).toBe('tls');
    expect(err.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(stats.requests).toBe(1);
    expect(stats.retries).toBe(0);
    expect(requests).toBe(0); // the handshake failed: nothing reached the server
  });

  it('a Graph server that speaks no TLS version premortem does fails on the first request, named', async () => {
    // TLS 1.0-1.1 only (Node's client needs 1.2 or later): the same refusal on every attempt.
    const { err, stats, requests } = await firstRequest({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(err.failure).toBe('tls');
    expect(err.message).toMatch(/TLS version/);
    expect(stats.retries).toBe(0);
    expect(requests).toBe(0);
  });
});
