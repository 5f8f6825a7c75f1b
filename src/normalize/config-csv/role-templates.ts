import { roleByName } from '../../core/directory-roles.js';

/**
 * A built-in directory role's template id by its display name (the same in every tenant), from the role catalogue
 * (core/directory-roles.ts). Extractor-Suite's role exports name the role only; posture checks compare template
 * ids. Roles not catalogued keep `name:<display name>` as their id so nothing is lost, and no check mistakes them
 * for a privileged role.
 */
export function roleTemplateId(displayName: string): string {
  return roleByName(displayName)?.templateId ?? `name:${displayName.trim()}`;
}
