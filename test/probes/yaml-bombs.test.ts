/**
 * Probe group 7 (YAML): a "billion laughs" document (aliases of aliases, nine wide and nine deep) in
 * exceptions.yaml was an internal error (exit 3), and each YAML reader had its own parse and its own error. Every
 * reader goes through core/yaml-file.ts: the bomb, or a file past the size limit, is an input error naming the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, PremortemError } from '../../src/core/errors.js';
import { YAML_LIMITS } from '../../src/core/yaml-file.js';
import { parseFleet } from '../../src/fleet/config.js';
import { loadNotifyConfig } from '../../src/notify/config.js';
import { readRegister } from '../../src/posture/exceptions/register.js';
import { parseTechniques } from '../../src/readiness/techniques.js';
import { loadRulesFromText } from '../../src/rules/loader.js';
import { parsePipeline } from '../../src/rules/pipeline-schema.js';
import { resolveGraphSettings } from '../../src/sources/graph/settings.js';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

/** Nine levels of nine aliases each: 9^9 strings once expanded. */
const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(
    'bcdefghi'.split('').map((k, i) => {
      const prev = 'abcdefghi'[i];
      return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
    }),
  )
  .join('\n');

/** What the command line makes of an error: an input error (exit 2) naming the file, not an internal one. */
function expectInputError(run: () => unknown, file: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PremortemError);
  expect(exitCodeFor(thrown)).toBe(2);
  expect((thrown as PremortemError).message).toContain(file);
}

describe('probe: YAML bombs and oversized YAML are input errors', () => {
  it('exceptions.yaml: the command exits 2 naming the file', () => {
    const ws = join(dir, 'ws');
    const created = premortem(['--workspace', ws, 'exceptions', 'check']);
    expect(created.code, created.stderr).toBe(0);
    writeFileSync(join(ws, 'exceptions.yaml'), BOMB);
    const r = premortem(['--workspace', ws, 'exceptions', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exceptions.yaml');
    expect(r.stderr).toMatch(/aliases expand too far/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('every other reader: notify.yaml, fleet.yaml, the Graph settings file, rules, pipelines, techniques', () => {
    const at = (name: string, text = BOMB) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    expectInputError(() => readRegister(at('exceptions.yaml')), 'exceptions.yaml');
    const notifyDir = join(dir, 'notify-ws');
    mkdirSync(notifyDir);
    writeFileSync(join(notifyDir, 'notify.yaml'), BOMB);
    expectInputError(() => loadNotifyConfig(notifyDir, {}), 'notify.yaml');
    expectInputError(() => parseFleet(BOMB, join(dir, 'fleet.yaml')), 'fleet.yaml');
    expectInputError(() => resolveGraphSettings({ graphConfig: at('graph.yaml') }, {}), 'graph.yaml');
    expectInputError(() => loadRulesFromText(BOMB, 'bomb.yml'), 'bomb.yml');
    expectInputError(() => parsePipeline(BOMB, 'pipeline.yml'), 'pipeline.yml');
    expectInputError(() => parseTechniques(BOMB, 'techniques.yml'), 'techniques.yml');
    // Past the size limit, before any parsing.
    const huge = `x: "${'a'.repeat(YAML_LIMITS.maxBytes)}"\n`;
    expectInputError(() => parseFleet(huge, join(dir, 'huge-fleet.yaml')), 'huge-fleet.yaml');
    expectInputError(() => loadRulesFromText(huge, 'huge.yml'), 'huge.yml');
  });
});
