import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './workspace.js';
import { cachedBuild, cacheKey, TEST_CACHE_ENV } from './workspace-cache.js';

describe('cachedBuild', () => {
  let root: ReturnType<typeof tempDir>;
  let before: string | undefined;
  beforeEach(() => {
    root = tempDir();
    before = process.env[TEST_CACHE_ENV];
    process.env[TEST_CACHE_ENV] = root.dir;
  });
  afterEach(() => {
    if (before === undefined) delete process.env[TEST_CACHE_ENV];
    else process.env[TEST_CACHE_ENV] = before;
    root.cleanup();
  });

  const writer = (calls: string[]) => async (dir: string) => {
    calls.push(dir);
    writeFileSync(join(dir, 'data.txt'), `built ${calls.length}`);
    return { n: calls.length };
  };

  it('builds once per key, and every caller gets a copy of its own with the build facts', async () => {
    const calls: string[] = [];
    const [a, b] = await Promise.all([cachedBuild('k', writer(calls)), cachedBuild('k', writer(calls))]);
    expect(calls).toHaveLength(1);
    expect(a.dir).not.toBe(b.dir);
    expect(a.meta).toEqual({ n: 1 });
    expect(b.meta).toEqual({ n: 1 });
    writeFileSync(join(a.dir, 'data.txt'), 'changed by a test');
    expect(readFileSync(join(b.dir, 'data.txt'), 'utf8')).toBe('built 1');
    const c = await cachedBuild('k', writer(calls));
    expect(readFileSync(join(c.dir, 'data.txt'), 'utf8')).toBe('built 1');
    expect(existsSync(join(c.dir, 'meta.json'))).toBe(false);
    expect((await cachedBuild('other', writer(calls))).meta).toEqual({ n: 2 });
  });

  it('takes over a lock whose holder is gone, and a failed build leaves no lock behind', async () => {
    mkdirSync(join(root.dir, 'k.lock'));
    writeFileSync(join(root.dir, 'k.lock', 'pid'), '999999999');
    const calls: string[] = [];
    expect((await cachedBuild('k', writer(calls))).meta).toEqual({ n: 1 });
    await expect(
      cachedBuild('broken', async () => {
        throw new Error('build failed');
      }),
    ).rejects.toThrow('build failed');
    expect(existsSync(join(root.dir, 'broken.lock'))).toBe(false);
    expect(existsSync(join(root.dir, 'broken'))).toBe(false);
  });

  it('builds into the caller folder when there is no cache (a script, not a test run)', async () => {
    delete process.env[TEST_CACHE_ENV];
    const calls: string[] = [];
    const a = await cachedBuild('k', writer(calls));
    const b = await cachedBuild('k', writer(calls));
    expect(calls).toEqual([a.dir, b.dir]);
  });

  it('keys differ when any part differs', () => {
    expect(cacheKey({ seed: 1, rules: ['a'] })).not.toBe(cacheKey({ seed: 1, rules: ['b'] }));
    expect(cacheKey({ seed: 1 })).toBe(cacheKey({ seed: 1 }));
  });
});
