/**
 * Seed 003, stage 1: a low-and-slow password spray over legacy protocols, 2025-09-02 to 2025-09-25.
 * Twenty rounds (one password each) over a harvested list of ~400 addresses, most of them real mailboxes, the rest
 * guesses that do not exist (50034). Each round splits the list over the five addresses; each address works its
 * share in under an hour, then goes quiet. Between rounds the attacker tries the executive alone until Smart
 * Lockout answers 50053. The last round, late on 09-25, guesses the executive's password over SMTP AUTH.
 * Microsoft: "more than 99 percent of password spray attacks use legacy authentication protocols"
 * (reference/legacy_auth_clientapps.md); SMTP AUTH is the legacy protocol still open after 2022.
 */
import { DAY, HOUR, SECOND, utc } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { unknownDevice } from '../../catalog/devices.js';
import { GUESSED_LOCAL_PARTS, SURNAMES } from '../../catalog/people.js';
import type { SimulatedErrorCode } from '../../catalog/signin-errors.js';
import type { BetaSignIn } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import { makeSignIn, type NetPoint, passwordStep } from '../../signin-factory.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import { SPRAY_NETS, TAKEOVER_NET } from './attacker.js';

/** The first spray round (UTC midnight) and the day of the last one. */
export const SPRAY_START = utc('2025-09-02T00:00:00Z');
const LAST_ROUND_DAY = utc('2025-09-25T00:00:00Z');
const ROUNDS = 20;
/** Smart Lockout's default threshold: ten failures lock the account (reference/signin_error_codes.md, 50053). */
const LOCKOUT_THRESHOLD = 10;

type Account = TenantUser | { readonly unknownUpn: string };

/** The spray's events and the one that succeeded. */
export interface SprayResult {
  readonly signIns: BetaSignIn[];
  /** The errorCode 0 "Authenticated SMTP" sign-in of the executive, late on 2025-09-25. */
  readonly success: BetaSignIn;
  readonly targetedAccounts: number;
}

/** Runs the spray against the tenant (pass the scenario's `rng.fork('spray')`). */
export function passwordSpray(tenant: Tenant, rng: Rng): SprayResult {
  const exec = tenant.executive;
  const harvested = rng.sample(
    tenant.users.filter((u) => u !== exec && u.createdAt === null),
    Math.round(tenant.users.length * 0.7),
  );
  const list: Account[] = [exec, ...harvested, ...unknownAccounts(tenant, rng)];
  const out: BetaSignIn[] = [];
  let success: BetaSignIn | undefined;

  for (let round = 0; round < ROUNDS; round++) {
    const day = SPRAY_START + Math.round((round * (LAST_ROUND_DAY - SPRAY_START)) / DAY / (ROUNDS - 1)) * DAY;
    const last = round === ROUNDS - 1;
    const order = rng.shuffle(last ? list.filter((a) => a !== exec) : list);
    const share = Math.ceil(order.length / SPRAY_NETS.length);
    SPRAY_NETS.forEach((net, i) => {
      const chunk = order.slice(i * share, (i + 1) * share);
      // The last round: the takeover address reaches the executive after 20-50 tries, late in the evening (UTC).
      if (last && net === TAKEOVER_NET) chunk.splice(rng.int(20, 50), 0, exec);
      const start = day + (last ? (net === TAKEOVER_NET ? 21 : 18 + i * 0.5) * HOUR : rng.int(0, 20) * HOUR);
      let at = start + rng.int(0, last ? 1799 : 3599) * SECOND;
      for (const account of chunk) {
        const isExec = account === exec;
        const sign = attempt(tenant, rng, net, account, at, last && isExec ? 0 : codeFor(account));
        out.push(sign);
        if (last && isExec) success = sign;
        at += rng.int(15, 40) * SECOND;
      }
    });
    if (round % 6 === 5) targetExecutive(tenant, rng, day + DAY / 2, out);
  }
  if (success === undefined) throw new Error('spray-backdoor: the last round never reached the executive');
  return { signIns: out, success, targetedAccounts: list.length };
}

/** A focused burst on the executive: ten wrong passwords, then Smart Lockout answers 50053. */
function targetExecutive(tenant: Tenant, rng: Rng, around: number, out: BetaSignIn[]): void {
  const net = rng.pick(SPRAY_NETS);
  let at = around + rng.int(0, 6 * 3600) * SECOND;
  const tries = rng.int(14, 18);
  for (let i = 0; i < tries; i++) {
    out.push(attempt(tenant, rng, net, tenant.executive, at, i < LOCKOUT_THRESHOLD ? 50126 : 50053));
    at += rng.int(20, 45) * SECOND;
  }
}

function codeFor(account: Account): SimulatedErrorCode {
  return 'unknownUpn' in account ? 50034 : 50126;
}

/** One legacy-protocol attempt: SMTP AUTH mostly (BAV2ROPC), IMAP4 from the second network. */
function attempt(
  tenant: Tenant,
  rng: Rng,
  net: NetPoint,
  account: Account,
  at: number,
  errorCode: SimulatedErrorCode,
): BetaSignIn {
  const imap = net.asn !== TAKEOVER_NET.asn ? rng.chance(0.5) : rng.chance(0.05);
  const smtp = errorCode === 0 || !imap;
  return makeSignIn(tenant, rng, {
    user: account,
    at,
    app: MS.exchangeOnline,
    resource: MS.exchangeOnline,
    clientAppUsed: smtp ? 'Authenticated SMTP' : 'IMAP4',
    net,
    device: unknownDevice(),
    userAgent: smtp ? 'BAV2ROPC' : '',
    errorCode,
    mfa: false,
    authenticationDetails: errorCode === 50126 || errorCode === 0 ? [passwordStep(at, errorCode === 0)] : [],
    protocol: 'ropc',
  });
}

/** Role mailboxes and plausible former staff: addresses a harvested list carries that the tenant does not have. */
function unknownAccounts(tenant: Tenant, rng: Rng): Account[] {
  const existing = new Set(tenant.users.map((u) => u.userPrincipalName));
  const names = new Set(GUESSED_LOCAL_PARTS.map((local) => `${local}@${tenant.domain}`));
  while (names.size < GUESSED_LOCAL_PARTS.length + 15) {
    const upn = `${String.fromCharCode(97 + rng.int(0, 25))}.${rng.pick(SURNAMES).toLowerCase()}${rng.int(2, 9)}@${tenant.domain}`;
    if (!existing.has(upn)) names.add(upn);
  }
  return [...names].map((unknownUpn) => ({ unknownUpn }));
}
