import type { ConfigRowMapper } from './row.js';

/**
 * Get-MailboxRules `<date>_MailboxRules.csv` (Get-InboxRule per mailbox). No Graph resource holds every mailbox's
 * rules, so these are `mailboxRules`: the fields that tell a forwarding or hiding rule, named as Get-InboxRule
 * names them. Newer module versions add columns (UNVERIFIED): every column stays in the kept row.
 */
export const mailboxRules: ConfigRowMapper = (row) => {
  const mailbox = row.text('UserName', 'MailboxOwnerId', 'UserPrincipalName');
  const name = row.text('RuleName', 'Name');
  if (mailbox === null || name === null) return { reject: 'no mailbox or rule name' };
  return {
    resource: 'mailboxRules',
    id: null,
    object: {
      mailbox,
      name,
      identity: row.text('RuleIdentity', 'Identity'),
      enabled: row.bool('RuleEnabled', 'Enabled'),
      forwardTo: row.text('ForwardTo'),
      forwardAsAttachmentTo: row.text('ForwardAsAttachmentTo'),
      redirectTo: row.text('RedirectTo'),
      moveToFolder: row.text('MovetoFolder'),
      copyToFolder: row.text('CopytoFolder'),
      deleteMessage: row.bool('DeleteMessage'),
      description: row.text('TextDescription', 'Description'),
    },
  };
};

/** Get-TransportRules `<date>_TransportRules.csv`: Name, Description, CreatedBy, WhenChanged, State. */
export const transportRules: ConfigRowMapper = (row, dates) => {
  const name = row.text('Name');
  if (name === null) return { reject: 'no Name: the row names no transport rule' };
  return {
    resource: 'transportRules',
    id: name,
    object: {
      id: name,
      name,
      state: row.text('State'),
      createdBy: row.text('CreatedBy'),
      whenChanged: dates.time(row, 'WhenChanged'),
      description: row.text('Description'),
    },
  };
};
