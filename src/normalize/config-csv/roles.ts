import { roleTemplateId } from './role-templates.js';
import type { ConfigRowMapper } from './row.js';

const FAILED = 'error retrieving data';

/**
 * Get-AllRoleActivity's `<date>-All-Roles.csv`: members of each activated directory role (Get-MgDirectoryRoleMember,
 * service principals skipped by the cmdlet) with their last sign-in. Becomes Graph's roleAssignments with the
 * principal expanded: active membership, no PIM detail (posture then treats every assignment as permanent).
 */
export const roleMembers: ConfigRowMapper = (row, dates) => {
  const role = row.text('Role');
  const userId = row.text('UserId');
  if (role === null || userId === null) return { reject: 'no Role or UserId: the row names no assignment' };
  // On an error the cmdlet writes "Error retrieving data" and, by a variable reuse, the member's name as Role.
  if (row.text('Department')?.toLowerCase() === FAILED || row.text('AccountEnabled')?.toLowerCase() === FAILED) {
    return { reject: 'the collector could not read this member ("Error retrieving data"); its Role is unreliable' };
  }
  const roleDefinitionId = roleTemplateId(role);
  return {
    resource: 'roleAssignments',
    id: `${roleDefinitionId}:${userId}`,
    object: {
      id: `${roleDefinitionId}:${userId}`,
      principalId: userId,
      roleDefinitionId,
      directoryScopeId: '/',
      roleDefinition: { displayName: role, templateId: roleDefinitionId.startsWith('name:') ? null : roleDefinitionId },
      principal: {
        '@odata.type': '#microsoft.graph.user',
        id: userId,
        userPrincipalName: row.text('UserName', 'UserPrincipalName'),
        displayName: row.text('DisplayName'),
        department: row.text('Department'),
        jobTitle: row.text('JobTitle'),
        accountEnabled: row.bool('AccountEnabled'),
        createdDateTime: dates.time(row, 'CreatedDateTime'),
        signInActivity: {
          lastSignInDateTime: dates.time(row, 'LastInteractiveSignIn'),
          lastNonInteractiveSignInDateTime: dates.time(row, 'LastNonInteractiveSignIn'),
        },
      },
    },
  };
};

/**
 * Get-PIMAssignments' `<date>-PIM-Assignments.csv`: PIM schedules (beta roleAssignmentSchedules and
 * roleEligibilitySchedules, groups expanded to their members). "PIM Active" rows become
 * roleAssignmentScheduleInstances, "PIM Eligible" rows roleEligibilitySchedules. The file names principals by UPN
 * only, so principalId holds the UPN. EndDateTime "Permanent" is Graph's null end.
 */
export const pimAssignments: ConfigRowMapper = (row, dates) => {
  const roleName = row.text('RoleName');
  const upn = row.text('UserPrincipalName');
  const type = row.text('AssignmentType') ?? '';
  if (roleName === null || upn === null)
    return { reject: 'no RoleName or UserPrincipalName: the row names no assignment' };
  const eligible = /eligible/i.test(type);
  if (!eligible && !/active|assigned|permanent/i.test(type)) {
    return { reject: `AssignmentType "${type}" is neither active nor eligible` };
  }
  const roleDefinitionId = roleTemplateId(roleName);
  const end = row.text('EndDateTime');
  const endDateTime = end === null || /^permanent$/i.test(end) ? null : dates.time(row, 'EndDateTime');
  const startDateTime = dates.time(row, 'StartDateTime');
  const memberType = /group/i.test(row.text('SourceType') ?? '') ? 'Group' : 'Direct';
  const scope = row.text('DirectoryScopeId') ?? '/';
  const id = `${eligible ? 'eligible' : 'active'}:${roleDefinitionId}:${upn}:${scope}:${row.text('SourceName') ?? ''}`;
  const principal = {
    '@odata.type': '#microsoft.graph.user',
    userPrincipalName: upn,
    displayName: row.text('DisplayName'),
    onPremisesSyncEnabled: row.bool('OnPremisesSynced'),
  };
  const common = {
    id,
    principalId: upn,
    roleDefinitionId,
    directoryScopeId: scope,
    memberType,
    roleDefinition: { displayName: roleName },
    principal,
    sourceName: row.text('SourceName'),
    status: row.text('AssignmentStatus'),
  };
  if (eligible) {
    return {
      resource: 'roleEligibilitySchedules',
      id,
      object: {
        ...common,
        scheduleInfo: {
          startDateTime,
          expiration: endDateTime === null ? { type: 'noExpiration' } : { type: 'afterDateTime', endDateTime },
        },
      },
    };
  }
  return {
    resource: 'roleAssignmentScheduleInstances',
    id,
    object: { ...common, assignmentType: 'Assigned', startDateTime, endDateTime },
  };
};
