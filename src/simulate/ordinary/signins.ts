/**
 * A month of ordinary interactive sign-ins: people work office hours in their own time zone, from the office or
 * home, on a laptop (browser or desktop apps) or their phone; a few travel; a few read mail over Exchange
 * ActiveSync. The usual noise is there too, because detections must not fire on it: a mistyped password followed
 * by a success (50126), MFA and "keep me signed in" interrupts (50074, 50140), silent SSO misses (50058).
 */
import { daysBetween, HOUR, isWeekend, localToUtc, SIMULATION_END, SIMULATION_START } from '../calendar.js';
import { type AppRef, MS, THIRD_PARTY } from '../catalog/apps.js';
import { forApp, IOS_MAIL_EAS_USER_AGENT, type UserDevice } from '../catalog/devices.js';
import type { BetaSignIn } from '../graph-types.js';
import type { Rng } from '../random.js';
import { makeSignIn, type NetPoint, passwordStep, previouslySatisfied, pushStep } from '../signin-factory.js';
import type { Tenant, TenantUser } from '../tenant.js';
import { homeNet, mobileNet, officeNet, travelNet, tripOn } from './networks.js';

const BROWSER = 'Browser';
const MODERN_CLIENT = 'Mobile Apps and Desktop clients';

type Target = readonly [app: AppRef, resource: AppRef];

const BROWSER_APPS: readonly (readonly [Target, number])[] = [
  [[MS.officeHome, MS.officeHome], 3],
  [[MS.outlookWeb, MS.exchangeOnline], 3],
  [[MS.sharePoint, MS.sharePoint], 2],
  [[MS.teams, MS.teamsServices], 1],
  [[MS.myApps, MS.graph], 1],
  [[THIRD_PARTY.zoom, THIRD_PARTY.zoom], 0.5],
  [[THIRD_PARTY.workday, THIRD_PARTY.workday], 0.5],
  [[THIRD_PARTY.docusign, THIRD_PARTY.docusign], 0.3],
];

/** Single sign-on apps one department uses daily. */
const DEPARTMENT_APPS: Readonly<Record<string, AppRef>> = {
  Sales: THIRD_PARTY.salesforce,
  Finance: THIRD_PARTY.xero,
  Engineering: THIRD_PARTY.atlassian,
  'Human Resources': THIRD_PARTY.workday,
  IT: MS.azurePortal,
};

const DESKTOP_APPS: readonly (readonly [Target, number])[] = [
  [[MS.office, MS.graph], 3],
  [[MS.teams, MS.teamsServices], 3],
  [[MS.oneDriveSync, MS.sharePoint], 2],
  [[MS.authBroker, MS.deviceRegistration], 1],
];

const PHONE_APPS: readonly (readonly [Target, number])[] = [
  [[MS.outlookMobile, MS.exchangeOnline], 4],
  [[MS.teams, MS.teamsServices], 3],
  [[MS.authBroker, MS.deviceRegistration], 1],
];

/** All ordinary sign-ins of the tenant for the simulated month (pass `rng.fork('ordinary-signins')`). */
export function ordinarySignIns(tenant: Tenant, rng: Rng): BetaSignIn[] {
  const out: BetaSignIn[] = [];
  const days = daysBetween(SIMULATION_START, SIMULATION_END);
  for (const user of tenant.users) {
    // One stream per person: a change to one person's habits leaves everyone else's events as they were.
    const r = rng.fork(user.id);
    for (const day of days) {
      userDay(tenant, r, user, day, out);
      if (user.easPhone && user.phone) easDay(tenant, r, user, user.phone, day, out);
    }
  }
  return out;
}

function userDay(tenant: Tenant, rng: Rng, user: TenantUser, day: number, out: BetaSignIn[]): void {
  const offset = user.office.place.utcOffset;
  const weekend = isWeekend(day, offset);
  if (weekend ? !rng.chance(0.2) : rng.chance(0.04)) return; // weekends are quiet; 4% of workdays are leave
  const count = weekend ? 1 : Math.max(1, user.sessionsPerWorkday + rng.int(-1, 1));
  const hours = Array.from({ length: count }, () => 8 + rng.next() * 10.5).sort((a, b) => a - b);
  const trip = tripOn(user, day);
  const atOffice = !weekend && trip === undefined && rng.chance(0.65);
  hours.forEach((hour, i) => {
    const at = localToUtc(day, hour, offset);
    // A new hire signs in for the first time a couple of hours after the account exists.
    if (user.createdAt !== null && at < user.createdAt + 2 * HOUR) return;
    if (at < SIMULATION_START || at >= SIMULATION_END) return;
    const phone = user.phone !== null && (weekend || rng.chance(0.3));
    const device = phone && user.phone ? user.phone : user.laptop;
    const net: NetPoint =
      trip !== undefined
        ? travelNet(user, trip, rng)
        : phone
          ? mobileNet(user, rng)
          : atOffice
            ? officeNet(user)
            : homeNet(user);
    session(tenant, rng, { user, device, net, at, fresh: i === 0 }, out);
  });
}

