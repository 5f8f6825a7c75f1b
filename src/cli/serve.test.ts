import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/graph-server/run-cli.js';
import { sampleNotification } from '../../test/notification.js';
import { ServeClient, serverUrl } from '../../test/serve-client.js';
import { startReceiver } from '../../test/webhook-receiver.js';
import { tempDir } from '../../test/workspace.js';
import { recordMessage } from '../notify/store.js';
import { Workspace } from '../store/workspace.js';

/** premortem users and premortem serve as a user runs them: child processes on a fresh workspace. */
describe('premortem users and serve (CLI)', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: string;
  let password = '';

  beforeAll(() => {
    t = tempDir();
    ws = `${t.dir}/ws`;
  });
  afterAll(() => t?.cleanup());

  it('adds an account with a generated password shown once, lists it, refuses a duplicate', async () => {
    const add = await runCli(['--workspace', ws, 'users', 'add', 'alice', '--role', 'admin', '--name', 'Alice']).done;
    expect(add.code).toBe(0);
    password = /password for alice: (\S+)/.exec(add.stderr)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const list = await runCli(['--workspace', ws, '--json', 'users', 'list']).done;
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ username: 'alice', role: 'admin', disabled: false }),
    ]);
    expect(list.stdout).not.toContain(password);
    const again = await runCli(['--workspace', ws, 'users', 'add', 'alice', '--role', 'viewer']).done;
    expect(again.code).toBe(2);
    const badRole = await runCli(['--workspace', ws, 'users', 'add', 'bob', '--role', 'root']).done;
    expect(badRole.code).toBe(2);
  }, 60_000);

  it('refuses an address other than 127.0.0.1 without TLS or --insecure-http', async () => {
    const r = await runCli(['--workspace', ws, 'serve', '--host', '0.0.0.0', '--port', '0']).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tls-cert');
  }, 60_000);

  it('serves on 127.0.0.1, signs in, and stops cleanly on SIGTERM', async () => {
    const run = runCli(['--workspace', ws, 'serve', '--port', '0']);
    const url = serverUrl(run);
    try {
      await run.stderrMatches(/listening on/);
      expect((await fetch(`${url()}/healthz`)).status).toBe(200);
      const c = new ServeClient((path, init) => fetch(`${url()}${path}`, init));
      expect((await c.login('alice', password)).status).toBe(303);
      expect(await (await c.request('/')).text()).toContain('Alice');
      expect((await c.request('/api/overview')).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    const killedAt = Date.now();
    const end = await run.done;
    expect(end.code).toBe(0);
    // It used to wait for the rules page's background self-tests (over a minute of work) before exiting.
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    expect(end.stderr).toContain('SIGTERM: stopping');
    expect(end.stderr).toContain('no Graph settings: serving the imported data only');
  }, 90_000);

  it('retries a failed delivery on its own timer, with no Graph to watch, and stops at once on SIGTERM', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const receiver = await startReceiver(secret);
    try {
      const w = await Workspace.open(ws, { create: false });
      try {
        await recordMessage(w, sampleNotification({ id: 'serve-retry-1' }), ['webhook'], new Date());
      } finally {
        w.close();
      }
      let answers = 0;
      receiver.respond = () => (++answers === 1 ? 503 : 204);
      const run = runCli(['--workspace', ws, 'serve', '--port', '0'], {
        PREMORTEM_WEBHOOK_URL: receiver.url,
        PREMORTEM_WEBHOOK_SECRET: secret,
      });
      try {
        // The first run at start gets the 503; the timer wakes when the backoff (30 s) says, not on a poll.
        await run.stderrMatches(/notify retry: 0 delivered, 1 to retry/);
        await run.stderrMatches(/notify retry: 1 delivered, 0 to retry, 0 failed/);
      } finally {
        run.child.kill('SIGTERM');
      }
      const end = await run.done;
      expect(end.code).toBe(0);
      expect(receiver.received.map((r) => r.ok)).toEqual([true, true]);
      expect(receiver.unique()).toEqual([expect.any(String)]);
      expect(end.stderr).not.toContain(secret);
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
