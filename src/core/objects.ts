/**
 * Directory objects named by their ids. Display names are not unique and attackers choose them (an app can call
 * itself "Microsoft Graph"); a responder removes a role or a credential by id (`Remove-MgServicePrincipal
 * PasswordCredential -KeyId …`). Every alert, incident, timeline line, footprint, finding and action carries the
 * objects it names in this shape, beside its display-name `entities`.
 */
export type ObjectType =
  | 'user'
  | 'service_principal'
  | 'application'
  | 'credential'
  | 'role'
  | 'policy'
  | 'group'
  | 'ip'
  | 'domain';

export interface ObjectRef {
  type: ObjectType;
  /** The object id (for an ip or a domain, the address or name itself; for a credential, its keyId). */
  id: string;
  /** The display name as the record gave it (attacker-controlled: escape where shown), or null. */
  name: string | null;
  app_id?: string;
  key_id?: string;
  upn?: string;
}

const clean = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** An object from loose values; undefined when there is no id. */
export function objectRef(
  type: ObjectType,
  id: unknown,
  name?: unknown,
  extra: { app_id?: unknown; key_id?: unknown; upn?: unknown } = {},
): ObjectRef | undefined {
  const i = clean(id);
  if (i === undefined) return undefined;
  const o: ObjectRef = { type, id: i, name: clean(name) ?? null };
  const appId = clean(extra.app_id);
  const keyId = clean(extra.key_id);
  const upn = clean(extra.upn);
  if (appId !== undefined) o.app_id = appId;
  if (keyId !== undefined) o.key_id = keyId;
  if (upn !== undefined) o.upn = upn.toLowerCase();
  return o;
}

const keyOf = (o: ObjectRef): string => `${o.type}\u0000${o.id.toLowerCase()}`;

/**
 * One list without duplicates (same type and id, compared case-insensitively): the first name and the first of
 * each extra id stand. Sorted by type, then name, then id, so output is stable.
 */
export function mergeObjects(...lists: readonly (readonly (ObjectRef | undefined)[])[]): ObjectRef[] {
  const byKey = new Map<string, ObjectRef>();
  for (const list of lists) {
    for (const o of list) {
      if (!o) continue;
      const k = keyOf(o);
      const have = byKey.get(k);
      if (!have) {
        byKey.set(k, { ...o });
        continue;
      }
      if (have.name === null && o.name !== null) have.name = o.name;
      if (have.app_id === undefined && o.app_id !== undefined) have.app_id = o.app_id;
      if (have.key_id === undefined && o.key_id !== undefined) have.key_id = o.key_id;
      if (have.upn === undefined && o.upn !== undefined) have.upn = o.upn;
    }
  }
  return [...byKey.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || (a.name ?? '').localeCompare(b.name ?? '') || a.id.localeCompare(b.id),
  );
}

/** The first 8 characters of an id: enough to tell two objects of one name apart in a line of text. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** What a person reads for an object: its name, or its upn, or its id. */
export function objectName(o: ObjectRef): string {
  return o.name ?? o.upn ?? o.id;
}

/**
 * Text labels: the name with a short id, so that "Microsoft Graph" the attacker's app and Microsoft Graph the real
 * one cannot be confused and no attacker-chosen name stands without its id. An object whose name is its id (an
 * address, an account named only by UPN) is shown once.
 */
export function textLabels(objects: readonly ObjectRef[]): string[] {
  return objects.map((o) => {
    const n = objectName(o);
    return n.toLowerCase() === o.id.toLowerCase() ? n : `${n} (${shortId(o.id)})`;
  });
}

/**
 * The ids of an object as a responder needs them, for Markdown and HTML: "id …, app id …, keyId …, upn …". The id
 * is left out where it is the name already shown (an account the records name only by UPN).
 */
export function objectIds(o: ObjectRef): string {
  const shown = objectName(o).toLowerCase();
  const parts = o.id.toLowerCase() === shown ? [] : [`${o.type === 'credential' ? 'keyId' : 'id'} ${o.id}`];
  if (o.app_id !== undefined && o.app_id !== o.id) parts.push(`app id ${o.app_id}`);
  if (o.key_id !== undefined && o.key_id !== o.id) parts.push(`keyId ${o.key_id}`);
  if (o.upn !== undefined && o.upn !== shown && o.upn !== o.id.toLowerCase()) parts.push(`upn ${o.upn}`);
  return parts.join(', ');
}

/** Objects worth a line of their own: addresses are already in every sentence that names them. */
export const named = (objects: readonly ObjectRef[]): ObjectRef[] => objects.filter((o) => o.type !== 'ip');

/** "objects: Octiga Cloud Security, Global Administrator, … and 3 more" for the terminal, or '' when none. */
export function objectsText(objects: readonly ObjectRef[], max = 6): string {
  const list = named(objects);
  if (list.length === 0) return '';
  const labels = textLabels(list);
  const more = labels.length > max ? ` and ${labels.length - max} more` : '';
  return `objects: ${labels.slice(0, max).join(', ')}${more}`;
}

/**
 * For Markdown and HTML, where there is room for both: "Octiga Cloud Security (service principal: id …, app id …)".
 * Returns plain text: the caller escapes it for its format.
 */
export function objectsWithIds(objects: readonly ObjectRef[], max = 6): string {
  const list = named(objects);
  const shown = list.slice(0, max).map((o) => {
    const ids = objectIds(o);
    return `${objectName(o)} (${o.type.replace('_', ' ')}${ids ? `: ${ids}` : ''})`;
  });
  const more = list.length > max ? `; and ${list.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * The objects a responder acts on first, for a list that cannot show all: every object that is not a user or an
 * address, then the users in `actors` (UPNs or names, lower-cased), then the rest. Order is otherwise kept.
 */
export function actedOnFirst(objects: readonly ObjectRef[], actors: readonly string[] = []): ObjectRef[] {
  const acting = new Set(actors.map((a) => a.toLowerCase()));
  const rank = (o: ObjectRef): number =>
    o.type !== 'user' ? 0 : acting.has((o.upn ?? o.name ?? o.id).toLowerCase()) ? 1 : 2;
  return [...objects]
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

/**
 * An incident's objects as one plain line for any format (the caller escapes): by id, what was acted on first
 * (`actedOnFirst`), with "(--json lists all)" when some are left out.
 */
export function incidentObjectsText(
  objects: readonly ObjectRef[],
  actors: readonly string[],
  max = INCIDENT_OBJECTS,
): string {
  const list = actedOnFirst(named(objects), actors);
  if (list.length === 0) return '';
  return `${objectsWithIds(list, max)}${list.length > max ? ' (--json lists all)' : ''}`;
}

/** How many objects an incident names in text before "and N more". */
export const INCIDENT_OBJECTS = 8;