interface SessionContext {
  readonly user: TenantUser;
  readonly device: UserDevice;
  readonly net: NetPoint;
  readonly at: number;
  /** The first sign-in of the day asks for credentials; later ones ride on the session token. */
  readonly fresh: boolean;
}

function session(tenant: Tenant, rng: Rng, s: SessionContext, out: BetaSignIn[]): void {
  const browser = s.device.kind === 'laptop' && rng.chance(0.5);
  const target = browser
    ? browserTarget(rng, s.user)
    : rng.weighted(s.device.kind === 'phone' ? PHONE_APPS : DESKTOP_APPS);
  const [app, resource] = target;
  const correlationId = rng.uuid();
  const mfa = s.user.perUserMfa;
  const base = {
    user: s.user,
    app,
    resource,
    clientAppUsed: browser ? BROWSER : MODERN_CLIENT,
    net: s.net,
    device: browser ? s.device.detail : forApp(s.device.detail),
    userAgent: browser ? s.device.browserUserAgent : s.device.appUserAgent,
    mfa,
    protocol: 'none' as const,
    correlationId,
  };
  if (!s.fresh) {
    if (browser && rng.chance(0.03)) {
      out.push(makeSignIn(tenant, rng, { ...base, at: s.at - 2000, errorCode: 50058, authenticationDetails: [] }));
    }
    const joined = s.device.detail.trustType === 'Azure AD joined' && !browser;
    out.push(
      makeSignIn(tenant, rng, {
        ...base,
        at: s.at,
        errorCode: 0,
        authenticationDetails: [previouslySatisfied(s.at, mfa)],
        successDetails: mfa ? 'MFA requirement satisfied by claim in the token' : null,
        incomingTokenType: joined ? 'primaryRefreshToken' : 'none',
      }),
    );
    return;
  }
  let at = s.at;
  if (rng.chance(0.03)) {
    // A typo: one 50126, then the right password within a minute (a person, not a spray).
    out.push(
      makeSignIn(tenant, rng, { ...base, at, errorCode: 50126, authenticationDetails: [passwordStep(at, false)] }),
    );
    at += rng.int(10, 60) * 1000;
  }
  if (mfa && rng.chance(0.2)) {
    // The MFA prompt shows up as a 50074 interrupt in the same flow, then the approved push.
    out.push(
      makeSignIn(tenant, rng, { ...base, at, errorCode: 50074, authenticationDetails: [passwordStep(at, true)] }),
    );
    at += rng.int(15, 45) * 1000;
  }
  const steps = mfa ? [passwordStep(at, true), pushStep(at)] : [passwordStep(at, true)];
  if (browser && rng.chance(0.08)) {
    out.push(makeSignIn(tenant, rng, { ...base, at, errorCode: 50140, authenticationDetails: steps }));
    at += rng.int(3, 12) * 1000;
  }
  out.push(makeSignIn(tenant, rng, { ...base, at, errorCode: 0, authenticationDetails: steps }));
}

function browserTarget(rng: Rng, user: TenantUser): Target {
  const own = DEPARTMENT_APPS[user.department];
  if (own !== undefined && rng.chance(0.25)) {
    return own === MS.azurePortal ? [MS.azurePortal, MS.azureManagementApi] : [own, own];
  }
  return rng.weighted(BROWSER_APPS);
}

/** The phone's built-in mail app syncing over Exchange ActiveSync, a few times a day, every day. */
function easDay(tenant: Tenant, rng: Rng, user: TenantUser, phone: UserDevice, day: number, out: BetaSignIn[]): void {
  const offset = user.office.place.utcOffset;
  const count = rng.int(3, 7);
  for (let i = 0; i < count; i++) {
    const at = localToUtc(day, 7 + rng.next() * 15, offset);
    if (at < SIMULATION_START || at >= SIMULATION_END) continue;
    const trip = tripOn(user, day);
    out.push(
      makeSignIn(tenant, rng, {
        user,
        at,
        app: MS.exchangeOnline,
        resource: MS.exchangeOnline,
        clientAppUsed: 'Exchange ActiveSync',
        net: trip === undefined ? mobileNet(user, rng) : travelNet(user, trip, rng),
        device: forApp(phone.detail),
        userAgent: IOS_MAIL_EAS_USER_AGENT,
        errorCode: 0,
        mfa: false,
        authenticationDetails: [passwordStep(at, true)],
        protocol: 'ropc',
      }),
    );
  }
}
