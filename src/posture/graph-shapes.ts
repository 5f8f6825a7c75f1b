/**
 * The parts of Graph configuration objects the checks read, parsed with zod where they enter posture. Graph omits
 * or nulls many condition blocks (platforms, locations, devices are null when unset), so every field is optional
 * and nullable; unknown keys are dropped. Shapes from the v1.0 resource docs (conditionalAccessPolicy,
 * unifiedRoleAssignmentScheduleInstance, unifiedRoleAssignment) as listed in reference/posture_checks.md.
 */
import { z } from 'zod';
import type { GraphObject } from '../snapshot/graph-object.js';

const ids = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

/** conditionalAccessPolicy (v1.0). */
export const caPolicySchema = z.object({
  id: z.string(),
  displayName: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  state: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  conditions: z
    .object({
      users: z
        .object({
          includeUsers: ids,
          excludeUsers: ids,
          includeGroups: ids,
          excludeGroups: ids,
          includeRoles: ids,
          excludeRoles: ids,
          includeGuestsOrExternalUsers: z.unknown().nullish(),
          excludeGuestsOrExternalUsers: z.unknown().nullish(),
        })
        .nullish(),
      applications: z.object({ includeApplications: ids, excludeApplications: ids, includeUserActions: ids }).nullish(),
      clientAppTypes: ids,
      platforms: z.object({ includePlatforms: ids, excludePlatforms: ids }).nullish(),
      locations: z.object({ includeLocations: ids, excludeLocations: ids }).nullish(),
      devices: z.object({ deviceFilter: z.unknown().nullish() }).nullish(),
      signInRiskLevels: ids,
      userRiskLevels: ids,
      authenticationFlows: z.object({ transferMethods: z.string().nullish() }).nullish(),
    })
    .nullish(),
  grantControls: z
    .object({
      operator: z.string().nullish(),
      builtInControls: ids,
      authenticationStrength: z.object({ id: z.string(), displayName: z.string().nullish() }).nullish(),
    })
    .nullish(),
  sessionControls: z
    .object({
      signInFrequency: z.object({ isEnabled: z.boolean().nullish() }).nullish(),
      secureSignInSession: z.object({ isEnabled: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
});
export type CaPolicy = z.infer<typeof caPolicySchema>;

/** unifiedRoleAssignmentScheduleInstance (v1.0): active assignments, permanent when endDateTime is null. */
export const rasiSchema = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  assignmentType: z.string().nullish(),
  memberType: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
});
export type ScheduleInstance = z.infer<typeof rasiSchema>;

/** unifiedRoleAssignment (v1.0), optionally with `principal` expanded. */
export const roleAssignmentSchema = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  principal: z.object({ '@odata.type': z.string().nullish(), displayName: z.string().nullish() }).nullish(),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

/**
 * Parses each object with the schema; an object that does not fit is reported, not dropped silently, so a check
 * can say "3 policies could not be read" instead of passing on less data than it seems.
 */
export function parseAll<T>(
  objects: readonly GraphObject[],
  schema: z.ZodType<T>,
): { items: T[]; rejected: { id: string; problem: string }[] } {
  const items: T[] = [];
  const rejected: { id: string; problem: string }[] = [];
  for (const o of objects) {
    const r = schema.safeParse(o);
    if (r.success) items.push(r.data);
    else
      rejected.push({
        id: typeof o.id === 'string' ? o.id : '(no id)',
        problem: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
  }
  return { items, rejected };
}
