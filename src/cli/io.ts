/**
 * Where the command line writes: the process's stdout and stderr, or, inside `runCli(argv, io)`, the writers a
 * caller (a test, an embedding) passes. Held in an AsyncLocalStorage for the duration of one run, so every command
 * writes through `stdout()` / `stderr()` without each taking the writers as a parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The two streams of a run. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (live progress lines); false for captured output. */
  readonly stderrIsTTY?: boolean;
}

/** The process's own streams. */
export const PROCESS_IO: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
};

const current = new AsyncLocalStorage<CliIo>();

/** The streams of the run in progress (the process's outside a run). */
export function cliIo(): CliIo {
  return current.getStore() ?? PROCESS_IO;
}

/** Runs fn with its output going to io. */
export function withCliIo<T>(io: CliIo, fn: () => Promise<T>): Promise<T> {
  return current.run(io, fn);
}

/** Writes to the run's stdout. */
export function stdout(text: string): void {
  cliIo().stdout(text);
}

/** Writes to the run's stderr. */
export function stderr(text: string): void {
  cliIo().stderr(text);
}
