/**
 * Probe group 9, the rest of it: permanent failures in collection. A host name that does not resolve was retried
 * like a dropped connection (eight attempts with backoff, per endpoint); a 501 or 505, which no retry changes, and
 * a Graph that stayed unavailable through every retry ended in exit 3, "internal error", outside DESIGN.md's 0/1/2.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitForFailures } from '../../src/cli/collect.js';
import type { CollectSummary } from '../../src/collect/collect-logs.js';
import { EXIT_USAGE, exitCodeFor } from '../../src/core/errors.js';
import { GraphError } from '../../src/sources/graph/errors.js';
import { GraphClient } from '../../src/sources/graph/http.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';

let tmp: { dir: string; cleanup: () => void };
let server: Server;
let status = 501;
let requests = 0;
beforeAll(async () => {
  tmp = tempDir();
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'probe', message: `answered ${status}` } }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
});
afterAll(() => {
  server.close();
  tmp.cleanup();
});

describe('probe: permanent failures are named at once, never retried', () => {
  it.each([501, 505])('a %i is named with the endpoint on the first answer', async (code) => {
    status = code;
    requests = 0;
    const { port } = server.address() as AddressInfo;
    const client = new GraphClient({
      graphUrl: `http://127.0.0.1:${port}`,
      tokens: { kind: 'token', getToken: async () => 'probe-token' },
    });
    const err = await client.get(client.url('/v1.0/auditLogs/signIns')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).failure).toBe('permanent');
    expect((err as GraphError).message).toContain(`/v1.0/auditLogs/signIns: ${code}`);
    expect(exitCodeFor(err)).toBe(EXIT_USAGE);
    expect(requests).toBe(1);
    expect(client.stats.retries).toBe(0);
  });

  it('a Graph host name that does not resolve (ENOTFOUND) fails each endpoint at once, exit 2', () => {
    const r = premortem(
      ['--workspace', join(tmp.dir, 'ws-dns'), '--json', 'collect', '--since', '1d', '--endpoints', 'signIns'],
      {
        env: { PREMORTEM_GRAPH_TOKEN: 'probe-token', PREMORTEM_GRAPH_URL: 'https://graph.premortem-probe.invalid' },
        timeoutMs: 60_000,
      },
    );
    expect(r.code, r.stderr).toBe(2);
    const summary = JSON.parse(r.stdout) as {
      endpoints: { status: string; failure?: string; detail?: string }[];
      totals: { retries: number };
    };
    expect(summary.totals.retries).toBe(0);
    expect(summary.endpoints.length).toBeGreaterThan(0);
    for (const e of summary.endpoints) {
      expect(e.status).toBe('failed');
      expect(e.failure).toBe('permanent');
      expect(e.detail).toContain('graph.premortem-probe.invalid');
      expect(e.detail).toContain('ENOTFOUND');
    }
  });
});

describe('probe: collect keeps to the exit codes 0/1/2', () => {
  it('endpoints that stayed unavailable through every retry are exit 2, not 3', () => {
    const summary = {
      endpoints: [{ endpoint: 'signIns', title: 'sign-ins', status: 'failed', failure: 'unavailable' }],
    } as unknown as CollectSummary;
    const before = process.exitCode;
    try {
      process.exitCode = undefined;
      exitForFailures(summary);
      expect(process.exitCode).toBe(EXIT_USAGE);
    } finally {
      process.exitCode = before;
    }
    expect(exitCodeFor(new GraphError('unavailable', '/v1.0/users: gave up after 8 attempts (last: 503)'))).toBe(
      EXIT_USAGE,
    );
  });
});
