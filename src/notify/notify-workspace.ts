/**
 * The one entry point every deliverer uses (`notify send`, watch, serve, fleet): route what the outbox holds, then
 * deliver what is due. Fleet calls it per tenant workspace with that tenant's RoutingContext.
 */
import type { Workspace } from '../store/workspace.js';
import type { NotifyConfig } from './config.js';
import { type PlanResult, planNotifications, type RoutingContext } from './plan.js';
import { deliverDue, type SendOptions, type SendResult } from './sender.js';

export interface NotifyRun {
  plan: PlanResult;
  send: SendResult;
}

export async function notifyWorkspace(
  ws: Workspace,
  ctx: RoutingContext,
  config: NotifyConfig,
  options: SendOptions & { flushDigest?: boolean } = {},
): Promise<NotifyRun> {
  const now = options.now ?? (() => new Date());
  const plan = await planNotifications(ws, ctx, config, {
    now: now(),
    ...(options.flushDigest ? { flushDigest: true } : {}),
  });
  const send = await deliverDue(ws, config, options);
  return { plan, send };
}
