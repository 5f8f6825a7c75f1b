import { describe, expect, it } from 'vitest';
import { activityCategory } from './footprint-classify.js';

describe('activityCategory', () => {
  it('labels unified-audit-log sign-ins as sign-ins, not mailbox or file activity', () => {
    expect(activityCategory('userloggedin', null)).toBe('sign-in');
    expect(activityCategory('userloginfailed', null)).toBe('sign-in');
  });

  it('keeps mail access, inbox rules and forwarding apart from other activity', () => {
    expect(activityCategory('mailitemsaccessed', null)).toBe('mailbox access');
    expect(activityCategory('new-inboxrule', null)).toBe('mailbox rule');
    expect(activityCategory('set-mailbox', '[{"Name":"ForwardingSmtpAddress"}]')).toBe('forwarding');
    expect(activityCategory('fileaccessed', null)).toBe('mailbox or file activity');
  });
});
