/**
 * The token thief's infrastructure (seed 004, Storm-0558): one rented server abroad, from the documentation ranges
 * (RFC 5737 address, RFC 5398 ASN) so no real network is accused, in a country none of the tenant's offices or
 * travellers use; and the application its forged tokens name, unknown to the tenant.
 */
import { unknownDevice } from '../../catalog/devices.js';
import { locationOf, type Place } from '../../catalog/places.js';
import type { GraphDeviceDetail } from '../../graph-types.js';
import type { NetPoint } from '../../signin-factory.js';

const WARSAW: Place = {
  city: 'Warsaw',
  state: 'Mazowieckie',
  countryOrRegion: 'PL',
  latitude: 52.2297,
  longitude: 21.0122,
  utcOffset: 2,
};

/** Where the stolen session is replayed from and the mail is read from. */
export const THIEF_NET: NetPoint = { ip: '198.51.100.88', asn: 64504, location: locationOf(WARSAW) };

/**
 * The client id the forged tokens carry: not one of Microsoft's mail clients and not registered in the tenant.
 * CISA AA23-193A: the victim noticed MailItemsAccessed with an AppId/ClientAppId its baseline had never shown.
 */
export const FORGED_APP_ID = '6c2b9e41-7d5a-4f08-b3e6-9a1d4c7f2e58';

/** The browser the stolen Outlook on the web session is replayed in: unknown to Entra (no device id). */
export const THIEF_BROWSER = {
  device: unknownDevice('Windows10', 'Chrome 131.0.0') satisfies GraphDeviceDetail,
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

/** How Exchange records a REST client reading mail (ClientInfoString of the forged-token reads). */
export const THIEF_CLIENT_INFO = 'Client=REST;Client=RESTSystem;;';
