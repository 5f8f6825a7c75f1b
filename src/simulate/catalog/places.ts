/**
 * Where the demo tenant's people sign in from. Every address and AS number is from the ranges reserved for
 * documentation (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32; RFC 5398: ASNs
 * 64496-64511 and 65536-65551), so no real organisation's network appears in a demo or a screenshot.
 * Offices egress from 192.0.2.0/24; homes, phones and trips use IPv6; the attacker (see the scenarios) uses the
 * other two IPv4 ranges.
 */
import type { GraphSignInLocation } from '../graph-types.js';

/** A city as Graph's location block names it, with its UTC offset during September 2025. */
export interface Place {
  readonly city: string;
  readonly state: string;
  readonly countryOrRegion: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly utcOffset: number;
}

/** An office: its city, its egress addresses and the ASNs of the country's office, home and mobile networks. */
export interface Office {
  readonly place: Place;
  readonly weight: number;
  readonly egressIps: readonly string[];
  readonly officeAsn: number;
  readonly homeAsn: number;
  readonly mobileAsn: number;
  /** The third group of the IPv6 home and mobile prefixes (2001:db8:XXXX::/48), one per office. */
  readonly v6Group: number;
}

const place = (
  city: string,
  state: string,
  countryOrRegion: string,
  latitude: number,
  longitude: number,
  utcOffset: number,
): Place => ({ city, state, countryOrRegion, latitude, longitude, utcOffset });

/** The company's offices, weighted by headcount (Singapore headquarters). */
export const OFFICES: readonly Office[] = [
  {
    place: place('Singapore', 'Singapore', 'SG', 1.2897, 103.8501, 8),
    weight: 60,
    egressIps: ['192.0.2.10', '192.0.2.11', '192.0.2.12'],
    officeAsn: 64496,
    homeAsn: 65536,
    mobileAsn: 65541,
    v6Group: 0x1100,
  },
  {
    place: place('Kuala Lumpur', 'Wilayah Persekutuan Kuala Lumpur', 'MY', 3.139, 101.6869, 8),
    weight: 15,
    egressIps: ['192.0.2.20', '192.0.2.21'],
    officeAsn: 64497,
    homeAsn: 65537,
    mobileAsn: 65542,
    v6Group: 0x1200,
  },
  {
    place: place('Sydney', 'New South Wales', 'AU', -33.8688, 151.2093, 10),
    weight: 10,
    egressIps: ['192.0.2.30'],
    officeAsn: 64498,
    homeAsn: 65538,
    mobileAsn: 65543,
    v6Group: 0x1300,
  },
  {
    place: place('London', 'England', 'GB', 51.5072, -0.1276, 1),
    weight: 8,
    egressIps: ['192.0.2.40'],
    officeAsn: 64499,
    homeAsn: 65539,
    mobileAsn: 65544,
    v6Group: 0x1400,
  },
  {
    place: place('San Francisco', 'California', 'US', 37.7749, -122.4194, -7),
    weight: 7,
    egressIps: ['192.0.2.50'],
    officeAsn: 64500,
    homeAsn: 65540,
    mobileAsn: 65545,
    v6Group: 0x1500,
  },
];

/** Where the few travellers go (hotel and roaming networks). */
export const TRAVEL_DESTINATIONS: readonly { place: Place; asn: number; v6Group: number }[] = [
  { place: place('Tokyo', 'Tokyo', 'JP', 35.6762, 139.6503, 9), asn: 65546, v6Group: 0x2100 },
  { place: place('Hong Kong', 'Hong Kong', 'HK', 22.3193, 114.1694, 8), asn: 65547, v6Group: 0x2200 },
  { place: place('Jakarta', 'Jakarta', 'ID', -6.2088, 106.8456, 7), asn: 65548, v6Group: 0x2300 },
  { place: place('Bangkok', 'Bangkok', 'TH', 13.7563, 100.5018, 7), asn: 65549, v6Group: 0x2400 },
  { place: place('Frankfurt am Main', 'Hessen', 'DE', 50.1109, 8.6821, 2), asn: 65550, v6Group: 0x2500 },
];

/** Graph's location block for a place. */
export function locationOf(p: Place): GraphSignInLocation {
  return {
    city: p.city,
    state: p.state,
    countryOrRegion: p.countryOrRegion,
    geoCoordinates: { altitude: null, latitude: p.latitude, longitude: p.longitude },
  };
}

/** An IPv6 address in 2001:db8::/32 from a /48 group and two 16-bit host parts. */
export function docIpv6(group: number, a: number, b: number): string {
  return `2001:db8:${group.toString(16)}:${(a & 0xffff).toString(16)}::${(b & 0xffff).toString(16)}`;
}
