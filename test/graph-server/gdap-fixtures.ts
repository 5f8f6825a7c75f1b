/**
 * GDAP relationships and access assignments as a partner tenant's Graph returns them
 * (tenantRelationships/delegatedAdminRelationships, v1.0 field names), for the partner round's tests.
 */
import { fixtureId } from './fixtures.js';
import type { ConfigData, GraphObject } from './tenant-data.js';

/** The partner's app: it holds DelegatedAdminRelationship.Read.All and nothing else. */
export const PARTNER_APP = 'e5a4b9c6-6f7d-4b1c-8a8e-9d8f7e6d5c43';
export const GDAP_ROLES = ['DelegatedAdminRelationship.Read.All'];

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
export const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
export const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86_400_000;

export interface RelationshipPlan {
  readonly customer: { readonly tenantId: string; readonly displayName: string };
  readonly roles: readonly string[];
  readonly status?: string;
  /** Days since activation (default 100). */
  readonly ageDays?: number;
  /** Without an end date (Graph gives none). */
  readonly noEnd?: boolean;
  readonly autoExtend?: string;
  /** Access assignments of the relationship (default 1, with the relationship's roles). */
  readonly assignments?: number;
}

/** One relationship (number n) and its access assignments. */
export function gdapRelationship(
  n: number,
  p: RelationshipPlan,
  now: number,
): { relationship: GraphObject; assignments: GraphObject[] } {
  const activated = now - (p.ageDays ?? 100) * DAY;
  const id = `${fixtureId(0xda, n)}-${p.customer.tenantId}`;
  const unifiedRoles = p.roles.map((roleDefinitionId) => ({ roleDefinitionId }));
  const relationship: GraphObject = {
    '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
    id,
    displayName: `Managed services ${n}`,
    duration: 'P730D',
    status: p.status ?? 'active',
    autoExtendDuration: p.autoExtend ?? 'PT0S',
    createdDateTime: iso(activated - DAY),
    lastModifiedDateTime: iso(activated),
    activatedDateTime: iso(activated),
    endDateTime: p.noEnd ? null : iso(activated + 730 * DAY),
    customer: { tenantId: p.customer.tenantId, displayName: p.customer.displayName },
    accessDetails: { unifiedRoles },
  };
  const assignments = Array.from({ length: p.assignments ?? 1 }, (_, k) => ({
    '@odata.type': '#microsoft.graph.delegatedAdminAccessAssignment',
    id: fixtureId(0xdb, n * 1000 + k),
    status: 'active',
    createdDateTime: iso(activated),
    lastModifiedDateTime: iso(activated),
    accessContainer: { accessContainerId: fixtureId(0x6b, (k % 3) + 1), accessContainerType: 'securityGroup' },
    accessDetails: { unifiedRoles },
  }));
  return { relationship, assignments };
}

/** A partner tenant's configuration holding the planned relationships. */
export function partnerConfig(plans: readonly RelationshipPlan[], now: number): ConfigData {
  const relationships: GraphObject[] = [];
  const accessAssignments: Record<string, GraphObject[]> = {};
  plans.forEach((p, n) => {
    const { relationship, assignments } = gdapRelationship(n, p, now);
    relationships.push(relationship);
    accessAssignments[String(relationship.id)] = assignments;
  });
  return {
    lists: { delegatedAdminRelationships: relationships },
    singles: {},
    appRoleAssignedTo: {},
    federation: {},
    accessAssignments,
  };
}
