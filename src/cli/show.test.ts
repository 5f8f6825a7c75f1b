import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';
import { tempDir } from '../../test/workspace.js';
import { importPaths } from '../ingest/import-files.js';
import { Workspace } from '../store/workspace.js';

let dir: string;
let cleanup: () => void;
let file: string;
let sha: string;
const ESC = '\u001b';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  file = join(dir, 'signins.ndjson');
  // One good sign-in, one record cut off with a terminal escape sequence inside, one that is not an object.
  writeFileSync(
    file,
    [
      '{"id":"ok-1","createdDateTime":"2026-11-23T10:00:00Z","userPrincipalName":"a@contoso-demo.com","status":{"errorCode":0}}',
      `{"id":"bad-1","createdDateTime":"2026-11-23T10:01:00Z","userPrincipalName":"${ESC}[2J${ESC}]0;pwned\u0007x`,
      '[1,2,3]',
      '',
    ].join('\n'),
  );
  // Written, then closed: the command opens the workspace itself (DuckDB holds one writer).
  const ws = await Workspace.open(join(dir, 'ws'));
  const s = await importPaths(ws, [file]);
  sha = s.files[0]?.sha256 ?? '';
  ws.close();
});
afterAll(() => cleanup());

/** The real program on the test's workspace: stdout (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(['--workspace', join(dir, 'ws'), ...args]);

describe('premortem show for rejected records', () => {
  it('lists the rejects of a file by path, with the reason and the raw text made safe for a terminal', async () => {
    const out = await run(['show', '--rejects', file]);
    const ref1 = `reject:${sha.slice(0, 12)}:1`;
    expect(out).toContain(`${ref1}  record 1 of ${file}`);
    expect(out).toContain('reason: not valid JSON');
    // The escape sequences are shown, not sent to the terminal.
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).toContain('\\u001b[2J\\u001b]0;pwned\\u0007x');
    expect(out).toContain(`reject:${sha.slice(0, 12)}:2`);
    expect(out).toContain('reason: not a JSON object (an array)');
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 rejected record(s)');
  });

  it('finds one reject by reference; --json gives the record with its raw text exactly as read', async () => {
    const out = await run(['--json', 'show', `reject:${sha.slice(0, 8)}:1`]);
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(r).toMatchObject({
      ref: `reject:${sha.slice(0, 12)}:1`,
      evidence_sha256: sha,
      path: file,
      record_index: 1,
    });
    expect(r.raw).toBe(
      `{"id":"bad-1","createdDateTime":"2026-11-23T10:01:00Z","userPrincipalName":"${ESC}[2J${ESC}]0;pwned\u0007x`,
    );
    expect(String(r.reason)).toMatch(/^not valid JSON \(Bad control character/);
  });

  it('lists by SHA-256 prefix with a limit, and in JSON with the total', async () => {
    const list = JSON.parse(await run(['--json', 'show', '--rejects', sha.slice(0, 10), '--limit', '1'])) as {
      total: number;
      rejects: { record_index: number }[];
    };
    expect(list.total).toBe(2);
    expect(list.rejects.map((r) => r.record_index)).toEqual([1]);
  });

  it('says how in --help', async () => {
    const help = await run(['show', '--help']);
    expect(help).toContain('--rejects [file]');
    expect(help).toContain('reject:<sha256 prefix>:<record index>');
    expect(help).toContain('premortem show --rejects ./exports/InteractiveSignIns_2025-09-26.csv');
  });

  it('names what it cannot find', async () => {
    await expect(run(['show', `reject:${sha.slice(0, 12)}:7`])).rejects.toThrow(/no rejected record reject:/);
    await expect(run(['show', '--rejects', join(dir, 'never-imported.csv')])).rejects.toThrow(/no imported file/);
  });
});
