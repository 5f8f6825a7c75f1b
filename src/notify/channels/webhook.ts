/**
 * The generic webhook: the message as `{type, timestamp, data}` (Standard Webhooks' payload structure), signed
 * per Standard Webhooks with the channel's secret. Each attempt is signed afresh (a new timestamp, so a retry an
 * hour later is not refused as a replay); the webhook-id stays the delivery's, so receivers deduplicate.
 */
import { eventType, type Notification } from '../message.js';
import { signRequest } from '../standard-webhooks.js';
import type { ChannelSender } from './channel.js';
import { postJson } from './http-post.js';

export function webhookPayload(n: Notification, now: Date): string {
  return JSON.stringify({ type: eventType(n.kind), timestamp: now.toISOString(), data: n });
}

export function webhookSender(url: string, secret: string): ChannelSender {
  return {
    send: (deliveryId, n, now) => {
      const body = webhookPayload(n, now);
      return postJson(url, body, { ...signRequest(secret, deliveryId, body, now) });
    },
  };
}
