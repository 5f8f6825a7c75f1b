import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGraphSignins } from '../../test/graph-signins.js';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { type ImportProgress, importPaths } from './import-files.js';

describe('import progress', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('moves through a file DuckDB loads itself, never backwards, and ends at its size', async () => {
    const path = join(dir, 'signins.ndjson');
    // Enough sign-ins that DuckDB's statements over them run long enough to report progress.
    await writeGraphSignins(path, 400_000, {
      start: Date.UTC(2025, 8, 1),
      stepMs: 1000,
      users: 500,
      domain: 'contoso-progress.com',
      ip: (n) => `198.51.100.${n % 250}`,
      errorCode: (n) => (n % 5 === 0 ? 50126 : 0),
    });
    const seen: ImportProgress[] = [];
    const summary = await importPaths(ws, [path], { onProgress: (p) => seen.push(p) });
    expect(summary.files[0]?.loader).toBe('ndjson-direct');
    expect(summary.totals.loaded).toBe(400_000);
    const total = seen[0]?.bytesTotal ?? 0;
    expect(total).toBeGreaterThan(0);
    const done = seen.map((p) => p.bytesDone);
    // Readings between the start and the end: the bar moved while DuckDB read the file.
    expect(done.filter((b) => b > 0 && b < total).length).toBeGreaterThan(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    // Progress tracking is off again afterwards.
    expect(await ws.scalar("SELECT current_setting('enable_progress_bar')")).toBe(false);
  });
});
