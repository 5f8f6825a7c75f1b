/**
 * Attack variants and benign look-alikes for the detection-envelope sweep: each is described by a few numbers
 * (addresses, rate, duration, delay before a success) and generated deterministically from the rng it is given, so
 * that a sweep over a grid of them measures what each rule catches, and `simulate --scenario NAME` replays the
 * named ones. Attacker addresses come from 198.18.0.0/15 (RFC 2544, benchmarking) and 2001:db8::/32 (RFC 3849),
 * networks from RFC 5398's AS numbers, so no real network is accused.
 */
import { DAY, HOUR, MINUTE } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { unknownDevice } from '../../catalog/devices.js';
import { locationOf, type Place } from '../../catalog/places.js';
import type { SimulatedErrorCode } from '../../catalog/signin-errors.js';
import type { BetaSignIn } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import { makeSignIn, type NetPoint, passwordStep } from '../../signin-factory.js';
import type { Tenant, TenantUser } from '../../tenant.js';

const ABROAD: Place = {
  city: 'Frankfurt am Main',
  state: 'Hessen',
  countryOrRegion: 'DE',
  latitude: 50.1109,
  longitude: 8.6821,
  utcOffset: 1,
};

/** The k-th attacker address: IPv4 from 198.18.0.0/15, or IPv6 from 2001:db8:ff00::/40. */
export function attackerAddress(k: number, ipv6: boolean): string {
  if (ipv6) return `2001:db8:ff${(k >> 16).toString(16).padStart(2, '0')}:${(k & 0xffff).toString(16)}::1`;
  return `198.${18 + ((k >> 16) & 1)}.${(k >> 8) & 0xff}.${k & 0xff}`;
}

/** Address k of an attack whose addresses sit in `networks` AS numbers (64496–64511, RFC 5398). */
function attackerNet(k: number, networks: number, ipv6: boolean): NetPoint {
  return { ip: attackerAddress(k, ipv6), asn: 64496 + (k % Math.max(1, networks)), location: locationOf(ABROAD) };
}

/** One password attempt over a legacy protocol (SMTP AUTH) or a modern client, as the spray scenarios write it. */
function passwordAttempt(
  tenant: Tenant,
  rng: Rng,
  user: TenantUser | { readonly unknownUpn: string },
  at: number,
  net: NetPoint,
  errorCode: SimulatedErrorCode,
  legacy: boolean,
): BetaSignIn {
  return makeSignIn(tenant, rng, {
    user,
    at,
    app: legacy ? MS.exchangeOnline : MS.officeHome,
    resource: MS.exchangeOnline,
    clientAppUsed: legacy ? 'Authenticated SMTP' : 'Browser',
    net,
    device: unknownDevice(),
    userAgent: legacy ? 'BAV2ROPC' : 'Mozilla/5.0',
    errorCode,
    mfa: false,
    authenticationDetails: errorCode === 50126 || errorCode === 0 ? [passwordStep(at, errorCode === 0)] : [],
    protocol: legacy ? 'ropc' : 'none',
  });
}

/** A brute force against one account. */
export interface BruteForceSpec {
  readonly kind: 'brute-force';
  /** Failed attempts per hour, spread evenly (with jitter) over the duration. */
  readonly ratePerHour: number;
  /** Distinct addresses the attempts rotate over (1 = one address). */
  readonly addresses: number;
  readonly durationHours: number;
  /** Share of the failures answered 50053 (Smart Lockout) rather than 50126. */
  readonly lockoutShare: number;
  readonly ipv6: boolean;
  /** A successful sign-in from the address of the last failure, this long after it; absent: no success. */
  readonly successAfterMs?: number;
}

/** A password spray: many accounts, few attempts each. */
export interface SpraySpec {
  readonly kind: 'spray';
  /** Attempts per hour over all addresses, each against another account. */
  readonly ratePerHour: number;
  readonly addresses: number;
  /** AS numbers the addresses spread over (1: one hosting provider). */
  readonly networks: number;
  readonly durationHours: number;
  readonly legacy: boolean;
  readonly ipv6: boolean;
  /** One sprayed account signs in successfully from a spraying address, this long after the spray's last attempt. */
  readonly successAfterMs?: number;
}

/** What must stay quiet: ordinary failures that look like an attack. */
export interface BenignSpec {
  readonly kind: 'benign';
  readonly story:
    | 'phone-old-password'
    | 'nat-many-users'
    | 'traveller'
    | 'service-account-old-password'
    | 'risk-already-handled';
  readonly durationHours: number;
}

