import type { Notification } from '../src/notify/message.js';

/** A routed message with placeholder content, for tests of what happens to messages after routing. */
export function sampleNotification(overrides: Partial<Notification> & Pick<Notification, 'id'>): Notification {
  return {
    kind: 'incident-opened',
    severity: 'high',
    title: `message ${overrides.id}`,
    what: 'w',
    why: 'y',
    next_action: 'n',
    objects: [],
    alert_ids: [],
    rule_ids: [],
    tags: [],
    created_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
