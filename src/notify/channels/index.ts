/** A configured channel turned into a sender; its secrets are read here, when it is used, never stored. */
import type { ChannelConfig } from '../config.js';
import { readSecret, readUrl } from '../config.js';
import type { ChannelSender } from './channel.js';
import { emailSender } from './email.js';
import { slackSender } from './slack.js';
import { syslogSender } from './syslog.js';
import { teamsSender } from './teams.js';
import { webhookSender } from './webhook.js';

export function senderFor(c: ChannelConfig): ChannelSender {
  switch (c.type) {
    case 'webhook':
      return webhookSender(readUrl(c.url, 'webhook URL'), readSecret(c.signing_secret, 'webhook signing secret'));
    case 'teams':
      return teamsSender(readUrl(c.url, 'Teams Workflows webhook URL'));
    case 'slack':
      return slackSender(readUrl(c.url, 'Slack incoming webhook URL'));
    case 'email':
      return emailSender(c, c.smtp_password ? readSecret(c.smtp_password, 'SMTP password') : undefined);
    case 'syslog':
      return syslogSender(c);
  }
}
