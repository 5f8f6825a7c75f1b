import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { addLogFixtures } from '../../test/graph-server/fixtures.js';
import { runCli } from '../../test/graph-server/run-cli.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { storedEvents, tokenEnv } from '../../test/graph-server/stored-events.js';
import { tempDir } from '../../test/workspace.js';
import { addAccount } from '../serve/accounts.js';
import { Workspace } from '../store/workspace.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A workspace with one account (serve refuses to start without any). */
async function workspaceDir(): Promise<string> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const dir = join(t.dir, 'ws');
  const ws = await Workspace.open(dir);
  try {
    await addAccount(ws, 'test', { username: 'ops', role: 'admin', password: 'a long enough password' });
  } finally {
    ws.close();
  }
  return dir;
}

/** serve until its first poll is done, then SIGTERM; the exit must be clean. */
async function serveOnePoll(dir: string, s: GraphTestServer): Promise<void> {
  const run = runCli(['--workspace', dir, 'serve', '--port', '0', '--interval', '1h'], tokenEnv(s));
  try {
    await run.stderrMatches(/poll 1: /);
  } finally {
    run.child.kill('SIGTERM');
  }
  const end = await run.done;
  expect(end.code, end.stderr).toBe(0);
}

describe('premortem serve watching Graph', () => {
  test('killed (SIGKILL) during collection and started again, the store equals an uninterrupted run', async () => {
    const s = await startGraphServer({
      reportsBudget: false,
      faults: { rates: { throttle: 0.1 }, retryAfterSeconds: 0, seed: 5 },
    });
    cleanups.push(() => s.close());
    addLogFixtures(s.data, { now: Date.now() - 60_000, signIns: 120, audits: 30 });

    const whole = await workspaceDir();
    await serveOnePoll(whole, s);
    const want = await storedEvents(whole, { alerts: true });
    expect(want.signIns.length).toBeGreaterThan(0);
    expect(want.dupes).toBe(0);

    const dir = await workspaceDir();
    let pages = 0;
    const run = runCli(['--workspace', dir, 'serve', '--port', '0', '--interval', '1h'], tokenEnv(s));
    s.onRequest = (r) => {
      if (r.status === 200 && r.items !== undefined && !r.fault && ++pages === 3) run.child.kill('SIGKILL');
    };
    const killed = await run.done;
    s.onRequest = undefined;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toContain('watching Graph');
    const partial = await storedEvents(dir, { alerts: true });
    expect(partial.signIns.length + partial.audits.length).toBeLessThan(want.signIns.length + want.audits.length);

    await serveOnePoll(dir, s);
    expect(await storedEvents(dir, { alerts: true })).toEqual(want);
  }, 240_000);
});
