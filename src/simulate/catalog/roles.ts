/**
 * The built-in Entra directory roles the demo tenant uses, from the role catalogue (core/directory-roles.ts): real
 * template ids and the well-known names Core Directory logs.
 */
import { roleByName } from '../../core/directory-roles.js';

/** A built-in role: its template id, its name, and the well-known name Core Directory logs. */
export interface RoleDefinition {
  readonly templateId: string;
  readonly displayName: string;
  readonly wellKnownObjectName: string;
}

/** A catalogued role as the simulator writes it. */
function builtin(name: string): RoleDefinition {
  const r = roleByName(name);
  if (!r) throw new Error(`${name} is not in the directory role catalogue`);
  return { templateId: r.templateId, displayName: r.name, wellKnownObjectName: r.wellKnownObjectName };
}

/** The built-in roles the demo tenant uses (from the one catalogue, core/directory-roles.ts). */
export const ROLES = {
  globalAdmin: builtin('Global Administrator'),
  privilegedRoleAdmin: builtin('Privileged Role Administrator'),
  userAdmin: builtin('User Administrator'),
  helpdeskAdmin: builtin('Helpdesk Administrator'),
  securityAdmin: builtin('Security Administrator'),
  exchangeAdmin: builtin('Exchange Administrator'),
  applicationAdmin: builtin('Application Administrator'),
  cloudApplicationAdmin: builtin('Cloud Application Administrator'),
  globalReader: builtin('Global Reader'),
  conditionalAccessAdmin: builtin('Conditional Access Administrator'),
  authenticationAdmin: builtin('Authentication Administrator'),
} as const satisfies Record<string, RoleDefinition>;

/** A role's key in ROLES. */
export type RoleKey = keyof typeof ROLES;
