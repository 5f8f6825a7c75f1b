import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Workspaces that many test files build the same way (the seed-003 month, the burst month) are built once per
 * `vitest run` and copied. One build simulates, imports and detects a whole month: about a minute and a half of
 * CPU, and a dozen files need one. The cache folder is made by test/global-setup.ts and removed when the run ends;
 * without it (a script importing these helpers) every call builds its own. A copy is a plain folder copy: the
 * lake catalog holds paths relative to the workspace and the views are rebuilt on open (store/lake.ts).
 */
export const TEST_CACHE_ENV = 'PREMORTEM_TEST_CACHE';

const META = 'meta.json';
/** A build that another worker holds for longer than this is taken over (its worker was killed mid-build). */
const WAIT_MS = 15 * 60_000;

export interface CachedCopy<M> {
  /** A fresh folder of this caller's own, holding what the build wrote. */
  readonly dir: string;
  /** What the build returned (JSON round trip). */
  readonly meta: M;
}

export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * Hands the caller a copy of what `build(dir)` wrote for this key (building it first if no file of the run has).
 * `build` must leave nothing open in `dir` (close the workspace) and return JSON-serialisable facts.
 */
export async function cachedBuild<M>(key: string, build: (dir: string) => Promise<M>): Promise<CachedCopy<M>> {
  const mine = mkdtempSync(join(tmpdir(), 'premortem-cached-'));
  const root = process.env[TEST_CACHE_ENV];
  if (!root || !existsSync(root)) return { dir: mine, meta: await build(mine) };
  const done = join(root, key);
  await ensureBuilt(done, build);
  cpSync(done, mine, { recursive: true });
  rmSync(join(mine, META), { force: true });
  return { dir: mine, meta: JSON.parse(readFileSync(join(done, META), 'utf8')) as M };
}

async function ensureBuilt<M>(done: string, build: (dir: string) => Promise<M>): Promise<void> {
  const lock = `${done}.lock`;
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(join(done, META))) {
    if (!takeLock(lock)) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for the cached build ${done}`);
      await sleep(250);
      continue;
    }
    try {
      const tmp = `${done}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
      const meta = await build(tmp);
      writeFileSync(join(tmp, META), JSON.stringify(meta));
      renameSync(tmp, done);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** mkdir is atomic: one worker wins. A lock whose holder process is gone is stale and taken over. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    const pid = Number(readFileSyncOr(join(lock, 'pid')));
    if (pid > 0 && !alive(pid)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function readFileSyncOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
