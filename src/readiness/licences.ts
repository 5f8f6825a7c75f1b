/**
 * The tenant's licences as far as log retention is concerned, from `subscribedSkus` (GET /v1.0/subscribedSkus) in
 * the newest configuration snapshot. Service plan names decide first (a SKU bundles plans: Microsoft 365 E5 holds
 * AAD_PREMIUM_P2 and M365_ADVANCED_AUDITING); SKU part numbers are the fallback for bodies read without
 * servicePlans. Plan and SKU names are not in ../shared/reference: they are Microsoft's published licensing
 * service-plan names, cross-checked against public tooling that reads subscribedSkus; marked UNVERIFIED below.
 */
import { type GraphObject, nonEmptyStr, objs } from '../snapshot/graph-object.js';

/** Entra ID edition: decides sign-in and audit log retention. */
export type EntraTier = 'free' | 'p1' | 'p2' | 'unknown';
/** Purview Audit tier: decides unified audit log retention. */
export type AuditTier = 'none' | 'standard' | 'premium' | 'unknown';

/** What the snapshot says, and which SKUs said it. */
export interface Licences {
  readonly entra: EntraTier;
  readonly audit: AuditTier;
  /** Enabled SKU part numbers seen (empty when licence unknown). */
  readonly skus: readonly string[];
  /** The snapshot the licences were read from; undefined: "licence unknown". */
  readonly snapshotId: string | undefined;
}

// Service plans (UNVERIFIED names, see the file comment). AAD_PREMIUM = Entra ID P1, AAD_PREMIUM_P2 = P2.
const P2_PLANS = new Set(['AAD_PREMIUM_P2']);
const P1_PLANS = new Set(['AAD_PREMIUM']);
// Audit (Premium): the M365_ADVANCED_AUDITING plan (E5, E5 Compliance, E5 eDiscovery and Audit add-on).
const AUDIT_PREMIUM_PLANS = new Set(['M365_ADVANCED_AUDITING']);
// Audit (Standard) comes with any Microsoft 365 / Office 365 subscription that has Exchange Online; the plan that
// carries the audit platform is M365_AUDIT_PLATFORM, and any EXCHANGE_S_* plan implies a mailbox (UNVERIFIED).
const AUDIT_STANDARD_PLAN = /^(M365_AUDIT_PLATFORM|EXCHANGE_S_)/;

// Fallback by SKU part number when servicePlans are absent (UNVERIFIED bundle contents).
const P2_SKUS = new Set(['AAD_PREMIUM_P2', 'EMSPREMIUM', 'SPE_E5', 'IDENTITY_THREAT_PROTECTION', 'M365_E5']);
const P1_SKUS = new Set(['AAD_PREMIUM', 'EMS', 'SPE_E3', 'SPB', 'M365_E3', 'SPE_F1']);
const AUDIT_PREMIUM_SKUS = new Set([
  'SPE_E5',
  'ENTERPRISEPREMIUM',
  'ENTERPRISEPREMIUM_NOPSTNCONF',
  'INFORMATION_PROTECTION_COMPLIANCE',
  'M365_E5',
]);
const AUDIT_STANDARD_SKU =
  /^(ENTERPRISEPACK|STANDARDPACK|SPE_|SPB|O365_BUSINESS|EXCHANGE|M365_|DESKLESSPACK|ENTERPRISEPREMIUM)/;

/** A SKU counts when it is enabled (or in its grace "Warning" state) with at least one enabled unit. */
function active(sku: GraphObject): boolean {
  const status = nonEmptyStr(sku, 'capabilityStatus');
  if (status !== undefined && status !== 'Enabled' && status !== 'Warning') return false;
  const units = sku.prepaidUnits as { enabled?: unknown } | undefined;
  return units?.enabled === undefined || Number(units.enabled) > 0;
}

/** Licences from the subscribedSkus objects; `snapshotId` undefined means no snapshot read them. */
export function licencesFrom(skus: readonly GraphObject[] | undefined, snapshotId: string | undefined): Licences {
  if (skus === undefined || snapshotId === undefined) {
    return { entra: 'unknown', audit: 'unknown', skus: [], snapshotId: undefined };
  }
  const on = skus.filter(active);
  const parts = on.map((s) => nonEmptyStr(s, 'skuPartNumber') ?? '').filter((p) => p !== '');
  const plans = on.flatMap((s) =>
    objs(s, 'servicePlans')
      .filter((p) => (nonEmptyStr(p, 'provisioningStatus') ?? 'Success') !== 'Disabled')
      .map((p) => nonEmptyStr(p, 'servicePlanName') ?? ''),
  );
  const hasPlan = (set: ReadonlySet<string>) => plans.some((p) => set.has(p));
  const hasSku = (set: ReadonlySet<string>) => parts.some((p) => set.has(p));
  const entra: EntraTier =
    hasPlan(P2_PLANS) || hasSku(P2_SKUS) ? 'p2' : hasPlan(P1_PLANS) || hasSku(P1_SKUS) ? 'p1' : 'free';
  const audit: AuditTier =
    hasPlan(AUDIT_PREMIUM_PLANS) || hasSku(AUDIT_PREMIUM_SKUS)
      ? 'premium'
      : plans.some((p) => AUDIT_STANDARD_PLAN.test(p)) || parts.some((p) => AUDIT_STANDARD_SKU.test(p))
        ? 'standard'
        : 'none';
  return { entra, audit, skus: [...new Set(parts)].sort(), snapshotId };
}
