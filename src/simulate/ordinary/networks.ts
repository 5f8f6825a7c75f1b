/**
 * The networks a person signs in from: the office egress, their home line, their phone's carrier, a hotel abroad.
 * Home addresses are stable per person; mobile and travel addresses change from day to day, as carriers' do.
 */
import { docIpv6, locationOf, TRAVEL_DESTINATIONS } from '../catalog/places.js';
import type { Rng } from '../random.js';
import type { NetPoint } from '../signin-factory.js';
import type { TenantUser } from '../tenant.js';

/** The office's egress address. */
export function officeNet(user: TenantUser): NetPoint {
  return { ip: user.officeIp, asn: user.office.officeAsn, location: locationOf(user.office.place) };
}

/** The person's home broadband. */
export function homeNet(user: TenantUser): NetPoint {
  return { ip: user.homeIp, asn: user.office.homeAsn, location: locationOf(user.office.place) };
}

/** The phone's carrier network (a new address each call: carriers rotate them). */
export function mobileNet(user: TenantUser, rng: Rng): NetPoint {
  return {
    ip: docIpv6(user.office.v6Group + 0x80, user.index + 1, rng.int(1, 0xfffe)),
    asn: user.office.mobileAsn,
    location: locationOf(user.office.place),
  };
}

/** A hotel or roaming network at the person's trip destination. */
export function travelNet(user: TenantUser, destination: number, rng: Rng): NetPoint {
  const dest = TRAVEL_DESTINATIONS[destination];
  if (dest === undefined) throw new RangeError(`no travel destination ${destination}`);
  return {
    ip: docIpv6(dest.v6Group, user.index + 1, rng.int(1, 0xfffe)),
    asn: dest.asn,
    location: locationOf(dest.place),
  };
}

/** The trip destination index when `day` (UTC midnight) falls inside the person's trip, else undefined. */
export function tripOn(user: TenantUser, day: number): number | undefined {
  const t = user.trip;
  if (t === null) return undefined;
  return day >= t.start && day < t.start + t.days * 86_400_000 ? t.destination : undefined;
}
