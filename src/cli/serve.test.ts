import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/graph-server/run-cli.js';
import { ServeClient, serverUrl } from '../../test/serve-client.js';
import { tempDir } from '../../test/workspace.js';

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
    const end = await run.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toContain('SIGTERM: stopping');
    expect(end.stderr).toContain('no Graph settings: serving the imported data only');
  }, 90_000);
});
