/**
 * Which channels a message goes to. Without routes, every channel takes every message at or above its
 * min_severity; with routes, a message goes to the channels of every route it matches (severity, rule, tag and
 * tenant, each absent condition matching everything), still subject to each channel's min_severity. Reminders
 * go to every channel: an exception's owner must hear of its expiry whatever the severity filters say.
 */
import { atLeast } from '../core/severity.js';
import type { NotifyConfig, RouteConfig } from './config.js';
import type { Notification } from './message.js';

const intersects = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a === undefined || a.some((x) => b.includes(x));

function matches(route: RouteConfig, n: Notification, tenant: string | undefined): boolean {
  return (
    (route.min_severity === undefined || atLeast(n.severity, route.min_severity)) &&
    intersects(route.rules, n.rule_ids) &&
    intersects(route.tags, n.tags) &&
    (route.tenants === undefined || (tenant !== undefined && route.tenants.includes(tenant)))
  );
}

/** The channel names a message goes to, in configuration order. */
export function channelsFor(n: Notification, config: NotifyConfig, tenant?: string): string[] {
  const always = n.kind === 'exception-reminder' || n.kind === 'test';
  const named = config.routes
    ? new Set(config.routes.filter((r) => always || matches(r, n, tenant)).flatMap((r) => r.channels))
    : undefined;
  return [...config.channels.entries()]
    .filter(([name, c]) => (named ? named.has(name) : true) && (always || atLeast(n.severity, c.min_severity)))
    .map(([name]) => name);
}
