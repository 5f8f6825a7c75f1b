/** What every channel implements: send one message once, and say how it went without quoting a secret. */
import type { Notification } from '../message.js';

/** One attempt's outcome. `detail` goes to the delivery log: it never holds a URL, a secret or a body. */
export type SendOutcome = { ok: true; detail: string } | { ok: false; permanent: boolean; detail: string };

export interface ChannelSender {
  /** `deliveryId` is the Standard Webhooks webhook-id (and the email Message-ID, the syslog MSGID's source). */
  send(deliveryId: string, message: Notification, now: Date): Promise<SendOutcome>;
}
