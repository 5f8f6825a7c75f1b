/**
 * Roles and what each may do. Every route names the permission it needs; the table below is the only place that
 * decides, so the API tests can check every role against every permission.
 */
export const ROLES = ['viewer', 'responder', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Read every page and API resource. */
  'read',
  /** Acknowledge, assign and close alerts; set incident status; turn a false positive into a suppression. */
  'triage',
  /** Ask for a posture exception. */
  'request-exception',
  /** Approve (or reject) someone else's exception request; expire an exception. */
  'approve-exception',
  /** See the audit trail of everyone's changes. */
  'audit',
  /** Propose an incident's containment plan (nothing is sent to Graph). */
  'propose-containment',
  /** Execute someone else's proposed containment through Graph, with a write token given for that run. */
  'execute-containment',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  responder: ['read', 'triage', 'request-exception', 'propose-containment'],
  approver: ['read', 'triage', 'request-exception', 'approve-exception', 'propose-containment', 'execute-containment'],
  // An administrator may do everything.
  admin: PERMISSIONS,
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
