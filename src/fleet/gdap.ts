/**
 * GDAP, from the partner's side. Graph answers `tenantRelationships/delegatedAdminRelationships` only in the
 * partner's own tenant (DelegatedAdminRelationship.Read.All there), so the fleet's `partner:` entry names the MSP's
 * own credentials. A partner round reads every relationship and each one's access assignments (the partner security
 * groups given the roles), keeps them as Graph returned them, and the review shows per customer tenant which
 * partner roles are granted, since when, until when, whether the relationship extends itself, and flags Global
 * Administrator and relationships without an end date.
 */
import { type CheckStatus, statusOf } from '../collect/doctor.js';
import type { GraphSession } from '../collect/graph-session.js';
import { roleById } from '../core/directory-roles.js';
import type { GraphClient } from '../sources/graph/http.js';
import { listPageProblem, listPages } from '../sources/graph/paging.js';
import { redact } from '../sources/graph/redact.js';
import { tokenClaims } from '../sources/graph/token-claims.js';

type Raw = Record<string, unknown>;

/** What a partner round read, as Graph returned it (raw), with when and from whom. */
export interface GdapCollection {
  readonly partner: { readonly id: string; readonly name: string };
  readonly collectedAt: string;
  readonly relationships: readonly Raw[];
  /** Access assignments by relationship id. */
  readonly accessAssignments: Readonly<Record<string, readonly Raw[]>>;
}

/** Graph's page size limit for both lists ($top up to 300). */
const TOP = 300;

const RELATIONSHIPS = '/v1.0/tenantRelationships/delegatedAdminRelationships';

/** The permissions that let the partner's app read its relationships (either will do). */
export const GDAP_PERMISSIONS = ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All'];

/** What `fleet check` found for the partner entry: can a partner round read the GDAP relationships? */
export interface GdapAccessCheck {
  readonly signIn: { readonly ok: boolean; readonly detail?: string; readonly hint?: string };
  /** From the token's roles claim; absent when the token does not say. */
  readonly grantedPermissions?: readonly string[];
  /** DelegatedAdminRelationship.Read.All when the token's roles hold neither permission. */
  readonly missingPermissions: readonly string[];
  /** One GET of the relationships ($top=1), the smallest request the partner round makes. */
  readonly relationships: { readonly status: CheckStatus; readonly detail?: string };
  readonly ok: boolean;
}

/** Signs in as the partner and reads one relationship: what a partner round needs, checked before it runs. */
export async function checkGdapAccess(session: GraphSession, signal?: AbortSignal): Promise<GdapAccessCheck> {
  let token: string;
  try {
    token = await session.tokens.getToken();
  } catch (err) {
    const e = err as Error & { hint?: string };
    return {
      signIn: { ok: false, detail: redact(e.message), ...(e.hint ? { hint: e.hint } : {}) },
      missingPermissions: [],
      relationships: { status: 'error', detail: 'not tried: sign-in failed' },
      ok: false,
    };
  }
  const granted = tokenClaims(token)?.roles;
  const missingPermissions =
    granted && !GDAP_PERMISSIONS.some((p) => granted.includes(p)) ? [GDAP_PERMISSIONS[0] as string] : [];
  let relationships: GdapAccessCheck['relationships'] = { status: 'ok' };
  try {
    const url = session.client.url(RELATIONSHIPS, { $top: 1 });
    await session.client.get(url, { validate: listPageProblem, ...(signal ? { signal } : {}) });
  } catch (err) {
    relationships = statusOf(err);
  }
  return {
    signIn: { ok: true },
    ...(granted ? { grantedPermissions: granted } : {}),
    missingPermissions,
    relationships,
    ok: missingPermissions.length === 0 && relationships.status === 'ok',
  };
}

/** Reads every relationship of the partner tenant, then every relationship's access assignments (all pages). */
export async function collectGdap(
  client: GraphClient,
  partner: { id: string; name: string },
  now: number,
  signal?: AbortSignal,
): Promise<GdapCollection> {
  const options = signal ? { signal } : {};
  const relationships: Raw[] = [];
  for await (const page of listPages(client, client.url(RELATIONSHIPS, { $top: TOP }), options))
    relationships.push(...page.items);
  const accessAssignments: Record<string, Raw[]> = {};
  for (const r of relationships) {
    const id = typeof r.id === 'string' ? r.id : undefined;
    if (id === undefined) continue;
    const items: Raw[] = [];
    const url = client.url(`${RELATIONSHIPS}/${encodeURIComponent(id)}/accessAssignments`, { $top: TOP });
    for await (const page of listPages(client, url, options)) items.push(...page.items);
    accessAssignments[id] = items;
  }
  return { partner, collectedAt: new Date(now).toISOString(), relationships, accessAssignments };
}

