import type { FootprintCategory } from './footprint-model.js';

/** Client apps that read mail (SMTP AUTH only sends: a success there is a working password, not a read) (reference/legacy_auth_clientapps.md): a sign-in over one is mailbox access. */
export const MAILBOX_CLIENT_APPS = [
  'exchange activesync',
  'imap4',
  'pop3',
  'mapi over http',
  'exchange web services',
  'outlook anywhere (rpc over http)',
  'offline address book',
];

/**
 * The category of a directory audit, from its normalized activity name (activity_key). Ordered: the first match
 * wins, so "add owner to application" is an owner change before it is anything else. Names from Microsoft's audit
 * activity reference (reference/entra_audit_activities.md).
 */
export function auditCategory(key: string): FootprintCategory {
  if (/\bpassword\b/.test(key) && /\b(reset|change|set)\b/.test(key)) return 'password reset';
  if (/certificates and secrets|credential|\bkey\b/.test(key)) return 'credential added';
  if (/^add owner to (application|service principal)/.test(key)) return 'owner added';
  if (/consent|permission grant|app role assignment/.test(key)) return 'consent';
  if (/conditional access|named location/.test(key)) return 'conditional access';
  if (/security info|authentication method|strongauthentication|mfa|fido|authenticator/.test(key))
    return 'authentication method';
  if (/member to role|member from role|role assignment|role definition|eligible member/.test(key)) return 'role change';
  if (/group/.test(key)) return 'group change';
  if (/^(add|create|invite) (user|external user|guest)|^invite external user/.test(key)) return 'user created';
  return 'directory change';
}

/**
 * The category of a unified audit log operation (operation_key). Inbox rules and forwarding are how mailbox
 * takeovers hide and exfiltrate (ATT&CK T1564.008, T1114.003); MailItemsAccessed and logins are mail access.
 */
export function activityCategory(key: string, parameters: string | null): FootprintCategory {
  // Entra sign-ins as the unified audit log records them (AzureActiveDirectoryStsLogon): a sign-in, not mail.
  if (key === 'userloggedin' || key === 'userloginfailed') return 'sign-in';
  if (/inboxrule|inbox rule/.test(key)) return 'mailbox rule';
  if (key === 'set-mailbox' && /forward/i.test(parameters ?? '')) return 'forwarding';
  if (/transportrule|forwarding/.test(key)) return 'forwarding';
  if (/mailitemsaccessed|mailboxlogin|^send|softdelete|harddelete|movetodeleteditems|mailboxpermission/.test(key))
    return 'mailbox access';
  return 'mailbox or file activity';
}

/** Whether an audit is one that gives the target power or a way in, so the target is followed from then on. */
export function elevates(category: FootprintCategory, key: string): boolean {
  if (category === 'credential added' || category === 'owner added' || category === 'consent') return true;
  if (category === 'user created') return true;
  if (category === 'role change') return /^add/.test(key);
  return false;
}
