import type { ConfigRowMapper } from './row.js';

/**
 * Get-OAuthPermissions / Get-OAuthPermissionsGraph `<date>-OAuthPermissions.csv`: one row per permission.
 * Delegated rows become oauth2PermissionGrants (one grant per scope: the file split the grant's scope string),
 * Application rows appRoleAssignments. The file names the app role by its value ("Mail.Read"), not by its id:
 * it is kept as `appRoleValue` beside an absent `appRoleId`. Columns of the Graph variant are UNVERIFIED: the
 * AzureAD-module names (ClientObjectId, ResourceObjectId, PrincipalObjectId) and Graph's (ClientId, ResourceId,
 * PrincipalId) are both read.
 */
export const oauthPermissions: ConfigRowMapper = (row, dates) => {
  const type = row.text('PermissionType')?.toLowerCase();
  const permission = row.text('Permission');
  const client = row.text('ClientObjectId', 'ClientId');
  const resourceId = row.text('ResourceObjectId', 'ResourceId');
  if (permission === null || client === null) return { reject: 'no Permission or client object id' };
  if (type === 'delegated') {
    return {
      resource: 'oauth2PermissionGrants',
      id: null,
      object: {
        clientId: client,
        consentType: row.text('ConsentType'),
        principalId: row.text('PrincipalObjectId', 'PrincipalId'),
        resourceId,
        scope: permission,
        expiryTime: dates.time(row, 'ExpiryTime'),
        appId: row.text('AppId'),
        clientDisplayName: row.text('ClientDisplayName'),
        resourceDisplayName: row.text('ResourceDisplayName'),
        principalDisplayName: row.text('PrincipalDisplayName'),
        publisherName: row.text('PublisherName'),
      },
    };
  }
  if (type === 'application') {
    return {
      resource: 'appRoleAssignments',
      id: null,
      object: {
        principalId: client,
        principalType: 'ServicePrincipal',
        principalDisplayName: row.text('ClientDisplayName'),
        resourceId,
        resourceDisplayName: row.text('ResourceDisplayName'),
        appRoleId: null,
        appRoleValue: permission,
        createdDateTime: dates.time(row, 'CreationTimestamp'),
        appId: row.text('AppId'),
        publisherName: row.text('PublisherName'),
      },
    };
  }
  return { reject: `PermissionType "${row.text('PermissionType') ?? ''}" is neither Delegated nor Application` };
};
