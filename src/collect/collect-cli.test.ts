import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures } from '../../test/graph-server/fixtures.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { storedEvents, tokenEnv } from '../../test/graph-server/stored-events.js';
import { tempDir } from '../../test/workspace.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(options: Parameters<typeof startGraphServer>[0] = {}): Promise<GraphTestServer> {
  const s = await startGraphServer({ reportsBudget: false, ...options });
  cleanups.push(() => s.close());
  addLogFixtures(s.data, { now: Date.now() - 60_000, signIns: 120, audits: 30 });
  return s;
}

function workspaceDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'ws');
}

describe('premortem collect (child process)', () => {
  test('--json prints one JSON object; progress per endpoint goes to stderr', async () => {
    const s = await server();
    const dir = workspaceDir();
    const run = await runCli(['--workspace', dir, '--json', 'collect', '--since', '7d'], tokenEnv(s)).done;
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { kind: string; totals: { loaded: number }; endpoints: unknown[] };
    expect(out.kind).toBe('logs');
    // sign-ins, audits, risk detections, risky users, SP risk detections, risky SPs, PIM alerts.
    expect(out.totals.loaded).toBe(120 + 30 + 6 + 3 + 2 + 2 + 1);
    expect(run.stderr).toContain('interactive sign-ins: 30 read, 30 new');
    expect(run.stderr).toContain('directory audits: 30 read, 30 new');
  }, 60_000);

  test('killed (SIGKILL) mid-run and run again, the store holds every event once', async () => {
    const s = await server({
      // Throttling with Retry-After 0 only: the faults that back off for real seconds are covered in-process.
      faults: { rates: { throttle: 0.1 }, retryAfterSeconds: 0, seed: 9 },
    });
    const want = {
      signIns: s.data.visibleIds('signIns').sort(),
      audits: s.data.visibleIds('directoryAudits').sort(),
      dupes: 0,
    };
    for (const killAfter of [4, 13]) {
      const dir = workspaceDir();
      let pages = 0;
      const run = runCli(['--workspace', dir, 'collect', '--since', '7d', '--page-size', '8'], tokenEnv(s));
      s.onRequest = (r) => {
        if (r.status === 200 && r.items !== undefined && !r.fault && ++pages === killAfter) run.child.kill('SIGKILL');
      };
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
      s.onRequest = undefined;
      const partial = await storedEvents(dir);
      expect(partial.signIns.length + partial.audits.length).toBeLessThan(want.signIns.length + want.audits.length);
      const rerun = await runCli(['--workspace', dir, 'collect', '--since', '7d', '--page-size', '8'], tokenEnv(s))
        .done;
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(await storedEvents(dir)).toEqual(want);
    }
  }, 120_000);

  test('usage errors exit 2 with the fix named', async () => {
    const dir = workspaceDir();
    const noCreds = await runCli(['--workspace', dir, 'collect'], {}).done;
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toContain('no Graph credentials');
    const badSince = await runCli(['--workspace', dir, 'collect', '--since', 'yesterday'], {
      PREMORTEM_GRAPH_TOKEN: 'x.y.z',
    }).done;
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toContain('--since takes a duration');
    const http = await runCli(['--workspace', dir, 'collect', '--graph-url', 'http://graph.example.com'], {
      PREMORTEM_GRAPH_TOKEN: 'x.y.z',
    }).done;
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('must use https');
  }, 60_000);
});
