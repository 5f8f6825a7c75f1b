/**
 * Privileged Identity Management alerts for directory roles (beta): "roles assigned outside PIM", "too many global
 * administrators"... The list requires the scope filter and has no time filter, so it is read whole each pass and
 * an alert is stored once per lastModifiedDateTime. Needs PIM (Entra ID P2); unavailable without it.
 */
import { field, type LogEndpoint } from './types.js';

export const ROLE_MANAGEMENT_ALERTS: LogEndpoint = {
  name: 'roleManagementAlerts',
  title: 'PIM alerts',
  path: '/beta/identityGovernance/roleManagementAlerts/alerts',
  budget: 'directory',
  target: 'records',
  filter: "scopeId eq '/' and scopeType eq 'DirectoryRole'",
  permissions: ['RoleManagementAlert.Read.Directory'],
  licence: 'Microsoft Entra ID P2',
  optional: true,
  timeOf: (r) => field(r, 'lastModifiedDateTime') ?? field(r, 'lastScannedDateTime'),
  uidOf: (r) => {
    const id = field(r, 'id');
    return id === undefined ? undefined : `${id}@${field(r, 'lastModifiedDateTime') ?? ''}`;
  },
};
