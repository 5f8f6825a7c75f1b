/**
 * Probe group 6: terminal injection. timeline --format md and report --format md|csv written to stdout carried
 * raw escape sequences from log fields (OSC 8 links, clear screen, hidden text, BEL, RTL override), and a newline
 * in a file name forged output lines. Every byte from a log reaches the terminal through core/escape.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem, TERMINAL_CONTROL } from './cli.js';
import { writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
let ws: string;
let importOut: string;

const HOSTILE = {
  userDisplayName: 'Eve \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007 \u001b[2J\u001b[8mhidden\u001b[0m',
  userAgent: 'Mozilla/5.0 \u0007\u202egpj.exe\u001b[1A\u001b[2Kforged line',
  appDisplayName: 'App\u009b31m red',
};

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  ws = join(dir, 'ws');
  // A file name with a line end in it: the import summary must not print a forged line.
  const file = writeSpray(dir, 'spray\nFORGED: 0 rejected.ndjson', [], HOSTILE);
  const imported = premortem(['--workspace', ws, 'import', file]);
  expect(imported.code, imported.stderr).toBe(0);
  importOut = imported.stdout;
  expect(premortem(['--workspace', ws, 'detect']).code).toBe(0);
});
afterAll(() => cleanup());

/** CSV ends its lines with CRLF (RFC 4180): those are ours; any other control character came from a log. */
const withoutCsvLineEnds = (text: string): string => text.replace(/\r\n/g, '\n');

describe('probe: log text on a terminal', () => {
  it('import names a file with a line end in it on one line', () => {
    expect(importOut).not.toMatch(/^FORGED/m);
    expect(importOut).not.toMatch(TERMINAL_CONTROL);
  });

  it('detect prints alerts without control characters', () => {
    const r = premortem(['--workspace', ws, 'alerts']);
    expect(r.stdout).toMatch(/spray/i);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
  });

  for (const args of [
    ['timeline', '--format', 'md'],
    ['timeline'],
    ['report', '--all', '--format', 'md'],
    ['report', '--all', '--format', 'csv'],
    ['alerts'],
    ['incidents'],
    ['evidence'],
  ]) {
    it(`${args.join(' ')} on stdout carries no control character`, () => {
      const r = premortem(['--workspace', ws, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(withoutCsvLineEnds(r.stdout)).not.toMatch(TERMINAL_CONTROL);
      expect(r.stderr).not.toMatch(TERMINAL_CONTROL);
    });
  }
});
