/**
 * Graph configuration objects as a snapshot holds them: untyped until a reader parses the part it needs, with the
 * few accessors every reader (posture checks, readiness measures) shares.
 */

/** One Graph object as read: the keys Graph sent. */
export type GraphObject = Record<string, unknown>;

function isObject(v: unknown): v is GraphObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The objects of a Graph body: a list's `value` items, or the single object itself (securityDefaults). */
export function objectsOf(body: unknown): GraphObject[] {
  if (!isObject(body)) return [];
  return Array.isArray(body.value) ? body.value.filter(isObject) : [body];
}

/** A string property (possibly empty), or undefined. */
export function str(o: GraphObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** A string property that says something: undefined when missing or empty. */
export function nonEmptyStr(o: GraphObject | undefined, key: string): string | undefined {
  const v = str(o, key);
  return v === '' ? undefined : v;
}

/** An object property, or undefined. */
export function obj(o: GraphObject | undefined, key: string): GraphObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

/** An array property of objects (missing or malformed: empty). */
export function objs(o: GraphObject | undefined, key: string): GraphObject[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}
