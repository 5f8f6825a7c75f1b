/**
 * Built-in Entra directory roles by their real template ids (the same in every tenant). `wellKnownObjectName` is what
 * Core Directory writes in Role.WellKnownObjectName: TenantAdmins, PrivilegedRoleAdmins, UserAccountAdmins,
 * HelpdeskAdmins and ExchangeServiceAdmins are taken from public Sentinel rules and Exchange code; the others follow
 * the same PascalCase pattern and are unverified.
 */
/** A built-in role: its template id, its name, and the well-known name Core Directory logs. */
export interface RoleDefinition {
  readonly templateId: string;
  readonly displayName: string;
  readonly wellKnownObjectName: string;
}

/** The built-in roles the demo tenant uses. */
export const ROLES = {
  globalAdmin: {
    templateId: '62e90394-69f5-4237-9190-012177145e10',
    displayName: 'Global Administrator',
    wellKnownObjectName: 'TenantAdmins',
  },
  privilegedRoleAdmin: {
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
    wellKnownObjectName: 'PrivilegedRoleAdmins',
  },
  userAdmin: {
    templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    displayName: 'User Administrator',
    wellKnownObjectName: 'UserAccountAdmins',
  },
  helpdeskAdmin: {
    templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    displayName: 'Helpdesk Administrator',
    wellKnownObjectName: 'HelpdeskAdmins',
  },
  securityAdmin: {
    templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    displayName: 'Security Administrator',
    wellKnownObjectName: 'SecurityAdministrator',
  },
  exchangeAdmin: {
    templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    displayName: 'Exchange Administrator',
    wellKnownObjectName: 'ExchangeServiceAdmins',
  },
  applicationAdmin: {
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    displayName: 'Application Administrator',
    wellKnownObjectName: 'ApplicationAdministrator',
  },
  cloudApplicationAdmin: {
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    displayName: 'Cloud Application Administrator',
    wellKnownObjectName: 'CloudApplicationAdministrator',
  },
  globalReader: {
    templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    displayName: 'Global Reader',
    wellKnownObjectName: 'GlobalReader',
  },
  conditionalAccessAdmin: {
    templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    displayName: 'Conditional Access Administrator',
    wellKnownObjectName: 'ConditionalAccessAdministrator',
  },
  authenticationAdmin: {
    templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    displayName: 'Authentication Administrator',
    wellKnownObjectName: 'AuthenticationAdministrator',
  },
} as const satisfies Record<string, RoleDefinition>;

/** A role's key in ROLES. */
export type RoleKey = keyof typeof ROLES;
