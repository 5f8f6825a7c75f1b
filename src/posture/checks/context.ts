/**
 * What every check needs besides its own logic: the snapshot's resources by name, the CA policies parsed once,
 * names for ids (so evidence says "Jonathan Tan", not a GUID), the privileged roles and the emergency accounts.
 */

import type { ConfigSnapshot } from '../../snapshot/config-snapshot.js';
import { type GraphObject, str } from '../../snapshot/graph-object.js';
import { type CaPolicy, caPolicySchema, parseAll } from '../graph-shapes.js';
import type { CheckOutcome, Subject } from '../model.js';

/**
 * Roles whose holders can take the tenant over, by built-in template id. The first three are the Tier-0 roles of
 * check 21 (reference/posture_checks.md: CIPP ZTNA21836, Maester MT.1027); the rest follow SCuBA's "highly
 * privileged roles" idea, our selection.
 */
export const TIER0_ROLES: Readonly<Record<string, string>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
};

/** Tier-0 plus the administrator roles that can reset or re-credential other identities. */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  ...TIER0_ROLES,
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
};

/** Global Administrator's template id. */
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

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
