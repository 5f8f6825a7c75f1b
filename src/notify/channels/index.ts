/** A configured channel turned into a sender; its secrets are read here, when it is used, never stored. */
import type { ChannelConfig } from '../config.js';
import { readSecret, readUrl } from '../config.js';
import type { ChannelSender } from './channel.js';
import { emailSender } from './email.js';
import { slackSender } from './slack.js';
import { syslogSender } from './syslog.js';
import { teamsSender } from './teams.js';
import { webhookSender } from './webhook.js';

export function senderFor(c: ChannelConfig, env: NodeJS.ProcessEnv = process.env): ChannelSender {
  switch (c.type) {
    case 'webhook':
      return webhookSender(
        readUrl(c.url, 'webhook URL', env),
        readSecret(c.signing_secret, 'webhook signing secret', env),
      );
    case 'teams':
      return teamsSender(readUrl(c.url, 'Teams Workflows webhook URL', env));
    case 'slack':
      return slackSender(readUrl(c.url, 'Slack incoming webhook URL', env));
    case 'email':
      return emailSender(c, c.smtp_password ? readSecret(c.smtp_password, 'SMTP password', env) : undefined);
    case 'syslog':
      return syslogSender(c);
  }
}
