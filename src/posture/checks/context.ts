/**
 * What every check needs besides its own logic: the snapshot's resources by name, the CA policies parsed once,
 * names for ids (so evidence says "Jonathan Tan", not a GUID), the privileged roles and the emergency accounts.
 */

import { type DirectoryRole, namesById, roleByName, rolesUpToTier } from '../../core/directory-roles.js';
import type { ConfigSnapshot } from '../../snapshot/config-snapshot.js';
import { type GraphObject, str } from '../../snapshot/graph-object.js';
import { type CaPolicy, caPolicySchema, parseAll } from '../graph-shapes.js';
import type { CheckOutcome, Subject } from '../model.js';

/** Tier-0 roles by template id: their holders can take the tenant over (core/directory-roles.ts). */
export const TIER0_ROLES: Readonly<Record<string, string>> = namesById(rolesUpToTier(0));

/** Every privileged role by template id: Tier 0 and the administrators who can re-credential others. */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = namesById(rolesUpToTier(1));

/** Global Administrator's template id. */
export const GLOBAL_ADMIN = (roleByName('Global Administrator') as DirectoryRole).templateId;

/** Emergency ("break-glass") accounts are recognised by name, as Maester MT.1005 asks admins to name them. */
const EMERGENCY_NAME = /break.?glass|emergency/i;

/** What the workspace's sign-ins add to a snapshot (check 16: SMTP AUTH actually used). */
export interface SignInSignals {
  /** Successful "Authenticated SMTP" sign-ins per user and address. */
  readonly smtpAuthSuccesses: readonly { upn: string; ip: string; count: number; last: string }[];
}

/** A snapshot prepared for the checks. */
export class CheckContext {
  readonly policies: readonly CaPolicy[];
  readonly unreadablePolicies: readonly { id: string; problem: string }[];
  private readonly names = new Map<string, Subject>();

  constructor(
    readonly snapshot: ConfigSnapshot,
    readonly now: Date,
    readonly signins?: SignInSignals,
  ) {
    const parsed = parseAll(snapshot.resources.get('conditionalAccessPolicies') ?? [], caPolicySchema);
    this.policies = parsed.items;
    this.unreadablePolicies = parsed.rejected;
    for (const u of this.list('users') ?? []) {
      const id = str(u, 'id');
      const upn = str(u, 'userPrincipalName');
      if (id)
        this.names.set(id, { type: 'user', id, name: str(u, 'displayName') ?? upn ?? id, ...(upn ? { upn } : {}) });
    }
    for (const s of this.list('servicePrincipals') ?? []) this.remember(s, 'servicePrincipal', str(s, 'displayName'));
    for (const a of this.list('applications') ?? []) this.remember(a, 'application', str(a, 'displayName'));
    // A service principal or application is removed, and its credentials rotated, by ids: keep its app id beside.
    for (const o of [...(this.list('servicePrincipals') ?? []), ...(this.list('applications') ?? [])]) {
      const id = str(o, 'id');
      const appId = str(o, 'appId');
      const known = id ? this.names.get(id) : undefined;
      if (id && known && appId) this.names.set(id, { ...known, appId });
    }
    for (const r of this.list('roleDefinitions') ?? []) this.remember(r, 'role', str(r, 'displayName'));
    for (const g of this.list('groups') ?? []) this.remember(g, 'group', str(g, 'displayName'));
    for (const [id, name] of Object.entries(PRIVILEGED_ROLES))
      if (!this.names.has(id)) this.names.set(id, { type: 'role', id, name });
  }

  private remember(o: GraphObject, type: Subject['type'], name: string | undefined): void {
    const id = str(o, 'id');
    if (id) this.names.set(id, name === undefined ? { type, id } : { type, id, name });
  }

  /** A resource's objects, or undefined when the snapshot does not hold it. */
  list(resource: string): readonly GraphObject[] | undefined {
    return this.snapshot.resources.get(resource);
  }

  /** The single object of a policy resource (securityDefaults), or undefined. */
  single(resource: string): GraphObject | undefined {
    return this.snapshot.resources.get(resource)?.[0];
  }

  /** The no-data outcome when any of these resources is absent, else undefined. */
  missing(...resources: string[]): CheckOutcome | undefined {
    const absent = resources.filter((r) => !this.snapshot.resources.has(r));
    return absent.length > 0 ? { kind: 'no-data', missing: absent } : undefined;
  }

  /** The subject an id names: a known object, or one of the given type with the id alone. */
  subject(id: string, fallback: Subject['type']): Subject {
    return this.names.get(id) ?? { type: fallback, id };
  }

  /** Member, enabled user accounts (guests and disabled accounts are out of scope for "every user" checks). */
  enabledMembers(): GraphObject[] {
    return (this.list('users') ?? []).filter(
      (u) => u.accountEnabled !== false && String(u.userType ?? 'Member').toLowerCase() === 'member',
    );
  }

  /** Ids of the emergency accounts. */
  emergencyAccounts(): Set<string> {
    const out = new Set<string>();
    for (const u of this.list('users') ?? []) {
      const label = `${str(u, 'displayName') ?? ''} ${str(u, 'userPrincipalName') ?? ''}`;
      const id = str(u, 'id');
      if (id && EMERGENCY_NAME.test(label)) out.add(id);
    }
    return out;
  }

  /** Policies that are enforced: report-only and disabled policies enforce nothing (check 5). */
  enforced(): CaPolicy[] {
    return this.policies.filter((p) => p.state === 'enabled');
  }
}
