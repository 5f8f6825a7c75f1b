/**
 * Probe group 4: custody with holes. A configuration snapshot folder's files got evidence rows but no kept
 * original, so evidence verify right after importing the demo tenant reported them missing and exited 1. An import
 * that died (out of memory, killed) after keeping a file's copy, or stopped on an input error, left the copy with no
 * evidence row.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';
import { laSigninCsv, writeSpray } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

describe('probe: custody of configuration snapshots', () => {
  it('evidence verify passes right after importing the demo tenant configuration', () => {
    const demo = join(dir, 'demo');
    expect(premortem(['simulate', '--out', demo, '--seed', '7']).code).toBe(0);
    const ws = join(dir, 'ws');
    const imported = premortem(['--workspace', ws, 'import', join(demo, 'config')]);
    expect(imported.code, imported.stderr).toBe(0);
    const verified = premortem(['--workspace', ws, '--json', 'evidence', 'verify']);
    expect(verified.code, verified.stdout).toBe(0);
    const report = JSON.parse(verified.stdout) as { ok: boolean; checked: number; files: { state: string }[] };
    // Every resource file of the folder (all but the manifest) is an input whose kept original verifies.
    const files = readdirSync(join(demo, 'config')).filter((f) => f.endsWith('.json'));
    expect(report.checked).toBeGreaterThanOrEqual(files.length - 1);
    expect(report.files.filter((c) => c.state !== 'ok')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('show UID refuses a kept original that was altered or deleted, plainly (exit 2, no stack trace)', () => {
    const ws = join(dir, 'ws-altered');
    const file = writeSpray(dir, 'spray.ndjson');
    const imported = premortem(['--workspace', ws, '--json', 'import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    const sha = (JSON.parse(imported.stdout) as { files: { sha256: string }[] }).files[0]?.sha256 ?? '';
    const kept = join(ws, 'originals', `${sha}.gz`);
    expect(premortem(['--workspace', ws, 'show', 'probe-signin-0']).code).toBe(0);

    // A valid gzip holding other bytes: readable, but no longer the evidence it claims to be.
    writeFileSync(kept, gzipSync(Buffer.from('{"id":"probe-signin-0","createdDateTime":"2025-09-09T18:00:00Z"}\n')));
    const altered = premortem(['--workspace', ws, 'show', 'probe-signin-0']);
    expect(altered.code).toBe(2);
    expect(altered.stderr).toMatch(/is modified/);

    rmSync(kept);
    const deleted = premortem(['--workspace', ws, 'show', 'probe-signin-0']);
    expect(deleted.code).toBe(2);
    expect(deleted.stderr).toMatch(/is missing/);
    expect(deleted.stderr).not.toMatch(/\n\s+at /);
  });

  it('an import that dies after keeping a copy, or stops on an input error, leaves no copy without its evidence row', () => {
    const ws = join(dir, 'ws-died');
    const killed = premortem(['--workspace', ws, 'import', writeSpray(dir, 'died.ndjson')], {
      env: { NODE_OPTIONS: `--require ${resolve(import.meta.dirname, 'die-after-keeping-original.cjs')}` },
    });
    expect(killed.code).toBeNull(); // died by the signal, its copy kept and not recorded
    const kept = () => readdirSync(join(ws, 'originals')).sort();
    const orphan = kept()[0] ?? '';
    expect(kept()).toEqual([orphan]);

    const next = premortem([
      '--workspace',
      ws,
      '--json',
      'import',
      writeSpray(dir, 'next.ndjson', [], { appDisplayName: 'Outlook' }),
    ]);
    expect(next.code, next.stderr).toBe(0);
    expect((JSON.parse(next.stdout) as { removedOriginals?: string[] }).removedOriginals).toEqual([
      orphan.replace('.gz', ''),
    ]);

    // Refused in the load (too many columns), after its copy was kept.
    const wide = join(dir, 'too-wide.csv');
    writeFileSync(wide, laSigninCsv(1, undefined, 'wide', 1000));
    const refused = premortem(['--workspace', ws, 'import', wide]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/more than 1000 columns/);

    const evidence = premortem(['--workspace', ws, '--json', 'evidence']);
    const recorded = (JSON.parse(evidence.stdout) as { sha256: string }[]).map((e) => `${e.sha256}.gz`).sort();
    expect(recorded).toHaveLength(1);
    expect(kept()).toEqual(recorded);
  });
});
