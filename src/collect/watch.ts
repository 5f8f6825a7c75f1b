/**
 * The watch loop (`premortem watch`): poll Graph, run detection on what arrived, report, wait, again. Detection is
 * one injected step, so the loop knows nothing of rules and can be tested with any detector. A poll that fails on
 * Graph's side (throttled or down past every retry) is reported and the loop goes on; rejected credentials or a
 * missing permission stop it, as does any error that is not Graph's (a bug must not loop silently). Aborting the
 * signal (SIGINT, SIGTERM) ends the loop between two pages or during the wait: never inside a transaction.
 */
import { type Clock, realClock } from '../sources/graph/clock.js';
import { GraphError } from '../sources/graph/errors.js';
import type { CollectSummary } from './collect-logs.js';

/** An alert as watch reports it (detect's Alert fits): id, title and severity at least. */
export interface WatchAlert {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
}

/** Runs detection after a poll and returns the alerts it raised or extended. */
export type DetectionStep<A extends WatchAlert> = (arrived: CollectSummary) => Promise<readonly A[]>;

export interface PollReport<A extends WatchAlert> {
  readonly poll: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary?: CollectSummary;
  readonly alerts: readonly A[];
  /** Why the poll failed (Graph unavailable); the loop goes on. */
  readonly error?: string;
}

export interface WatchOptions<A extends WatchAlert> {
  readonly intervalMs: number;
  /** One poll, then stop. */
  readonly once?: boolean;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** One collection pass (collectLogs bound to the workspace and client). */
  readonly poll: (signal: AbortSignal | undefined) => Promise<CollectSummary>;
  readonly detect?: DetectionStep<A>;
  /** Told about each poll; awaited, so a caller can mark its alerts announced once it has shown them. */
  readonly onPoll?: (report: PollReport<A>) => unknown;
}

const fatal = (err: unknown) =>
  !(err instanceof GraphError) ||
  err.failure === 'auth' ||
  err.failure === 'permission' ||
  err.failure === 'bad-request';

/** Runs until the signal aborts (or after one poll with `once`); returns how many polls ran. */
export async function watchLoop<A extends WatchAlert>(o: WatchOptions<A>): Promise<{ polls: number; alerts: number }> {
  const clock = o.clock ?? realClock;
  let polls = 0;
  let alerts = 0;
  while (!o.signal?.aborted) {
    const started = clock.now();
    polls++;
    let summary: CollectSummary | undefined;
    let raised: readonly A[] = [];
    let error: string | undefined;
    try {
      summary = await o.poll(o.signal);
      // The first poll always runs detection: data imported or collected before this watch began is covered too.
      if (o.detect && (polls === 1 || summary.totals.loaded > 0)) raised = await o.detect(summary);
    } catch (err) {
      if (o.signal?.aborted) break;
      if (fatal(err)) throw err;
      error = (err as Error).message;
    }
    alerts += raised.length;
    await o.onPoll?.({
      poll: polls,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(clock.now()).toISOString(),
      ...(summary ? { summary } : {}),
      alerts: raised,
      ...(error ? { error } : {}),
    });
    if (o.once) break;
    try {
      await clock.sleep(Math.max(0, started + o.intervalMs - clock.now()), o.signal);
    } catch (err) {
      if (o.signal?.aborted) break;
      throw err;
    }
  }
  return { polls, alerts };
}
