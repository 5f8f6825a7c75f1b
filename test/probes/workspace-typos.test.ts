/**
 * Probe group 5: a mistyped workspace was an all-clear (a fresh empty workspace created, "No alerts", exit 0).
 * Commands that only read never create a workspace and exit 2 naming it; an empty name or a file is refused.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

describe('probe: a workspace that is not there', () => {
  for (const args of [['--fail-on', 'low', 'alerts'], ['evidence', 'verify'], ['incidents'], ['detect']]) {
    it(`${args.join(' ')} exits 2 and creates nothing`, () => {
      const ws = join(dir, 'typo-ws');
      const r = premortem(['--workspace', ws, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`no workspace at ${ws}`);
      expect(existsSync(ws)).toBe(false);
    });
  }

  it('an empty --workspace is a usage error, not the current folder', () => {
    const r = premortem(['--workspace', '', 'alerts'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/workspace name is empty/);
    expect(existsSync(join(dir, 'premortem.duckdb'))).toBe(false);
  });

  it('a file named as the workspace is exit 2, not an internal error', () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, '# not a workspace\n');
    for (const args of [['alerts'], ['import', file]]) {
      const r = premortem(['--workspace', file, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a folder/);
    }
  });
});
