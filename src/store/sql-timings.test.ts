import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/graph-server/run-cli.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from './workspace.js';

const root = tempDir();
afterAll(() => root.cleanup());

describe('PREMORTEM_SQL_TIMINGS', () => {
  it('prints each statement with its time on stderr when set, and nothing of the kind when not', async () => {
    const env = { PREMORTEM_WORKSPACE: join(root.dir, 'ws') };
    (await Workspace.open(env.PREMORTEM_WORKSPACE)).close();
    const plain = await runCli(['alerts', '--json'], env).done;
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/^sql /m);

    const timed = await runCli(['alerts', '--json'], { ...env, PREMORTEM_SQL_TIMINGS: '1' }).done;
    expect(timed.code, timed.stderr).toBe(0);
    // stdout stays the --json contract's one object; the timings go to stderr only.
    expect(() => JSON.parse(timed.stdout)).not.toThrow();
    expect(timed.stderr).toMatch(/^sql +\d+ ms {2}SELECT /m);
    for (const line of timed.stderr.split('\n').filter((l) => l.startsWith('sql '))) {
      expect(line.length).toBeLessThanOrEqual(160);
    }
  });
});
