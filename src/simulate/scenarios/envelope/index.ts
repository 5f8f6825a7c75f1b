/**
 * Named variants of the detection-envelope sweep, replayable with `simulate --scenario NAME`. They are not part of
 * `--scenario all` (the demo tenant's stories): each is one point of the sweep's grid (src/sweep/grid.ts), written
 * on top of the ordinary month so a user can watch what premortem does with it.
 */
import { DAY, graphSeconds, HOUR, utc } from '../../calendar.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import type { Scenario } from '../types.js';
import { generateVariant, type VariantSpec } from './variants.js';

/** The names of the replayable variants. */
export type EnvelopeScenarioName =
  | 'brute-force-low-and-slow'
  | 'brute-force-burst'
  | 'spray-one-network'
  | 'benign-phone-old-password'
  | 'benign-nat-many-users'
  | 'benign-traveller'
  | 'benign-service-account'
  | 'benign-risk-already-handled';

/** What a replayable variant did. */
export interface EnvelopeTruth {
  readonly scenario: EnvelopeScenarioName;
  readonly spec: VariantSpec;
  /** Accounts attacked (benign: the accounts that failed). */
  readonly targets: readonly string[];
  readonly addresses: readonly string[];
  /** The attacker's successful sign-in, when the variant has one. */
  readonly successId?: string;
  readonly start: string;
  readonly end: string;
}

const START = utc('2025-09-05T00:00:00Z');

/** How many accounts a variant works on: a prime, so a spray's addresses and networks each reach distinct ones. */
export const VICTIMS = 61;

/** Every named variant: what it is, and its point on the grid. */
export const ENVELOPE_VARIANTS: Readonly<Record<EnvelopeScenarioName, { title: string; spec: VariantSpec }>> = {
  'brute-force-low-and-slow': {
    title:
      'one account, ~6 failures an hour from 1,000 rotating addresses over ten days (mostly 50053), then a success 2.5 days after',
    spec: {
      kind: 'brute-force',
      ratePerHour: 6,
      addresses: 1000,
      durationHours: 240,
      lockoutShare: 0.8,
      ipv6: false,
      successAfterMs: 2.5 * DAY,
    },
  },
  'brute-force-burst': {
    title: 'one account, 60 failures in an hour from one address, then a success ten minutes after',
    spec: {
      kind: 'brute-force',
      ratePerHour: 60,
      addresses: 1,
      durationHours: 1,
      lockoutShare: 0.5,
      ipv6: false,
      successAfterMs: 10 * 60_000,
    },
  },
  'spray-one-network': {
    title: 'a spray of 200 attempts an hour from 100 addresses of one hosting network for a day, then a success',
    spec: {
      kind: 'spray',
      ratePerHour: 200,
      addresses: 100,
      networks: 1,
      durationHours: 24,
      legacy: true,
      ipv6: false,
      successAfterMs: HOUR,
    },
  },
  'benign-phone-old-password': {
    title: 'a phone retrying an old password every ten minutes for five days (must stay quiet)',
    spec: { kind: 'benign', story: 'phone-old-password', durationHours: 120 },
  },
  'benign-nat-many-users': {
    title: 'people behind one office address mistyping each morning for a week (must stay quiet)',
    spec: { kind: 'benign', story: 'nat-many-users', durationHours: 168 },
  },
  'benign-traveller': {
    title: 'a traveller mistyping on three networks a day for a week (must stay quiet)',
    spec: { kind: 'benign', story: 'traveller', durationHours: 168 },
  },
  'benign-service-account': {
    title: 'a scheduled job with a changed stored password, every five minutes for three days (must stay quiet)',
    spec: { kind: 'benign', story: 'service-account-old-password', durationHours: 72 },
  },
  'benign-risk-already-handled': {
    title:
      'high-risk sign-ins whose risk was dismissed, remediated or confirmed safe, one a day for a week (must stay quiet)',
    spec: { kind: 'benign', story: 'risk-already-handled', durationHours: 168 },
  },
};

/** The users a variant works on: ordinary staff, never the executive or the administrators of the demo stories. */
export function variantUsers(tenant: Tenant, offset: number, count: number): TenantUser[] {
  const pool = tenant.users.slice(40);
  return Array.from({ length: count }, (_, i) => pool[(offset + i) % pool.length] as TenantUser);
}

function scenario(name: EnvelopeScenarioName): Scenario<EnvelopeTruth> {
  const { title, spec } = ENVELOPE_VARIANTS[name];
  return {
    name,
    title,
    seed: 'detection-envelope sweep (docs/rules.md)',
    window: { start: graphSeconds(START), end: graphSeconds(START + 20 * DAY) },
    run(tenant, rng) {
      const out = generateVariant(tenant, rng, spec, START, variantUsers(tenant, 100, VICTIMS));
      return {
        signIns: out.signIns,
        directoryAudits: [],
        truth: {
          scenario: name,
          spec,
          targets: out.targets,
          addresses: out.addresses,
          ...(out.successId === undefined ? {} : { successId: out.successId }),
          start: graphSeconds(out.start),
          end: graphSeconds(out.end),
        },
      };
    },
  };
}

/** The replayable variants as scenarios (selected by name only, never by "all"). */
export const ENVELOPE_SCENARIOS: readonly Scenario<EnvelopeTruth>[] = (
  Object.keys(ENVELOPE_VARIANTS) as EnvelopeScenarioName[]
).map(scenario);
