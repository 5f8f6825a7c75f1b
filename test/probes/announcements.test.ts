/**
 * Probe group 3: alerts stored but never announced. A detect killed after storing its alerts (here: at the moment
 * it starts printing them) left them known, and the rerun printed only what it found anew, so CI and watch never
 * saw them. "New" is what the store still owes, so the rerun shows them, once.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

const DIE_ON_OUTPUT = resolve(import.meta.dirname, 'die-on-first-output.cjs');

describe('probe: alerts owed an announcement', () => {
  it('a detect killed before it printed leaves its alerts to be shown as new by the next run, and only once', () => {
    const ws = join(dir, 'ws');
    const file = writeSpray(dir, 'spray.ndjson');
    expect(premortem(['--workspace', ws, 'import', file]).code).toBe(0);

    const killed = premortem(['--workspace', ws, '--json', 'detect'], {
      env: { NODE_OPTIONS: `--require ${DIE_ON_OUTPUT}` },
    });
    expect(killed.code).toBeNull(); // died by the signal

    const rerun = premortem(['--workspace', ws, '--json', '--fail-on', 'low', 'detect']);
    expect(rerun.code, rerun.stderr).toBe(1);
    const shown = JSON.parse(rerun.stdout) as { title: string }[];
    expect(shown.some((a) => /spray/i.test(a.title))).toBe(true);

    const third = premortem(['--workspace', ws, '--json', 'detect']);
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toEqual([]);
  });
});