export type VariantSpec = BruteForceSpec | SpraySpec | BenignSpec;

/** A generated variant: its records and what a detector should see in them. */
export interface VariantOutput {
  readonly signIns: BetaSignIn[];
  /** Accounts attacked (or, for a benign story, the accounts that failed). */
  readonly targets: readonly string[];
  readonly addresses: readonly string[];
  /** The id of the attacker's successful sign-in, when the variant has one. */
  readonly successId?: string;
  readonly start: number;
  readonly end: number;
}

/** Spreads `count` events over [start, start + span) with up to a quarter-step of jitter, in time order. */
function spread(rng: Rng, start: number, span: number, count: number): number[] {
  const step = span / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => Math.round(start + i * step + rng.next() * step * 0.25));
}

function bruteForce(tenant: Tenant, rng: Rng, spec: BruteForceSpec, start: number, victim: TenantUser): VariantOutput {
  const count = Math.max(1, Math.round(spec.ratePerHour * spec.durationHours));
  const out: BetaSignIn[] = [];
  const used = new Set<string>();
  // A rotating proxy pool: a new address per attempt, in no particular order, until the pool comes round again.
  const pool = rng.shuffle(Array.from({ length: Math.max(1, spec.addresses) }, (_, k) => k));
  let last: NetPoint | undefined;
  spread(rng, start, spec.durationHours * HOUR, count).forEach((at, i) => {
    last = attackerNet(pool[i % pool.length] as number, 4, spec.ipv6);
    used.add(last.ip);
    out.push(passwordAttempt(tenant, rng, victim, at, last, i % 100 < spec.lockoutShare * 100 ? 50053 : 50126, true));
  });
  let successId: string | undefined;
  let end = out[out.length - 1] ? Date.parse(out[out.length - 1]?.createdDateTime ?? '') : start;
  if (spec.successAfterMs !== undefined && last !== undefined) {
    end += spec.successAfterMs;
    const success = passwordAttempt(tenant, rng, victim, end, last, 0, true);
    successId = success.id;
    out.push(success);
  }
  return { signIns: out, targets: [victim.userPrincipalName], addresses: [...used], successId, start, end };
}

function spray(
  tenant: Tenant,
  rng: Rng,
  spec: SpraySpec,
  start: number,
  victims: readonly TenantUser[],
): VariantOutput {
  const count = Math.max(1, Math.round(spec.ratePerHour * spec.durationHours));
  const out: BetaSignIn[] = [];
  const used = new Set<string>();
  const targets = new Set<string>();
  let lastNet: NetPoint | undefined;
  let lastUser: TenantUser | undefined;
  spread(rng, start, spec.durationHours * HOUR, count).forEach((at, i) => {
    const net = attackerNet(i % Math.max(1, spec.addresses), spec.networks, spec.ipv6);
    // Every attempt goes to the next account, whichever address sends it: a spray's addresses share one list, so
    // each address and each network meets as many distinct accounts as it makes attempts (until the list wraps).
    // Counting down from each address's own place instead made ten addresses at 20 an hour reach only 11
    // accounts an hour, a spray the per-network rule was never shown.
    const user = victims[i % victims.length] as TenantUser;
    used.add(net.ip);
    targets.add(user.userPrincipalName);
    lastNet = net;
    lastUser = user;
    out.push(passwordAttempt(tenant, rng, user, at, net, 50126, spec.legacy));
  });
  let successId: string | undefined;
  let end = Date.parse(out[out.length - 1]?.createdDateTime ?? '') || start;
  if (spec.successAfterMs !== undefined && lastNet !== undefined && lastUser !== undefined) {
    end += spec.successAfterMs;
    const success = passwordAttempt(tenant, rng, lastUser, end, lastNet, 0, spec.legacy);
    successId = success.id;
    out.push(success);
  }
  return { signIns: out, targets: [...targets], addresses: [...used], successId, start, end };
}

