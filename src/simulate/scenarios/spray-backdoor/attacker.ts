/**
 * The seed-003 attacker's infrastructure: five addresses in two hosting networks abroad, from the documentation
 * ranges (RFC 5737, ASNs from RFC 5398) so that no real network is accused. Fixed across seeds: the demo, the docs
 * and the tests can all say "203.0.113.57".
 */
import { unknownDevice } from '../../catalog/devices.js';
import { locationOf, type Place } from '../../catalog/places.js';
import type { GraphDeviceDetail } from '../../graph-types.js';
import type { NetPoint } from '../../signin-factory.js';

const AMSTERDAM: Place = {
  city: 'Amsterdam',
  state: 'Noord-Holland',
  countryOrRegion: 'NL',
  latitude: 52.3676,
  longitude: 4.9041,
  utcOffset: 2,
};
const SAO_PAULO: Place = {
  city: 'Sao Paulo',
  state: 'Sao Paulo',
  countryOrRegion: 'BR',
  latitude: -23.5505,
  longitude: -46.6333,
  utcOffset: -3,
};

/** The spraying addresses, as sign-in logs show them. */
export const SPRAY_NETS: readonly NetPoint[] = [
  { ip: '203.0.113.24', asn: 64501, location: locationOf(AMSTERDAM) },
  { ip: '203.0.113.57', asn: 64501, location: locationOf(AMSTERDAM) },
  { ip: '203.0.113.91', asn: 64501, location: locationOf(AMSTERDAM) },
  { ip: '198.51.100.14', asn: 64502, location: locationOf(SAO_PAULO) },
  { ip: '198.51.100.203', asn: 64502, location: locationOf(SAO_PAULO) },
];

/** The spraying address that guessed the executive's password and was used for everything after. */
export const TAKEOVER_NET = SPRAY_NETS[1] as NetPoint;

/** The attacker's browser: Chrome on an unmanaged Windows machine, unknown to Entra. */
export const ATTACKER_BROWSER = {
  device: unknownDevice('Windows10', 'Chrome 128.0.0') satisfies GraphDeviceDetail,
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
};

/** The mail client the attacker syncs mailboxes with over Exchange ActiveSync: a device never seen in the tenant. */
export const ATTACKER_EAS_CLIENT = {
  device: unknownDevice('Android', '') satisfies GraphDeviceDetail,
  userAgent: 'Android-Mail/2024.06.02.640131245',
};

/** The script that drives Graph with the backdoor's credential (Core Directory records its User-Agent). */
export const ATTACKER_SCRIPT_USER_AGENT = 'python-requests/2.32.3';
