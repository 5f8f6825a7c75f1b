/** A configured channel turned into a sender; its secrets are read here, when it is used, never stored. */
import type { ChannelConfig } from '../config.js';
import { readSecret, readUrl } from '../config.js';
import type { ChannelSender } from './channel.js';
import { webhookSender } from './webhook.js';

export function senderFor(c: ChannelConfig): ChannelSender {
  switch (c.type) {
    case 'webhook':
      return webhookSender(readUrl(c.url, 'webhook URL'), readSecret(c.signing_secret, 'webhook signing secret'));
    default:
      return {
        send: async () => ({ ok: false, permanent: false, detail: `channel type ${c.type} is not available yet` }),
      };
  }
}
