/**
 * The $filter clauses premortem sends. Graph's audit-log filters take DateTimeOffset literals unquoted and
 * support ge/le on createdDateTime and activityDateTime; beta sign-ins of other kinds than interactive need
 * signInEventTypes/any(...) (reference/graph_api_limits_permissions.md, Paging).
 */

/** An OData DateTimeOffset literal: ISO 8601 UTC with milliseconds. */
export function odataTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** field ge from and field le to (both inclusive: a boundary event is read twice rather than never). */
export function timeWindow(field: string, fromMs: number, toMs: number): string {
  return `${field} ge ${odataTime(fromMs)} and ${field} le ${odataTime(toMs)}`;
}

/** Sign-ins of one kind (beta): interactiveUser, nonInteractiveUser, servicePrincipal, managedIdentity. */
export function signInEventType(type: string): string {
  return `signInEventTypes/any(t: t eq '${type.replaceAll("'", "''")}')`;
}

/** Joins clauses with "and", skipping empty ones. */
export function allOf(...clauses: (string | undefined)[]): string | undefined {
  const parts = clauses.filter((c): c is string => c !== undefined && c !== '');
  return parts.length === 0 ? undefined : parts.join(' and ');
}
