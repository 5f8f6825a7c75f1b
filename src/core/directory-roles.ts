/**
 * The built-in Entra directory roles premortem knows, by template id (the same in every tenant): the one place
 * that says which roles are privileged. Posture's checks, readiness's privileged principals, the rules' role lists
 * (through the pipelines' `%privileged_roles%` placeholder), normalize's name-to-id lookup and the simulator all
 * derive from this list, so changing what "privileged" means is one edit here.
 *
 * Tiers: 0, the roles whose holder can take the whole tenant over directly (check PM-021: CIPP ZTNA21836, Maester
 * MT.1027); 1, administrators who can re-credential other administrators or change tenant-wide security, devices
 * or workloads (SCuBA's "highly privileged" idea); 2, roles that are not privileged in that sense.
 *
 * Decision on the roles the lists disagreed about (docs/architecture.md):
 * - Intune Administrator is privileged (tier 1): it deploys scripts and apps that run as SYSTEM on every managed
 *   device, administrators' workstations included, which is a path to their sessions and tokens.
 * - Helpdesk Administrator is not (tier 2): it resets passwords only of non-administrators and other helpdesk
 *   administrators, so it cannot reach a privileged account; its resets are watched by their own rules.
 * - Billing Administrator is not (tier 2): purchases, subscriptions and support tickets, no power over identities.
 */

/** How much of the tenant a role's holder controls (see above). */
export type RoleTier = 0 | 1 | 2;

/** A built-in directory role. */
export interface DirectoryRole {
  readonly templateId: string;
  readonly name: string;
  /** Other names the role is logged or exported under (MSOnline, AzureAD PowerShell). */
  readonly aliases: readonly string[];
  readonly tier: RoleTier;
  /**
   * What Core Directory writes in Role.WellKnownObjectName. TenantAdmins, PrivilegedRoleAdmins, UserAccountAdmins,
   * HelpdeskAdmins and ExchangeServiceAdmins are taken from public Sentinel rules and Exchange code; the others
   * follow the same PascalCase pattern and are unverified.
   */
  readonly wellKnownObjectName: string;
}

const role = (
  templateId: string,
  name: string,
  tier: RoleTier,
  wellKnownObjectName: string,
  aliases: readonly string[] = [],
): DirectoryRole =>
  Object.freeze({ templateId, name, aliases: Object.freeze([...aliases]), tier, wellKnownObjectName });

/** Every built-in role premortem names, most powerful first. */
export const DIRECTORY_ROLES: readonly DirectoryRole[] = Object.freeze([
  role('62e90394-69f5-4237-9190-012177145e10', 'Global Administrator', 0, 'TenantAdmins', ['Company Administrator']),
  role('e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator', 0, 'PrivilegedRoleAdmins'),
  role(
    '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    'Privileged Authentication Administrator',
    0,
    'PrivilegedAuthenticationAdministrator',
  ),
  role('194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator', 1, 'SecurityAdministrator'),
  role('29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', 1, 'ExchangeServiceAdmins'),
  role('f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator', 1, 'SharePointServiceAdmins'),
  role('fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator', 1, 'UserAccountAdmins'),
  role('9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator', 1, 'ApplicationAdministrator'),
  role('158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator', 1, 'CloudApplicationAdministrator'),
  role('b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator', 1, 'ConditionalAccessAdministrator'),
  role('c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator', 1, 'AuthenticationAdministrator'),
  role('8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator', 1, 'HybridIdentityAdministrator'),
  role('3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator', 1, 'IntuneServiceAdministrator'),
  role('729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', 2, 'HelpdeskAdmins'),
  role('b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator', 2, 'BillingAdmins'),
  role('f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader', 2, 'GlobalReader'),
  role('5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader', 2, 'SecurityReader'),
]);

/** The roles at or above a tier (0: Tier-0 only; 1: every privileged role). */
export function rolesUpToTier(tier: RoleTier): readonly DirectoryRole[] {
  return DIRECTORY_ROLES.filter((r) => r.tier <= tier);
}

/** The privileged roles: Tier 0 and Tier 1. */
export const PRIVILEGED_ROLES: readonly DirectoryRole[] = rolesUpToTier(1);

/** The Tier-0 roles. */
export const TIER0_ROLES: readonly DirectoryRole[] = rolesUpToTier(0);

const BY_NAME = new Map(DIRECTORY_ROLES.flatMap((r) => [r.name, ...r.aliases].map((n) => [n.toLowerCase(), r])));
const BY_ID = new Map(DIRECTORY_ROLES.map((r) => [r.templateId, r]));

/** A role by its name or an alias, case-insensitively and trimmed. */
export function roleByName(name: string): DirectoryRole | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** A role by its template id. */
export function roleById(templateId: string): DirectoryRole | undefined {
  return BY_ID.get(templateId);
}

/** Whether a role (by template id) is privileged. */
export function isPrivilegedRoleId(templateId: string): boolean {
  return (roleById(templateId)?.tier ?? 2) <= 1;
}

/** Whether a role name (or alias) is a privileged role. */
export function isPrivilegedRoleName(name: string): boolean {
  return (roleByName(name)?.tier ?? 2) <= 1;
}

/** template id -> name, for the roles given. */
export function namesById(roles: readonly DirectoryRole[]): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(roles.map((r) => [r.templateId, r.name])));
}
