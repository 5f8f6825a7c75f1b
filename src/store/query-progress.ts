import type { Workspace } from './workspace.js';

/**
 * Runs `work` while polling DuckDB's own progress through whichever statement the workspace is running. A
 * fast-path import is a handful of statements that each read the whole file (gigabytes for a month of sign-ins),
 * and without this its progress bar sat at 0 % until the end. DuckDB counts a file scan's progress by the bytes
 * it has read and updates it a few times a second once a statement has run for a moment; `onPercent` sees each
 * reading, 0 to 100, restarting with each statement. Progress tracking is switched on (without DuckDB printing
 * anything) only for the duration of `work`, and off again however `work` ends.
 */
export async function withQueryProgress<T>(
  ws: Workspace,
  onPercent: ((percent: number) => void) | undefined,
  work: () => Promise<T>,
  everyMs = 250,
): Promise<T> {
  // Nobody watching (--json, a script, the bench): no tracking at all.
  if (onPercent === undefined) return work();
  await ws.run('SET enable_progress_bar = true');
  await ws.run('SET enable_progress_bar_print = false');
  const timer = setInterval(() => {
    const percent = ws.db.progress.percentage;
    // -1: no statement running, or one too young to have a reading.
    if (percent >= 0) onPercent(Math.min(percent, 100));
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await ws.run('RESET enable_progress_bar_print').catch(() => undefined);
    await ws.run('RESET enable_progress_bar').catch(() => undefined);
  }
}
