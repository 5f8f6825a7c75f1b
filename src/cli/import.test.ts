import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir } from '../../test/workspace.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  cleanup();
});

/** The real program on the test's workspace: stdout (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(['--workspace', join(dir, 'ws'), ...args]);

describe('premortem import: dates that read either way are reported, not guessed silently', () => {
  it('says how many dates of an undecided file were read month-first, and gives the count in --json', async () => {
    const ambiguous = fixture('locale-dates/InteractiveSignIns_2026-11-23_ambiguous.csv');
    const text = await run(['import', ambiguous]);
    expect(text).toContain('read 4 = loaded 4 (4 signins) + duplicate 0 + rejected 0');
    expect(text).toContain(
      '  note: 2 dates read either way and nothing in the file shows the order: read month-first; if the file is day-first, re-import with --date-order dmy',
    );
    // The same file again, in JSON: nothing new, and the file's result carries the count.
    const json = JSON.parse(await run(['--json', 'import', ambiguous])) as {
      files: { duplicate: number; dates: { order: string; ambiguousDates: number } }[];
    };
    expect(json.files.map((f) => [f.duplicate, f.dates])).toEqual([
      [
        4,
        {
          order: 'undecided',
          basis: 'undecided: 2 date(s) read either way and none shows the order; read month-first',
          ambiguousDates: 2,
        },
      ],
    ]);
  });

  it('counts the guessed dates of a configuration CSV too', async () => {
    const out = JSON.parse(
      await run(['--json', 'import', fixture('extractor-suite-config/20261123140700-PIM-Assignments.csv')]),
    ) as { configFiles: { shape: string; dates: { ambiguousDates: number } }[] };
    expect(out.configFiles.map((f) => [f.shape, f.dates.ambiguousDates])).toEqual([
      ['extractor-suite-pim-assignments-csv', 3],
    ]);
  });

  it('prints no note for a file whose dates prove their order', async () => {
    const text = await run(['import', fixture('locale-dates/InteractiveSignIns_2026-11-23_dayfirst.csv')]);
    expect(text).toContain('  dates: day-first: 2 date(s) with a day above 12 first');
    expect(text).not.toContain('note:');
  });
});
