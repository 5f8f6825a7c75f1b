/**
 * No client secret, private key or token reaches stdout, stderr, the store, the workspace's files or an error
 * message, on success and on every error path (a rejected secret, a rejected token, --debug stacks).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures, configFixture, ualRecords } from '../../test/graph-server/fixtures.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CA_FILE = join(import.meta.dirname, '../../test/graph-server/tls/authority-cert.pem');
const PRIVATE_KEY_LINE = readFileSync(join(import.meta.dirname, '../../test/graph-server/tls/client-app.pem'), 'utf8')
  .split('\n')
  .find((l) => /^[A-Za-z0-9+/]{60,}$/.test(l)) as string;

async function server(): Promise<GraphTestServer> {
  const s = await startGraphServer({ reportsBudget: false });
  cleanups.push(() => s.close());
  addLogFixtures(s.data, { now: Date.now() - 60_000, signIns: 40, audits: 10 });
  s.data.add('unifiedAuditLog', ualRecords({ now: Date.now() - 60_000, count: 24 }));
  s.data.config = configFixture(3);
  return s;
}

function env(s: GraphTestServer, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PREMORTEM_GRAPH_URL: s.graphUrl,
    PREMORTEM_AUTHORITY_HOST: s.authorityHost,
    PREMORTEM_TENANT_ID: s.tenantId,
    PREMORTEM_CLIENT_ID: s.app.clientId,
    PREMORTEM_GRAPH_BUDGET: '1000/10s',
    // The unified audit log: a second token, for the management audience, from the same secret.
    PREMORTEM_MANAGEMENT_URL: s.managementUrl,
    // MSAL talks to the test authority over https: trust its certificate as a corporate CA would be trusted.
    NODE_EXTRA_CA_CERTS: CA_FILE,
    ...more,
  };
}

/** Every text premortem left behind: each table's rows, and every file in the workspace (gzip opened). */
async function everythingStored(dir: string): Promise<string> {
  const parts: string[] = [];
  const ws = await Workspace.open(dir);
  try {
    const tables = await ws.all<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
    );
    for (const { table_name } of tables) {
      parts.push(
        JSON.stringify(await ws.all(`SELECT * FROM "${table_name}"`), (_k, v) =>
          typeof v === 'bigint' ? String(v) : v,
        ),
      );
    }
  } finally {
    ws.close();
  }
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        parts.push((p.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1'));
      }
    }
  };
  walk(dir);
  return parts.join('\n');
}

function expectClean(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text.includes(secret), `a secret leaked: ${secret.slice(0, 12)}…`).toBe(false);
  }
}

describe('secrets', () => {
  test('a client secret and the tokens it buys appear nowhere: stdout, stderr, store, files, evidence output', async () => {
    const s = await server();
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dir = join(t.dir, 'ws');
    const secret = s.app.clientSecret;
    const runs = [
      await runCli(['--workspace', dir, 'collect', '--since', '7d', '--client-secret', secret], env(s)).done,
      await runCli(
        ['--workspace', dir, '--json', 'collect', '--config', '--out', join(t.dir, 'snap')],
        env(s, { PREMORTEM_CLIENT_SECRET: secret }),
      ).done,
      await runCli(['--workspace', dir, '--debug', 'doctor'], env(s, { PREMORTEM_CLIENT_SECRET: secret })).done,
      await runCli(['--workspace', dir, '--json', 'evidence'], env(s)).done,
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(s.tokens.issued.length).toBeGreaterThan(0);
    // The management token was issued and used: the UAL records are in the store, and it must not leak either.
    const audiences = s.tokens.issued.map(
      (t) => (JSON.parse(Buffer.from(t.split('.')[1] as string, 'base64url').toString()) as { aud: string }).aud,
    );
    expect(audiences).toContain(s.managementUrl);
    expect(runs[0]?.stderr).toContain('unified audit log: Exchange:');
    const secrets = [secret, ...s.tokens.issued];
    for (const r of runs) expectClean(r.stdout + r.stderr, secrets);
    const stored = await everythingStored(dir);
    // The scan reads real content: the tenant and the request URLs are there, the secrets are not.
    expect(stored).toContain(s.tenantId);
    expect(stored).toContain(`${s.graphUrl}/beta/auditLogs/signIns`);
    expect(stored).toContain(`${s.managementUrl}/api/v1.0/${s.tenantId}/activity/feed/audit/`);
    expect(stored).toContain(String(s.data.visible('unifiedAuditLog')[0]?.Id));
    expectClean(stored, secrets);
    expectClean(
      readdirSync(join(t.dir, 'snap'))
        .map((f) => readFileSync(join(t.dir, 'snap', f), 'utf8'))
        .join(''),
      secrets,
    );
  }, 60_000);

  test('error paths: a rejected secret (401 AADSTS7000215), a rejected token, --debug stacks: named, never shown', async () => {
    const s = await server();
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dir = join(t.dir, 'ws');
    const wrongSecret = 'wrong-secret-Pq7~Lm2Xz9Vb4Nc1';
    const badSecret = await runCli(['--workspace', dir, '--debug', 'collect', '--client-secret', wrongSecret], env(s))
      .done;
    expect(badSecret.code).toBe(2);
    expect(badSecret.stderr).toContain('the client secret was rejected (AADSTS7000215)');
    expect(badSecret.stderr).toContain('hint:');

    const doctor = await runCli(['--workspace', dir, 'doctor'], env(s, { PREMORTEM_CLIENT_SECRET: wrongSecret })).done;
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('AADSTS7000215');

    const forged = `${s.tokens.issue(s.app.clientId).slice(0, -6)}AAAAAA`;
    const badToken = await runCli(['--workspace', dir, '--debug', 'collect'], {
      PREMORTEM_GRAPH_URL: s.graphUrl,
      PREMORTEM_GRAPH_TOKEN: forged,
    }).done;
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('Graph rejected the token (401 InvalidAuthenticationToken)');

    const certificate = await runCli(
      [
        '--workspace',
        dir,
        'collect',
        '--certificate',
        join(import.meta.dirname, '../../test/graph-server/tls/client-app.pem'),
        '--client-id',
        'unknown-app',
      ],
      env(s),
    ).done;
    expect(certificate.code).toBe(2);
    expect(certificate.stderr).toContain('AADSTS700016');

    // A management token given from outside that the API refuses: named in the summary, never shown.
    const forgedManagement = `${s.tokens.issue(s.app.clientId, s.managementUrl).slice(0, -6)}BBBBBB`;
    const badManagement = await runCli(['--workspace', dir, '--debug', 'collect', '--endpoints', 'unifiedAuditLog'], {
      PREMORTEM_GRAPH_URL: s.graphUrl,
      PREMORTEM_MANAGEMENT_URL: s.managementUrl,
      PREMORTEM_GRAPH_TOKEN: s.tokens.issue(s.app.clientId),
      PREMORTEM_MANAGEMENT_TOKEN: forgedManagement,
    }).done;
    expect(badManagement.stderr).toContain('unified audit log: Exchange: failed');

    const secrets = [wrongSecret, forged, forgedManagement, s.app.clientSecret, PRIVATE_KEY_LINE, ...s.tokens.issued];
    for (const r of [badSecret, doctor, badToken, certificate, badManagement])
      expectClean(r.stdout + r.stderr, secrets);
    expectClean(await everythingStored(dir), secrets);
  }, 60_000);
});
