import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { type ImportProgress, importPaths } from './import-files.js';

/** Enough small Graph sign-ins that DuckDB's statements over them run long enough to report progress. */
async function writeSignins(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i += 10_000) {
    const lines: string[] = [];
    for (let n = i; n < Math.min(count, i + 10_000); n++) {
      lines.push(
        JSON.stringify({
          id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
          createdDateTime: new Date(Date.UTC(2025, 8, 1) + n * 1000).toISOString(),
          userPrincipalName: `user${n % 500}@contoso-progress.com`,
          ipAddress: `198.51.100.${n % 250}`,
          appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
          clientAppUsed: 'Browser',
          status: { errorCode: n % 5 === 0 ? 50126 : 0 },
        }),
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok) => out.end(() => ok()));
}

describe('import progress', () => {
  let ws: Workspace;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => ({ ws, dir, cleanup } = await tempWorkspace()));
  afterEach(() => cleanup());

  it('moves through a file DuckDB loads itself, never backwards, and ends at its size', async () => {
    const path = join(dir, 'signins.ndjson');
    await writeSignins(path, 400_000);
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
