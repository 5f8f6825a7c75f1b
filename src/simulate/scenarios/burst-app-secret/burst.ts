/**
 * Stage 1: a two-hour password burst on 2025-09-17 (not weeks of low-and-slow like seed 003), over POP3 and
 * Exchange Web Services basic auth, two rounds over ~120 accounts; the second round finds the Application
 * Integration Engineer's password over POP3.
 */
import { HOUR, MINUTE, SECOND, utc } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { unknownDevice } from '../../catalog/devices.js';
import type { SimulatedErrorCode } from '../../catalog/signin-errors.js';
import type { BetaSignIn } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import { makeSignIn, type NetPoint, passwordStep } from '../../signin-factory.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import { BURST_NETS } from './attacker.js';

/** When the burst starts (UTC). */
export const BURST_START = utc('2025-09-17T02:00:00Z');

/** The burst's sign-ins and the one that succeeded. */
export interface BurstResult {
  readonly signIns: BetaSignIn[];
  readonly success: BetaSignIn;
}

/** Runs the burst against `victim` (pass the scenario's `rng.fork('burst')`). */
export function passwordBurst(tenant: Tenant, rng: Rng, victim: TenantUser): BurstResult {
  const pool = rng.sample(
    tenant.users.filter((u) => u !== victim && u !== tenant.executive && u.createdAt === null),
    118,
  );
  const out: BetaSignIn[] = [];
  let success: BetaSignIn | undefined;
  for (let round = 0; round < 2; round++) {
    const order = rng.shuffle([...pool, victim]);
    const half = Math.ceil(order.length / 2);
    BURST_NETS.forEach((net, i) => {
      let at = BURST_START + round * 90 * MINUTE + rng.int(0, 300) * SECOND;
      for (const account of order.slice(i * half, (i + 1) * half)) {
        const hit = round === 1 && account === victim && net === BURST_NETS[0];
        out.push(attempt(tenant, rng, net, account, at, hit ? 0 : 50126));
        if (hit) success = out[out.length - 1];
        at += rng.int(8, 25) * SECOND;
      }
    });
  }
  if (success === undefined) {
    // The victim fell in the second address's half: the attacker tries it once more over POP3.
    const at = BURST_START + 2 * HOUR + rng.int(0, 600) * SECOND;
    success = attempt(tenant, rng, BURST_NETS[0], victim, at, 0);
    out.push(success);
  }
  return { signIns: out, success };
}

function attempt(
  tenant: Tenant,
  rng: Rng,
  net: NetPoint,
  user: TenantUser,
  at: number,
  errorCode: SimulatedErrorCode,
): BetaSignIn {
  const pop = net === BURST_NETS[0];
  return makeSignIn(tenant, rng, {
    user,
    at,
    app: MS.exchangeOnline,
    resource: MS.exchangeOnline,
    clientAppUsed: pop ? 'POP3' : 'Exchange Web Services',
    net,
    device: unknownDevice(),
    userAgent: pop ? '' : 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
    errorCode,
    mfa: false,
    authenticationDetails: [passwordStep(at, errorCode === 0)],
    protocol: 'ropc',
  });
}
