/**
 * The RoutingContext notify needs, built from the modules that own each part (notify itself knows only core and
 * store): incidents from investigate, alerts from detect, exceptions from posture, suppressions from serve's
 * triage. `notify send`, watch and serve use this one builder, so all deliverers keep quiet about the same alerts.
 */
import type { Alert } from '../detect/alert.js';
import { listAlerts } from '../detect/list-alerts.js';
import { buildIncidents } from '../investigate/incidents.js';
import { loadNotifyConfig, type NotifyConfig, type RouteConfig } from '../notify/config.js';
import { type NotifyRun, notifyWorkspace } from '../notify/notify-workspace.js';
import type { Exemption, RoutableAlert, RoutingContext } from '../notify/plan.js';
import type { DeliveryResult } from '../notify/sender.js';
import { readRegister, registerPath } from '../posture/exceptions/register.js';
import { type ExceptionEntry, endOf, exceptionState } from '../posture/exceptions/schema.js';
import { activeSuppressions, suppressionFor } from '../serve/triage.js';
import type { Workspace } from '../store/workspace.js';

const norm = (s: string) => s.trim().toLowerCase();

/**
 * The valid exception that covers an alert: every user and service principal the alert names is a subject of it
 * (by UPN, name or object id). Alerts of the compensating rules an exception generates (tag premortem.exception)
 * are never covered: they are the closer watch the exception promised.
 */
export function exceptionFor(
  alert: RoutableAlert,
  register: readonly ExceptionEntry[],
  now: Date,
): ExceptionEntry | undefined {
  if (alert.tags.includes('premortem.exception')) return undefined;
  const who = [...alert.entities.users, ...alert.entities.service_principals].map(norm);
  if (who.length === 0) return undefined;
  const idsOf = (name: string) =>
    alert.objects.filter((o) => [o.name, o.upn].some((k) => k && norm(k) === name)).map((o) => norm(o.id));
  return register.find((e) => {
    if (exceptionState(e, now) !== 'valid') return false;
    const s = e.subjects;
    const names = new Set([...s.users, ...s.service_principals, ...s.apps, ...s.other].map(norm));
    return who.every((w) => names.has(w) || idsOf(w).some((id) => names.has(id)));
  });
}

/** The routing context for a workspace at `now`; `warn` hears of an exceptions register that cannot be read. */
export async function routingContext(
  ws: Workspace,
  now: Date,
  warn: (text: string) => void = () => undefined,
  tenant?: string,
): Promise<RoutingContext> {
  let register: ExceptionEntry[] = [];
  try {
    register = readRegister(registerPath(ws.dir));
  } catch (err) {
    // Fail loud, not quiet: an unreadable register excuses nothing, so every alert is told.
    warn(
      `exceptions.yaml cannot be read, no alert is treated as excepted: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const suppressions = await activeSuppressions(ws, now);
  let alerts: Alert[] | undefined;
  return {
    incidents: () => buildIncidents(ws),
    alerts: async () => {
      alerts ??= await listAlerts(ws);
      return alerts;
    },
    exemption: (a): Exemption | undefined => {
      const s = suppressionFor(a as Alert, suppressions);
      if (s) return { kind: 'suppression', id: s.id };
      const e = exceptionFor(a, register, now);
      return e ? { kind: 'exception', id: e.id } : undefined;
    },
    exceptions: () =>
      register.map((e) => ({
        id: e.id,
        control: e.control,
        owner: e.owner,
        approver: e.approver,
        ends: endOf(e.expires),
        subjects: Object.values(e.subjects).flat(),
        compensating_controls: e.compensating_controls,
      })),
    ...(tenant ? { tenant } : {}),
  };
}

/**
 * Routes and delivers for a running watcher (watch, serve): a failure is reported and the watcher goes on (the
 * outbox keeps what was not routed, the deliveries what was not sent), never stopping detection.
 */
export async function deliverAsWeGo(
  ws: Workspace,
  config: NotifyConfig,
  report: (text: string) => void,
  onDeliveries: (results: readonly DeliveryResult[]) => void = () => undefined,
): Promise<NotifyRun | undefined> {
  try {
    const run = await notifyWorkspace(ws, await routingContext(ws, new Date(), report), config);
    const { plan, send } = run;
    onDeliveries(send.deliveries);
    if (plan.messages.length > 0 || send.attempted > 0)
      report(
        `notify: ${plan.messages.length} message(s) from ${plan.changes} alert change(s); ${send.delivered} delivered, ${send.retrying} to retry, ${send.failed} failed`,
      );
    return run;
  } catch (err) {
    report(`notify: ${err instanceof Error ? err.message : String(err)}; the outbox keeps it for the next poll`);
    return undefined;
  }
}

/**
 * Routes and delivers for one workspace (fleet: one tenant's): the notify.yaml in `configDir` (default the
 * workspace), with `routes` in place of the file's when given, routing as `tenant`. Without channels nothing is
 * routed or sent: the outbox keeps the messages for when channels are configured (undefined is returned).
 * Throws a PremortemError on a bad configuration.
 */
export async function deliverForWorkspace(
  ws: Workspace,
  options: {
    tenant?: string;
    routes?: readonly RouteConfig[];
    warn?: (text: string) => void;
    configDir?: string;
    env?: NodeJS.ProcessEnv;
    now?: () => Date;
  } = {},
): Promise<NotifyRun | undefined> {
  const loaded = loadNotifyConfig(options.configDir ?? ws.dir, options.env ?? process.env);
  if (loaded.channels.size === 0) return undefined;
  const config = options.routes ? { ...loaded, routes: options.routes } : loaded;
  const now = options.now ?? (() => new Date());
  const ctx = await routingContext(ws, now(), options.warn, options.tenant);
  return notifyWorkspace(ws, ctx, config, { now });
}
