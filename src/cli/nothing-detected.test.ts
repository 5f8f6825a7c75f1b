import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir } from '../../test/workspace.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

async function premortem(args: string[]): Promise<string> {
  const run = await runPremortem(['--workspace', join(dir, 'ws'), ...args]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/** What each command that lists alerts or incidents shows on this workspace. */
async function shown(): Promise<Record<string, string>> {
  return {
    alerts: await premortem(['alerts']),
    incidents: await premortem(['incidents']),
    timeline: await premortem(['timeline']),
    report: await premortem(['report', '--all', '--format', 'md']),
    html: await premortem(['report', '--all', '--format', 'html']),
  };
}

describe('"run premortem detect first" only when detect never ran', () => {
  it('says to run detect before it ran, and that it found nothing after a run that raised no alert', async () => {
    // Ordinary sign-ins: no rule fires on them.
    await premortem(['import', join(PROJECT_ROOT, 'test/fixtures/shapes/graph-signins-v1-array.json')]);
    const before = await shown();
    for (const [command, out] of Object.entries(before)) expect(out, command).toContain('run premortem detect first');
    expect(await premortem(['detect'])).toContain('0 new alert(s)');
    const after = await shown();
    for (const [command, out] of Object.entries(after)) {
      expect(out, command).not.toContain('detect first');
      expect(out, command).toMatch(/premortem detect ran and raised no(ne| alert)/);
    }
  }, 300_000);
});
