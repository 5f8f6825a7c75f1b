/**
 * Each sign-in attack rule's stated envelope (docs/rules.md and the rule's description), as a test over a variant's
 * numbers: inside it the rule must fire (recall 1.0), outside it the sweep only reports what it caught.
 */
import type { VariantSpec } from '../simulate/index.js';

const DAY_MS = 86_400_000;
/** success-after-brute-force remembers this long (its timespan). */
export const SUCCESS_MEMORY_MS = 30 * DAY_MS;
/**
 * success-after-spray remembers 24 hours (its timespan): a spraying address's later successes are the attacker's
 * footprint, told by the timeline and sp-signin-from-spray-ip (30 days); see the rule's description.
 */
export const SPRAY_SUCCESS_MEMORY_MS = DAY_MS;

const failures = (v: { ratePerHour: number; durationHours: number }, hours: number) =>
  Math.round(v.ratePerHour * Math.min(hours, v.durationHours));

function burst(v: VariantSpec): boolean {
  return v.kind === 'brute-force' && v.durationHours >= 1 && v.ratePerHour >= 20;
}

function distributed(v: VariantSpec): boolean {
  return v.kind === 'brute-force' && Math.min(v.addresses, failures(v, 24)) >= 10;
}

function sprayPerAddress(v: VariantSpec): boolean {
  return v.kind === 'spray' && v.durationHours >= 1 && v.ratePerHour / v.addresses >= 10;
}

/** Rule name → does the variant lie inside the envelope the rule states. */
export const ENVELOPES: Readonly<Record<string, (v: VariantSpec) => boolean>> = {
  'brute-force-account': burst,
  'brute-force-account-distributed': distributed,
  'success-after-brute-force': (v) =>
    v.kind === 'brute-force' &&
    v.successAfterMs !== undefined &&
    v.successAfterMs <= SUCCESS_MEMORY_MS &&
    (burst(v) || distributed(v)),
  'password-spray': sprayPerAddress,
  'password-spray-legacy': (v) =>
    v.kind === 'spray' && v.legacy && v.durationHours >= 1 && v.ratePerHour / v.addresses >= 5,
  'password-spray-asn': (v) => v.kind === 'spray' && v.durationHours >= 1 && v.ratePerHour / v.networks >= 20,
  'success-after-spray': (v) =>
    v.kind === 'spray' &&
    v.successAfterMs !== undefined &&
    v.successAfterMs <= SPRAY_SUCCESS_MEMORY_MS &&
    sprayPerAddress(v),
};

/** A short label of a variant for tables and failure messages. */
export function describeVariant(v: VariantSpec): string {
  const after = (ms: number | undefined) =>
    ms === undefined ? '' : `, success +${ms >= DAY_MS ? `${ms / DAY_MS}d` : `${ms / 60_000}min`}`;
  if (v.kind === 'benign') return `benign ${v.story} (${v.durationHours} h)`;
  if (v.kind === 'brute-force') {
    return `brute force ${v.ratePerHour}/h from ${v.addresses} address(es) for ${v.durationHours} h${v.ipv6 ? ' (IPv6)' : ''}${after(v.successAfterMs)}`;
  }
  return `spray ${v.ratePerHour}/h from ${v.addresses} address(es) in ${v.networks} network(s) for ${v.durationHours} h${v.legacy ? ' (legacy)' : ''}${v.ipv6 ? ' (IPv6)' : ''}${after(v.successAfterMs)}`;
}
