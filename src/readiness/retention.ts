/**
 * "How far back can we look?" per source: what the store holds, what Microsoft still holds for the tenant's
 * licences, and so the horizon today and the date evidence starts to be lost if collection stops.
 * Retention figures: reference/retention_and_2023_changes.md (Entra: Free 7 days, P1/P2 30 days for sign-ins and
 * audits; Purview Audit Standard 180 days since 2023-10-17, Premium one year for E5-licensed users' Exchange,
 * SharePoint, OneDrive and Entra records, 180 days for the rest).
 */
import type { SourceExtent } from './extent.js';
import type { Licences } from './licences.js';
import type { SourceDef } from './sources.js';

const DAY_MS = 86_400_000;

/** One retention Microsoft may apply: several are listed when the licence is unknown. */
export interface RetentionOption {
  readonly tier: string;
  readonly days: number;
  readonly basis: string;
}

/** The look-back answer for one source. */
export interface Lookback {
  readonly source: string;
  readonly label: string;
  readonly count: number;
  readonly earliest: string | null;
  readonly latest: string | null;
  /** Microsoft's retention for this tenant; two or more options when the licence is unknown. */
  readonly retention: readonly RetentionOption[];
  /** The retention used for dates: the known one, or the shortest when the licence is unknown. */
  readonly retentionDays: number | null;
  /** The oldest instant Microsoft still holds today (now - retention). */
  readonly microsoftFrom: string | null;
  /** How far back we can look today: the older of the store's earliest event and microsoftFrom. */
  readonly horizon: string | null;
  readonly horizonDays: number | null;
  /**
   * If collection stops now, the first event not yet collected (just after `latest`) leaves Microsoft's retention
   * on this date; a restart before it still backfills with no gap.
   */
  readonly lossDate: string | null;
  /** Events between the store's latest and microsoftFrom are gone for good (collection stopped too long ago). */
  readonly lost: { readonly from: string; readonly to: string } | null;
  readonly notes: readonly string[];
}

/** Microsoft's retention options for a source under the tenant's licences. */
export function retentionOptions(def: SourceDef, lic: Licences): RetentionOption[] {
  if (def.retention === 'none') return [];
  if (def.retention === 'entra') {
    const free = { tier: 'Entra ID Free', days: 7, basis: 'reference-reports-data-retention (Free: 7 days)' };
    const premium = { tier: 'Entra ID P1/P2', days: 30, basis: 'reference-reports-data-retention (P1/P2: 30 days)' };
    if (lic.entra === 'unknown') return [free, premium];
    return lic.entra === 'free' ? [free] : [{ ...premium, tier: `Entra ID ${lic.entra.toUpperCase()}` }];
  }
  if (def.retention === 'entra-risk') {
    // Risky sign-ins: Free 7, P1 30, P2 90 days (reference/retention_and_2023_changes.md); low-risk detections
    // age out after six months, others persist until remediated (id_protection_risk_detections.md).
    const tiers = [
      { tier: 'Entra ID Free', days: 7, basis: 'risky sign-ins, Free: 7 days' },
      { tier: 'Entra ID P1', days: 30, basis: 'risky sign-ins, P1: 30 days' },
      { tier: 'Entra ID P2', days: 90, basis: 'risky sign-ins, P2: 90 days' },
    ];
    if (lic.entra === 'unknown') return tiers;
    return tiers.filter((t) => t.tier.endsWith(lic.entra === 'free' ? 'Free' : lic.entra.toUpperCase()));
  }
  if (def.retention === 'azure-activity') {
    // UNVERIFIED: the Azure Activity log's 90 days (Azure Monitor's documentation, not in ../shared/reference).
    return [{ tier: 'Azure Monitor', days: 90, basis: 'Azure Activity log kept 90 days (UNVERIFIED)' }];
  }
  if (def.retention === 'defender') {
    // UNVERIFIED: Defender XDR keeps alerts and incidents 180 days (not in ../shared/reference).
    return [{ tier: 'Microsoft Defender XDR', days: 180, basis: 'alerts kept 180 days (UNVERIFIED)' }];
  }
  const standard = { tier: 'Purview Audit (Standard)', days: 180, basis: 'Audit (Standard) 180 days since 2023-10-17' };
  const premium = {
    tier: 'Purview Audit (Premium)',
    days: 365,
    basis: 'Audit (Premium) default policy: one year for E5-licensed users (others 180 days)',
  };
  if (lic.audit === 'unknown') return [standard, premium];
  if (lic.audit === 'none') return [];
  return lic.audit === 'premium' ? [premium] : [standard];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The look-back answer for one source at `now` (ms). */
export function lookback(def: SourceDef, extent: SourceExtent, lic: Licences, now: number): Lookback {
  const options = retentionOptions(def, lic);
  const notes: string[] = [];
  const known = lic.snapshotId !== undefined;
  if (!known && (def.retention === 'entra' || def.retention === 'entra-risk' || def.retention === 'purview'))
    notes.push('licence unknown (no subscribedSkus in a snapshot): both shown');
  if (def.retention === 'entra' && def.table === 'signins' && lic.entra === 'free') {
    notes.push('Entra ID Free: sign-ins cannot be read through Graph (P1/P2 needed); portal only, 7 days');
  }
  if (def.id === 'ual:mail-items-accessed') {
    notes.push(
      'MailItemsAccessed is logged only for mailboxes whose audit set includes it (customized mailboxes do not get new default actions)',
    );
  }
  if (def.retention === 'purview' && lic.audit === 'none')
    notes.push('no Purview Audit licence seen in subscribedSkus');
  if (def.retention === 'none')
    notes.push('Microsoft keeps no history of this: only what was collected shows the past');
  const days = options.length === 0 ? (def.retention === 'none' ? 0 : null) : Math.min(...options.map((o) => o.days));
  const msFrom = days === null ? null : now - days * DAY_MS;
  const earliest = extent.earliest === null ? null : Date.parse(extent.earliest);
  const latest = extent.latest === null ? null : Date.parse(extent.latest);
  const candidates = [earliest, def.retention === 'none' ? null : msFrom].filter((x): x is number => x !== null);
  const horizon = candidates.length === 0 ? null : Math.min(...candidates);
  let lossDate: number | null = null;
  if (days !== null && def.retention !== 'none') lossDate = latest === null ? msFrom : latest + days * DAY_MS;
  const lost =
    latest !== null && msFrom !== null && def.retention !== 'none' && latest < msFrom
      ? { from: iso(latest), to: iso(msFrom) }
      : null;
  if (latest === null && def.optional) notes.push('not sent: read when the tenant exports it');
  else if (latest === null && def.retention !== 'none')
    notes.push('nothing collected: evidence older than the retention is being lost every day');
  return {
    source: def.id,
    label: def.label,
    count: extent.count,
    earliest: extent.earliest,
    latest: extent.latest,
    retention: options,
    retentionDays: days,
    microsoftFrom: msFrom === null || def.retention === 'none' ? null : iso(msFrom),
    horizon: horizon === null ? null : iso(horizon),
    horizonDays: horizon === null ? null : Math.round(((now - horizon) / DAY_MS) * 10) / 10,
    lossDate: lossDate === null ? null : iso(lossDate),
    lost,
    notes,
  };
}
