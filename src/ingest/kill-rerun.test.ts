import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_ENTRY, builtIsFresh, CLI_ENTRY } from '../../test/graph-server/run-cli.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempDir } from '../../test/workspace.js';
import { sha256Hex } from '../core/hash.js';
import { LAKE_DIR } from '../store/lake.js';
import { ORIGINALS_DIR } from '../store/originals.js';
import { Workspace } from '../store/workspace.js';

/**
 * Nothing lost, nothing doubled: an import killed with SIGKILL at several moments and run again must leave the
 * store exactly as one uninterrupted import does (per-table counts, a hash over the sorted uids of every table,
 * the evidence rows with their counts, the rejects and the kept originals).
 */
// The built bin when `npm test` has just built it (it starts in about a second; tsx compiles the CLI anew for each
// of the test's imports, several seconds of CPU each), else the sources through tsx.
const CLI_ARGS = builtIsFresh() ? [BUILT_ENTRY] : ['--import', 'tsx', CLI_ENTRY];
const SHAPES = join(PROJECT_ROOT, 'test/fixtures/shapes');

function signinLines(file: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const hex = (file * 1_000_000 + i).toString(16).padStart(12, '0');
    out.push(
      JSON.stringify({
        id: `00000000-0000-4000-8000-${hex}`,
        createdDateTime: new Date(Date.UTC(2025, 8, 1) + i * 1000).toISOString(),
        userPrincipalName: `user${i % 97}@contoso-kill.com`,
        ipAddress: `198.51.100.${i % 250}`,
        appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        status: { errorCode: i % 7 === 0 ? 50126 : 0 },
      }),
    );
  }
  // A broken last line: rejects must come out the same too.
  out.push('{"id":"cut-off","createdDateTime":"2025-09-01T00:00:00Z"');
  return `${out.join('\n')}\n`;
}

function runImport(ws: string, input: string): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [...CLI_ARGS, '--workspace', ws, 'import', input, '--json'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const done = new Promise<number | null>((ok) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      ok(code);
    }),
  );
  return { child, done };
}

async function untilOriginals(ws: string, k: number): Promise<void> {
  const kept = join(ws, ORIGINALS_DIR);
  for (;;) {
    const n = existsSync(kept) ? readdirSync(kept).filter((f) => !f.startsWith('.')).length : 0;
    if (n >= k) return;
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

/** Until a writer has a file under the lake's temporary folder: after the last input, only compaction writes one. */
async function untilLakeTmp(ws: string): Promise<void> {
  const tmp = join(ws, LAKE_DIR, '.tmp');
  for (;;) {
    if (existsSync(tmp) && readdirSync(tmp).length > 0) return;
    await new Promise((ok) => setTimeout(ok, 2));
  }
}

async function fingerprint(dir: string): Promise<Record<string, unknown>> {
  const ws = await Workspace.open(dir, { create: false });
  try {
    const out: Record<string, unknown> = {};
    for (const t of ['signins', 'audits', 'activities']) {
      const uids = await ws.all<{ uid: string }>(`SELECT uid FROM ${t} ORDER BY uid`);
      out[t] = { count: uids.length, uids: sha256Hex(uids.map((u) => u.uid).join('\n')) };
    }
    out.evidence = await ws.all(
      'SELECT sha256, records_read, records_loaded, records_duplicate, records_rejected FROM evidence ORDER BY sha256',
    );
    out.rejects = await ws.all('SELECT evidence_sha256, record_index, reason FROM rejects ORDER BY ALL');
    // Compaction (store/compact.ts) runs at the end of the import: the four sign-in files become one month file.
    out.lakeFiles = await ws.all(
      'SELECT table_name, month, count(*) AS files, sum(rows) AS rows FROM lake_files GROUP BY ALL ORDER BY ALL',
    );
    out.originals = (existsSync(join(dir, ORIGINALS_DIR)) ? readdirSync(join(dir, ORIGINALS_DIR)) : [])
      .filter((f) => !f.startsWith('.'))
      .sort();
    return out;
  } finally {
    ws.close();
  }
}

describe('kill -9 mid-import, then run again', () => {
  let tmp: { dir: string; cleanup: () => void };
  let input: string;
  beforeAll(() => {
    tmp = tempDir();
    input = join(tmp.dir, 'input');
    mkdirSync(input);
    for (let f = 0; f < 4; f++) writeFileSync(join(input, `signins-${f}.ndjson`), signinLines(f, 15_000));
    for (const f of ['graph-audits.ndjson', 'ual-search-unifiedauditlog.csv', 'AuditLogs_2025-09-26.csv']) {
      copyFileSync(join(SHAPES, f), join(input, f));
    }
  });
  afterAll(() => tmp.cleanup());

  it('ends identical to an uninterrupted import', { timeout: 300_000 }, async () => {
    const reference = join(tmp.dir, 'reference');
    expect(await runImport(reference, input).done).toBe(0);
    const expected = await fingerprint(reference);
    expect(expected.signins).toMatchObject({ count: 60_000 });
    expect(expected.evidence).toHaveLength(7);

    // Each file's original is kept while its records load, inside its transaction: killing as the k-th appears
    // lands in or just after the load of file k (the 7 files sort as AuditLogs, graph-audits, signins-0..3, ual-…).
    const committed: number[] = [];
    for (const k of [1, 3, 5, 7]) {
      const killed = join(tmp.dir, `killed-${k}`);
      const run = runImport(killed, input);
      await untilOriginals(killed, k);
      run.child.kill('SIGKILL');
      await run.done;
      committed.push(((await fingerprint(killed)).evidence as unknown[]).length);
      expect(await runImport(killed, input).done).toBe(0);
      expect(await fingerprint(killed)).toEqual(expected);
    }
    // The kills did interrupt the imports (a file's evidence row commits with its rows).
    expect(committed.filter((n) => n < 7).length).toBeGreaterThanOrEqual(3);
    expect(committed.slice(0, 3).every((n) => n <= 5)).toBe(true);

    // Killed while compaction merges the sign-in files: the merged file never committed, the four small files
    // still answer every query, and the rerun compacts them.
    const killed = join(tmp.dir, 'killed-compaction');
    const run = runImport(killed, input);
    await untilOriginals(killed, 7);
    await untilLakeTmp(killed);
    run.child.kill('SIGKILL');
    await run.done;
    const atKill = await fingerprint(killed);
    expect(atKill.lakeFiles).not.toEqual(expected.lakeFiles);
    expect({ ...atKill, lakeFiles: undefined }).toEqual({ ...expected, lakeFiles: undefined });
    expect(await runImport(killed, input).done).toBe(0);
    expect(await fingerprint(killed)).toEqual(expected);
  });
});