export interface GdapRole {
  readonly id: string;
  /** The built-in role's name, or the id again when premortem does not know the role. */
  readonly name: string;
}

export type GdapFlag = 'global-administrator' | 'no-end-date';

export interface GdapRelationship {
  readonly id: string;
  readonly displayName: string;
  readonly status: string;
  readonly customer: { readonly tenantId: string; readonly displayName: string };
  /** The roles the customer approved for the partner (accessDetails.unifiedRoles). */
  readonly roles: readonly GdapRole[];
  /** When the relationship became active (activatedDateTime), else when it was created. */
  readonly since: string | null;
  /** endDateTime; null: Graph gives none. */
  readonly ends: string | null;
  /** autoExtendDuration when it extends itself (P180D), else null (PT0S, P0D or absent). */
  readonly autoExtend: string | null;
  /** The partner security groups given roles in the customer tenant. */
  readonly assignments: readonly {
    readonly id: string;
    readonly status: string;
    readonly group: string;
    readonly roles: readonly GdapRole[];
  }[];
  readonly flags: readonly GdapFlag[];
}

export interface GdapReview {
  readonly partner: { readonly id: string; readonly name: string };
  readonly collectedAt: string;
  /** Relationships by customer tenant id (lower case), for the tenants of fleet.yaml. */
  readonly byTenant: Readonly<Record<string, readonly GdapRelationship[]>>;
  /** Relationships with customers fleet.yaml does not list (a customer the fleet does not watch). */
  readonly outside: readonly GdapRelationship[];
}

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
/** Statuses in which a relationship grants nothing any more. */
const ENDED = new Set(['terminated', 'expired']);

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

function rolesOf(accessDetails: unknown): GdapRole[] {
  const list = obj(accessDetails).unifiedRoles;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r) => {
    const id = str(obj(r).roleDefinitionId);
    return id ? [{ id, name: roleById(id)?.name ?? id }] : [];
  });
}

/** A relationship as the review shows it. */
export function describeRelationship(r: Raw, assignments: readonly Raw[]): GdapRelationship {
  const roles = rolesOf(r.accessDetails);
  const status = str(r.status) ?? 'unknown';
  const ends = str(r.endDateTime);
  const extend = str(r.autoExtendDuration);
  const given = assignments.map((a) => ({
    id: str(a.id) ?? '',
    status: str(a.status) ?? 'unknown',
    group: str(obj(a.accessContainer).accessContainerId) ?? '',
    roles: rolesOf(a.accessDetails),
  }));
  const flags: GdapFlag[] = [];
  if (!ENDED.has(status)) {
    const live = given.filter((a) => a.status !== 'deleted');
    if ([...roles, ...live.flatMap((a) => a.roles)].some((x) => x.id === GLOBAL_ADMINISTRATOR))
      flags.push('global-administrator');
    if (ends === null) flags.push('no-end-date');
  }
  const customer = obj(r.customer);
  return {
    id: str(r.id) ?? '',
    displayName: str(r.displayName) ?? '',
    status,
    customer: { tenantId: str(customer.tenantId) ?? '', displayName: str(customer.displayName) ?? '' },
    roles,
    since: str(r.activatedDateTime) ?? str(r.createdDateTime),
    ends,
    autoExtend: extend === null || /^P(T0S|0D)$/.test(extend) ? null : extend,
    assignments: given,
    flags,
  };
}

/** Matches the partner's relationships to the fleet's tenants by the customer's tenant id. */
export function reviewGdap(collection: GdapCollection, tenants: readonly { id: string }[]): GdapReview {
  const listed = new Set(tenants.map((t) => t.id.toLowerCase()));
  const byTenant: Record<string, GdapRelationship[]> = {};
  const outside: GdapRelationship[] = [];
  for (const raw of collection.relationships) {
    const r = describeRelationship(raw, collection.accessAssignments[String(raw.id)] ?? []);
    const key = r.customer.tenantId.toLowerCase();
    if (!listed.has(key)) outside.push(r);
    else byTenant[key] = [...(byTenant[key] ?? []), r];
  }
  return { partner: collection.partner, collectedAt: collection.collectedAt, byTenant, outside };
}
