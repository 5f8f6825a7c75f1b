/**
 * Runs the premortem CLI in a child process, as a user would, for what only a process shows: signals, a kill
 * mid-run. The built bin when the build is newer than every source file (`npm test` builds first), else tsx on
 * src/cli/index.ts: tsx compiles the whole program again in every child, seconds of CPU each.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../shared-data.js';

export const CLI_ENTRY = join(PROJECT_ROOT, 'src/cli/index.ts');
/** The built bin (npm run build first): starts in about a second where tsx takes several. */
export const BUILT_ENTRY = join(PROJECT_ROOT, 'dist/cli/index.js');

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves when the process exits. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when stderr has printed text matching the pattern. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

let fresh: boolean | undefined;

/** Whether dist/ was built after the last change to any source file under src/ (tsc rewrites every output). */
export function builtIsFresh(): boolean {
  if (fresh !== undefined) return fresh;
  let built: number;
  try {
    built = statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    fresh = false;
    return fresh;
  }
  const src = join(PROJECT_ROOT, 'src');
  fresh = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .every((f) => statSync(join(src, f)).mtimeMs <= built);
  return fresh;
}

/** `built`: true for the built bin, false for tsx, unset for the built bin when it is fresh (builtIsFresh). */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { built?: boolean } = {},
): CliRun {
  const entry = (options.built ?? builtIsFresh()) ? [BUILT_ENTRY] : ['--import', 'tsx', CLI_ENTRY];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(stderr)) w.resolve();
      else waiters.push(w);
    }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    stderrMatches: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        child.on('close', () => reject(new Error(`exited before stderr matched ${pattern}:\n${stderr}`)));
      }),
  };
}
