/**
 * What every request handler shares: the workspace (owned by this process), the login throttle, the clock, the
 * optional OIDC sign-in, and one queue through which every workspace access runs. The watcher's polls go through
 * the same queue, so a page never reads half of a page being stored and a triage write never lands inside a
 * collection transaction (DuckDB gives the process one connection and one writer).
 */
import type { FleetStatus } from '../fleet/status.js';
import type { Workspace } from '../store/workspace.js';
import type { OidcClient } from './oidc.js';
import { LoginThrottle } from './throttle.js';
import { ViewCache, viewFingerprint } from './view-cache.js';

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs fn after everything queued before it has finished (or failed). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export interface ServeContext {
  readonly ws: Workspace;
  readonly queue: SerialQueue;
  readonly throttle: LoginThrottle;
  /** The clock the pages judge "last 24 hours" and expiries by (tests and the demo pin it). */
  readonly now: () => Date;
  readonly oidc?: OidcClient;
  /** True when cookies must carry Secure (served over TLS). */
  readonly secureCookies: boolean;
  /** The fleet's status, when serve was given a fleet (--fleet, --redis): read from Redis, not the workspace. */
  readonly fleet?: () => Promise<FleetStatus>;
  /**
   * A computed view for `key`, from the cache while the workspace has not changed (view-cache.ts); runs in the
   * queue.
   */
  view<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Runs a change to the workspace (a triage, a collection poll, detection) in the queue; cached views expire. */
  change<T>(fn: () => Promise<T>): Promise<T>;
}

export function createContext(
  ws: Workspace,
  options: { now?: () => Date; oidc?: OidcClient; secureCookies?: boolean; fleet?: () => Promise<FleetStatus> } = {},
): ServeContext {
  const queue = new SerialQueue();
  const cache = new ViewCache();
  const now = options.now ?? (() => new Date());
  let generation = 0;
  return {
    ws,
    queue,
    throttle: new LoginThrottle(),
    now,
    ...(options.oidc ? { oidc: options.oidc } : {}),
    secureCookies: options.secureCookies ?? false,
    ...(options.fleet ? { fleet: options.fleet } : {}),
    view: (key, load) => queue.run(() => cache.get(key, viewFingerprint(ws, generation, now()), load)),
    change: (fn) =>
      queue.run(async () => {
        try {
          return await fn();
        } finally {
          generation++;
        }
      }),
  };
}
