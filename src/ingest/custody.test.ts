import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPremortem } from '../../test/cli.js';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { tempWorkspace } from '../../test/workspace.js';
import { PremortemError } from '../core/errors.js';
import { verifyEvidence } from '../store/evidence.js';
import { originalPath } from '../store/originals.js';
import type { Workspace } from '../store/workspace.js';
import { importPaths } from './import-files.js';
import { rawRecord } from './raw-record.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'test/fixtures/shapes', name);

describe('chain of custody: kept originals, verify, show', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('keeps each input compressed under its SHA-256 and verifies it', async () => {
    const s = await importPaths(ws, [fixture('graph-signins-v1-array.json'), fixture('ual-purview-new.csv')]);
    for (const f of s.files) expect(existsSync(originalPath(ws.dir, f.sha256))).toBe(true);
    expect((await verifyEvidence(ws)).map((c) => c.state)).toEqual(['ok', 'ok']);
  });

  it('reports a modified kept original and a missing one', async () => {
    const s = await importPaths(ws, [fixture('graph-audits.ndjson'), fixture('diag-PT1H.json')]);
    const [a, b] = s.files.map((f) => f.sha256);
    const kept = originalPath(ws.dir, a ?? '');
    const text = readFileSync(fixture('graph-audits.ndjson'), 'utf8').replace('Global Administrator', 'Global Reader');
    writeFileSync(kept, gzipSync(text));
    rmSync(originalPath(ws.dir, b ?? ''));
    const checks = await verifyEvidence(ws);
    expect(checks.find((c) => c.sha256 === a)).toMatchObject({ state: 'modified' });
    expect(checks.find((c) => c.sha256 === a)?.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(checks.find((c) => c.sha256 === b)).toMatchObject({ state: 'missing' });
  });

  it('shows the raw record of a JSON row exactly as it was in the file', async () => {
    await importPaths(ws, [fixture('graph-audits.ndjson')]);
    const uid = String(await ws.scalar("SELECT uid FROM audits WHERE activity_key = 'add member to role'"));
    const view = await rawRecord(ws, uid);
    const lines = readFileSync(fixture('graph-audits.ndjson'), 'utf8').split('\n');
    expect(view).toMatchObject({ table: 'audits', source_shape: 'graph-json', raw: lines[view.record_index] });
  });

  it('shows a pretty-printed record inside concatenated arrays and a CSV row', async () => {
    await importPaths(ws, [fixture('ual-extractor-suite.json'), fixture('AuditLogs_2025-09-26.csv')]);
    const role = await rawRecord(ws, 'a1b2c3d4-0000-4000-8000-000000000003');
    expect(role.record_index).toBe(2); // the first record of the second array
    expect(role.raw.startsWith('{\r\n')).toBe(true);
    expect(JSON.parse(role.raw).AuditData.Operation).toBe('Add member to role.');
    const uid = String(await ws.scalar("SELECT uid FROM audits WHERE activity_key = 'add member to role'"));
    const row = JSON.parse((await rawRecord(ws, uid)).raw);
    expect(row).toMatchObject({ activity: 'Add member to role', target1displayname: 'Octiga Cloud Security' });
  });

  it('names an unknown uid as a usage error', async () => {
    const err = await rawRecord(ws, 'no-such-uid').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PremortemError);
  });

  it('evidence verify exits 1 on a modified original; show --json prints the record', async () => {
    const s = await importPaths(ws, [fixture('graph-audits.ndjson')]);
    ws.close();
    const run = (args: string[]) => runPremortem(['--workspace', join(dir, 'ws'), ...args]);
    const listed = JSON.parse((await run(['--json', 'evidence'])).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ sha256: s.files[0]?.sha256, records_read: 2, records_loaded: 2 });
    const verified = await run(['--json', 'evidence', 'verify']);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, checked: 1 });
    expect(verified.code).toBe(0);
    const shown = JSON.parse(
      (await run(['--json', 'show', 'Directory_3f1a2b3c-0000-4000-8000-00000000a001_ROLE1_1'])).stdout,
    );
    expect(shown.raw).toContain('Directory_3f1a2b3c-0000-4000-8000-00000000a001_ROLE1_1');
    writeFileSync(originalPath(join(dir, 'ws'), s.files[0]?.sha256 ?? ''), 'not gzip');
    const tampered = await run(['--json', 'evidence', 'verify']);
    expect(JSON.parse(tampered.stdout).files[0].state).toBe('modified');
    expect(tampered.code).toBe(1);
    ws = await (await import('../store/workspace.js')).Workspace.open(join(dir, 'ws'));
  });
});
