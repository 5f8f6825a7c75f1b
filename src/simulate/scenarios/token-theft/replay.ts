/**
 * Seed 004, stage 1: the session victim signs in to Outlook on the web at the office in the morning; the thief,
 * holding that session's token, redeems it silently from abroad half an hour later and over the next two days.
 * Entra logs the replays as non-interactive sign-ins in the victim's session (same sessionId) from a country with
 * no interactive sign-in: what the token-replay rule looks for.
 */
import { localToUtc, MINUTE, SECOND } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import type { BetaSignIn } from '../../graph-types.js';
import { officeNet } from '../../ordinary/networks.js';
import type { Rng } from '../../random.js';
import { makeSignIn, passwordStep, previouslySatisfied, pushStep } from '../../signin-factory.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import { THIEF_BROWSER, THIEF_NET } from './attacker.js';
import { REPLAY_MINUTES, THEFT_DAY } from './story.js';

/** The session's sign-ins, by role in the story. */
export interface SessionReplay {
  readonly sessionId: string;
  /** The victim's own morning sign-in: when the session starts. */
  readonly victimSignIn: BetaSignIn;
  /** The victim's own silent token refresh later that morning (the legitimate use of the session). */
  readonly victimRefresh: BetaSignIn;
  readonly replays: readonly BetaSignIn[];
}

/** The stolen session and its replays (pass the scenario's `rng.fork('replay')`). */
export function sessionReplay(tenant: Tenant, rng: Rng, victim: TenantUser): SessionReplay {
  const sessionId = rng.uuid();
  const mfa = victim.perUserMfa;
  const start = localToUtc(THEFT_DAY, 9 + rng.int(0, 40) / 60, victim.office.place.utcOffset);
  const outlook = { user: victim, app: MS.outlookWeb, resource: MS.exchangeOnline, clientAppUsed: 'Browser' };
  const steps = mfa ? [passwordStep(start, true), pushStep(start)] : [passwordStep(start, true)];
  const victimSignIn = makeSignIn(tenant, rng, {
    ...outlook,
    at: start,
    net: officeNet(victim),
    device: victim.laptop.detail,
    userAgent: victim.laptop.browserUserAgent,
    errorCode: 0,
    mfa,
    authenticationDetails: steps,
    protocol: 'none',
    sessionId,
  });
  const silent = (at: number) => ({
    ...outlook,
    at,
    errorCode: 0 as const,
    mfa,
    authenticationDetails: [previouslySatisfied(at, mfa)],
    successDetails: mfa ? 'MFA requirement satisfied by claim in the token' : null,
    protocol: 'none' as const,
    incomingTokenType: 'refreshToken' as const,
    nonInteractive: true,
    sessionId,
  });
  const refreshAt = start + 20 * MINUTE + rng.int(0, 59) * SECOND;
  const victimRefresh = makeSignIn(tenant, rng, {
    ...silent(refreshAt),
    net: officeNet(victim),
    device: victim.laptop.detail,
    userAgent: victim.laptop.browserUserAgent,
  });
  const replays = REPLAY_MINUTES.map((m) =>
    makeSignIn(tenant, rng, {
      ...silent(start + m * MINUTE + rng.int(0, 59) * SECOND),
      net: THIEF_NET,
      device: THIEF_BROWSER.device,
      userAgent: THIEF_BROWSER.userAgent,
    }),
  );
  return { sessionId, victimSignIn, victimRefresh, replays };
}
