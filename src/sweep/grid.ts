/**
 * The sweep's grids: attack variants across each rule's envelope and beyond it, and the benign look-alikes. The
 * reduced grid runs in `npm test`; the full one in `npm run bench -- --sweep`.
 */
import { DAY, HOUR, MINUTE } from '../simulate/calendar.js';
import type { BenignSpec, BruteForceSpec, SpraySpec, VariantSpec } from '../simulate/index.js';

const BENIGN: readonly BenignSpec[] = [
  { kind: 'benign', story: 'phone-old-password', durationHours: 120 },
  { kind: 'benign', story: 'nat-many-users', durationHours: 168 },
  { kind: 'benign', story: 'traveller', durationHours: 168 },
  { kind: 'benign', story: 'service-account-old-password', durationHours: 72 },
  { kind: 'benign', story: 'risk-already-handled', durationHours: 168 },
];

function bruteForce(
  ratePerHour: number,
  addresses: number,
  durationHours: number,
  successAfterMs?: number,
  ipv6 = false,
): BruteForceSpec {
  return {
    kind: 'brute-force',
    ratePerHour,
    addresses,
    durationHours,
    lockoutShare: 0.8,
    ipv6,
    ...(successAfterMs === undefined ? {} : { successAfterMs }),
  };
}

function spray(
  ratePerHour: number,
  addresses: number,
  durationHours: number,
  options: { networks?: number; legacy?: boolean; ipv6?: boolean; successAfterMs?: number } = {},
): SpraySpec {
  return {
    kind: 'spray',
    ratePerHour,
    addresses,
    networks: options.networks ?? 1,
    durationHours,
    legacy: options.legacy ?? true,
    ipv6: options.ipv6 ?? false,
    ...(options.successAfterMs === undefined ? {} : { successAfterMs: options.successAfterMs }),
  };
}

/** A few points per rule, inside and outside its envelope, and every benign story: `npm test`. */
export const REDUCED_GRID: readonly VariantSpec[] = [
  // The low-and-slow attack, its first day alone (alerts within a day), and the burst.
  bruteForce(6, 1000, 240, 2.5 * DAY),
  bruteForce(6, 1000, 24),
  bruteForce(60, 1, 1, 10 * MINUTE),
  bruteForce(30, 1, 2, 14 * DAY, true),
  // Too slow and too few addresses for either view: outside both envelopes.
  bruteForce(2, 3, 72),
  spray(20, 1, 1, { successAfterMs: 1 * MINUTE }),
  spray(200, 100, 24, { successAfterMs: 2.5 * DAY }),
  spray(500, 1000, 1, { networks: 20, legacy: false, ipv6: true }),
  spray(5, 1, 720, { legacy: true }),
  ...BENIGN,
];

/** The whole grid: `npm run bench -- --sweep`. */
export function fullGrid(): VariantSpec[] {
  const out: VariantSpec[] = [];
  for (const rate of [1, 6, 20, 60]) {
    for (const addresses of [1, 5, 50, 1000]) {
      for (const hours of [1, 24, 240, 504]) {
        out.push(bruteForce(rate, addresses, hours, rate * hours >= 20 ? HOUR : undefined, addresses === 50));
      }
    }
  }
  for (const delay of [MINUTE, HOUR, DAY, 2.5 * DAY, 14 * DAY, 29 * DAY]) out.push(bruteForce(6, 1000, 48, delay));
  for (const rate of [1, 20, 100, 500]) {
    for (const addresses of [1, 10, 100, 1000]) {
      for (const hours of [1, 24, 720]) {
        if (rate * hours > 40_000) continue;
        out.push(spray(rate, addresses, hours, { networks: addresses >= 100 ? 4 : 1, legacy: addresses !== 10 }));
      }
    }
  }
  for (const delay of [MINUTE, HOUR, DAY, 14 * DAY, 29 * DAY]) out.push(spray(40, 2, 6, { successAfterMs: delay }));
  out.push(...BENIGN);
  return out;
}
