/**
 * The values of pySigma-style placeholders (`field|expand: '%name%'`) that every pipeline knows, derived from the
 * one directory-role catalogue so that no rule carries its own list of roles. A pipeline's `vars:` may add more
 * (or override one for its rules).
 */
import { type DirectoryRole, PRIVILEGED_ROLES, TIER0_ROLES } from '../core/directory-roles.js';

/** A role's name and the other names it is logged under. */
const names = (roles: readonly DirectoryRole[]): readonly string[] => roles.flatMap((r) => [r.name, ...r.aliases]);

/** `%privileged_roles%`: every privileged directory role; `%tier0_roles%`: the Tier-0 ones. */
export const BUILTIN_PLACEHOLDERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['privileged_roles', names(PRIVILEGED_ROLES)],
  ['tier0_roles', names(TIER0_ROLES)],
]);
