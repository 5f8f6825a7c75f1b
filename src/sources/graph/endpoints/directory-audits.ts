/**
 * Directory audits (v1.0): role, app, user and policy changes. Newest first; $filter on activityDateTime ge/le.
 * Readable on every edition (7 days on Free, 30 with P1/P2: reference/retention_and_2023_changes.md).
 */
import { field, type LogEndpoint } from './types.js';

export const DIRECTORY_AUDITS: LogEndpoint = {
  name: 'directoryAudits',
  title: 'directory audits',
  path: '/v1.0/auditLogs/directoryAudits',
  budget: 'reports',
  target: 'events',
  timeField: 'activityDateTime',
  // 999, not 1,000: the largest page every audit-log list is documented to accept.
  top: 999,
  permissions: ['AuditLog.Read.All', 'Directory.Read.All'],
  optional: false,
  timeOf: (r) => field(r, 'activityDateTime'),
};