/** Ordinary failures: one device, one building, one traveller, one service account; never an attack. */
function benign(
  tenant: Tenant,
  rng: Rng,
  spec: BenignSpec,
  start: number,
  users: readonly TenantUser[],
): VariantOutput {
  const out: BetaSignIn[] = [];
  const user = users[0] as TenantUser;
  const hours = spec.durationHours;
  const office: NetPoint = { ip: user.officeIp, asn: 65501, location: locationOf(user.office.place) };
  const home: NetPoint = { ip: user.homeIp, asn: 65502, location: locationOf(user.office.place) };
  const fail = (u: TenantUser, at: number, net: NetPoint, legacy: boolean) =>
    out.push(passwordAttempt(tenant, rng, u, at, net, 50126, legacy));
  if (spec.story === 'phone-old-password') {
    // The mail app keeps the old password after a change: a try every ten minutes, from office Wi-Fi, home and the
    // carrier, for days.
    const carrier: NetPoint = {
      ip: attackerAddress(7, true).replace('ff00', 'fe00'),
      asn: 65503,
      location: home.location,
    };
    for (const at of spread(rng, start, hours * HOUR, hours * 6))
      fail(user, at, rng.pick([office, home, carrier]), true);
  } else if (spec.story === 'nat-many-users') {
    // Three hundred people behind one address, some mistyping each morning, some twice.
    for (let d = 0; d < Math.max(1, Math.round(hours / 24)); d++) {
      for (const u of rng.sample(users, Math.min(users.length, 8))) {
        fail(u, start + d * DAY + 8 * HOUR + rng.int(0, 120) * MINUTE, office, false);
      }
    }
  } else if (spec.story === 'traveller') {
    // Mistypes on a hotel network, the airport and a roaming carrier: three addresses a day.
    for (let d = 0; d < Math.max(1, Math.round(hours / 24)); d++) {
      for (let k = 0; k < 3; k++) {
        const net = attackerNet(1000 + d * 3 + k, 3, false);
        fail(user, start + d * DAY + (8 + k * 5) * HOUR, { ...net, asn: 65546 + k }, false);
      }
    }
  } else if (spec.story === 'risk-already-handled') {
    // ID Protection rated a traveller's sign-ins high risk each day, and the risk was then handled: dismissed by an
    // administrator, remediated by the user's password change, or confirmed safe. Nothing is left to alert on.
    const handled = [
      { riskState: 'dismissed', riskDetail: 'adminDismissedAllRiskForUser' },
      { riskState: 'remediated', riskDetail: 'userPerformedSecuredPasswordChange' },
      { riskState: 'confirmedSafe', riskDetail: 'adminConfirmedSigninSafe' },
    ] as const;
    for (let d = 0; d < Math.max(1, Math.round(hours / 24)); d++) {
      const at = start + d * DAY + 9 * HOUR + rng.int(0, 120) * MINUTE;
      const net = { ...attackerNet(2000 + d, 1, false), asn: 65550 };
      const signIn = makeSignIn(tenant, rng, {
        user,
        at,
        app: MS.officeHome,
        resource: MS.exchangeOnline,
        clientAppUsed: 'Browser',
        net,
        device: unknownDevice(),
        userAgent: 'Mozilla/5.0',
        errorCode: 0,
        mfa: true,
        authenticationDetails: [passwordStep(at, true)],
        protocol: 'none',
      });
      const state = handled[d % handled.length] as (typeof handled)[number];
      out.push({
        ...signIn,
        riskLevelDuringSignIn: 'high',
        riskLevelAggregated: 'high',
        riskEventTypes_v2: ['unfamiliarFeatures'],
        ...state,
      });
    }
  } else {
    // A scheduled job with a stored password that was changed: every five minutes from one server.
    const server: NetPoint = { ip: user.officeIp, asn: 65501, location: office.location };
    for (const at of spread(rng, start, hours * HOUR, hours * 12)) fail(user, at, server, true);
  }
  const times = out.map((s) => Date.parse(s.createdDateTime));
  return {
    signIns: out,
    targets: [...new Set(out.map((s) => s.userPrincipalName ?? ''))],
    addresses: [...new Set(out.map((s) => s.ipAddress))],
    start,
    end: Math.max(start, ...times),
  };
}

/** Generates one variant starting at `start` (ms) against the tenant's users (the first is the brute-force victim). */
export function generateVariant(
  tenant: Tenant,
  rng: Rng,
  spec: VariantSpec,
  start: number,
  users: readonly TenantUser[],
): VariantOutput {
  if (spec.kind === 'brute-force') return bruteForce(tenant, rng, spec, start, users[0] as TenantUser);
  if (spec.kind === 'spray') return spray(tenant, rng, spec, start, users);
  return benign(tenant, rng, spec, start, users);
}
