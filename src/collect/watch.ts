/**
 * The watch loop (`premortem watch`): poll Graph, run detection on what arrived, report, wait, again. Detection is
 * one injected step, so the loop knows nothing of rules and can be tested with any detector. A poll that fails on
 * Graph's side (throttled or down past every retry) is reported and the loop goes on; rejected credentials or a
 * missing permission stop it, as does any error that is not Graph's (a bug must not loop silently). Aborting the
 * signal (SIGINT, SIGTERM) ends the loop between two pages or during the wait: never inside a transaction.
 *
 * Detection runs as soon as an endpoint of the poll has stored new records (the poll calls `landed`), not once the
 * whole poll is done: Graph's request limits pace the endpoints after the sign-ins by a second or more each, so an
 * alert on the sign-ins waited up to ten seconds for them. Detection is incremental (detect/incremental.ts), so each
 * run reads only what arrived since the last one and skips rules over tables that got nothing.
 */
import { type Clock, realClock } from '../sources/graph/clock.js';
import { GraphError } from '../sources/graph/errors.js';
import type { CollectSummary, EndpointResult } from './collect-logs.js';

/** An alert as watch reports it (detect's Alert fits): id, title and severity at least. */
export interface WatchAlert {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
}

/** What arrived since the poll began: the endpoints read so far (all of them at the poll's end). */
export interface Arrived {
  readonly endpoints: readonly EndpointResult[];
  /** Records they stored. */
  readonly loaded: number;
}

/** Runs detection on what the store holds that no run has seen, and returns the alerts it raised or extended. */
export type DetectionStep<A extends WatchAlert> = (arrived: Arrived) => Promise<readonly A[]>;

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
  /**
   * One collection pass (collectLogs bound to the workspace and client); it calls `landed` (awaited) after each
   * endpoint that stored new records. A poll that never calls it is detected on once, at its end.
   */
  readonly poll: (
    signal: AbortSignal | undefined,
    landed: (endpoint: EndpointResult) => Promise<void>,
  ) => Promise<CollectSummary>;
  readonly detect?: DetectionStep<A>;
  /**
   * Told about the alerts of each detection run as soon as it ends, during a poll too; awaited, so a caller can show
   * them and mark them announced before the next run.
   */
  readonly onAlerts?: (alerts: readonly A[], poll: number) => unknown;
  /** Told about each poll when it ends, with every alert its detection runs raised; awaited. */
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
    const raised: A[] = [];
    let error: string | undefined;
    let detections = 0;
    const detect = async (step: DetectionStep<A>, arrived: Arrived) => {
      detections++;
      const alerts = await step(arrived);
      raised.push(...alerts);
      await o.onAlerts?.(alerts, polls);
    };
    const soFar: EndpointResult[] = [];
    let loadedSoFar = 0;
    const landed = async (endpoint: EndpointResult) => {
      soFar.push(endpoint);
      loadedSoFar += endpoint.loaded;
      if (o.detect) await detect(o.detect, { endpoints: [...soFar], loaded: loadedSoFar });
    };
    try {
      summary = await o.poll(o.signal, landed);
      // The first poll always runs detection: data imported or collected before this watch began is covered too.
      // Otherwise a run at the end only when records arrived that no run during the poll has seen.
      const unseen = summary.totals.loaded > loadedSoFar;
      if (o.detect && ((polls === 1 && detections === 0) || unseen))
        await detect(o.detect, { endpoints: summary.endpoints, loaded: summary.totals.loaded });
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
