import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPremortem, sprayAndDisabledWorkspace } from '../../test/cli.js';
import { expectGolden } from '../../test/golden.js';
import { HAS_SHARED_DATA, PROJECT_ROOT, SHARED_DATA } from '../../test/shared-data.js';
import { tempDir } from '../../test/workspace.js';

// The command line's output for fixed inputs, reviewed in diffs like code (test/golden/cli/). Paths of this
// machine are replaced by <root> and <shared>; everything else must be the same on every run.
const SHAPES = join(PROJECT_ROOT, 'test/fixtures/shapes');
const portable = (text: string): string => text.replaceAll(SHARED_DATA, '<shared>').replaceAll(PROJECT_ROOT, '<root>');

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Runs the real program on the test's workspace; the run must succeed. */
async function premortem(args: string[]): Promise<string> {
  const run = await runPremortem(['--workspace', join(dir, 'ws'), ...args]);
  expect(run.stderr.includes('internal error')).toBe(false);
  expect(run.code).toBe(0);
  return portable(run.stdout);
}

describe('golden command-line output', () => {
  it('import --json', async () => {
    const files = ['graph-signins-v1-array.json', 'graph-audits.ndjson', 'ual-purview-new.csv'].map((f) =>
      join(SHAPES, f),
    );
    expectGolden('cli/import.json', await premortem(['--json', 'import', ...files]));
  });

  it('detect', async () => {
    await sprayAndDisabledWorkspace(join(dir, 'ws'));
    expectGolden('cli/detect.txt', await premortem(['detect']));
  });

  it('detect --json', async () => {
    await sprayAndDisabledWorkspace(join(dir, 'ws'));
    expectGolden('cli/detect.json', await premortem(['--json', 'detect']));
  });

  it.skipIf(!HAS_SHARED_DATA)('rules import (the SigmaHQ cloud rules)', async () => {
    expectGolden(
      'cli/rules-import.txt',
      await premortem(['rules', 'import', join(SHARED_DATA, 'sigma-rules/rules/cloud')]),
    );
  });
});
