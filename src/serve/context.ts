/**
 * What every request handler shares: the workspace (owned by this process), the login throttle, the clock, the
 * optional OIDC sign-in, and one queue through which every workspace access runs. The watcher's polls go through
 * the same queue, so a page never reads half of a page being stored and a triage write never lands inside a
 * collection transaction (DuckDB gives the process one connection and one writer).
 */
import type { Workspace } from '../store/workspace.js';
import type { OidcSettings } from './oidc.js';
import { LoginThrottle } from './throttle.js';

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
  readonly oidc?: OidcSettings;
  /** True when cookies must carry Secure (served over TLS). */
  readonly secureCookies: boolean;
}

export function createContext(
  ws: Workspace,
  options: { now?: () => Date; oidc?: OidcSettings; secureCookies?: boolean } = {},
): ServeContext {
  return {
    ws,
    queue: new SerialQueue(),
    throttle: new LoginThrottle(),
    now: options.now ?? (() => new Date()),
    ...(options.oidc ? { oidc: options.oidc } : {}),
    secureCookies: options.secureCookies ?? false,
  };
}
