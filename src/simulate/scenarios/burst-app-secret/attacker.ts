/**
 * The second attacker: two addresses in one hosting network, from the documentation ranges (RFC 5737, ASN from
 * RFC 5398) so no real network is accused; different from seed 003's on purpose (address, country, protocols).
 */
import { unknownDevice } from '../../catalog/devices.js';
import { locationOf, type Place } from '../../catalog/places.js';
import type { NetPoint } from '../../signin-factory.js';

const BUCHAREST: Place = {
  city: 'Bucharest',
  state: 'Bucuresti',
  countryOrRegion: 'RO',
  latitude: 44.4268,
  longitude: 26.1025,
  utcOffset: 3,
};

/** POP3 from the first address, Exchange Web Services from the second. */
export const BURST_NETS: readonly [NetPoint, NetPoint] = [
  { ip: '198.51.100.150', asn: 64503, location: locationOf(BUCHAREST) },
  { ip: '198.51.100.151', asn: 64503, location: locationOf(BUCHAREST) },
];

/** The attacker's browser this time: Firefox on Linux. */
export const BURST_BROWSER = {
  device: unknownDevice('Linux', 'Firefox 130.0'),
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
};

/** The mail client that reads the victim's mailbox over IMAP4. */
export const BURST_IMAP_CLIENT = { device: unknownDevice('', ''), userAgent: '' };

/** The tool that drives Graph with the stolen application secret. */
export const BURST_SCRIPT_USER_AGENT = 'Go-http-client/2.0';
