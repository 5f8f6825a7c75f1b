/**
 * Standard Webhooks signing and verification (https://www.standardwebhooks.com, spec "Signature scheme"): the
 * signed content is `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the secret's bytes, sent as
 * `webhook-signature: v1,<base64>` (several space-separated signatures allowed, for key rotation). Secrets are
 * `whsec_` followed by base64 of 24 to 64 random bytes. Receivers reject timestamps outside a tolerance (5 minutes
 * by default), which stops a captured request from being replayed later; the id lets them drop duplicates.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PremortemError } from '../core/errors.js';

/** The three headers every signed request carries. */
export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** Default tolerance for a timestamp's distance from the receiver's clock, per the specification. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The key bytes of a `whsec_…` secret. A bad secret is a usage error that never quotes the secret itself: the
 * message could end in a log.
 */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
  if (key.length < 24 || key.length > 64)
    throw new PremortemError('usage', 'the webhook secret is not a Standard Webhooks secret', {
      hint: 'use whsec_ followed by base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)',
    });
  return key;
}

function signature(key: Buffer, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The headers for one attempt: the id is the message's, stable across retries; the timestamp is this attempt's. */
export function signRequest(secret: string, id: string, body: string, now: Date): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature(secretKey(secret), id, timestamp, body)}`,
  };
}

/** Why a request failed verification, or ok. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Verifies a received request: headers present, timestamp within `toleranceSeconds` of `now`, and one of the
 * `v1,` signatures equal (in constant time) to the one computed over the exact body bytes received.
 */
export function verifyRequest(
  secret: string,
  headers: Partial<Record<keyof SignedHeaders, string | undefined>>,
  body: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, -timestamp or -signature' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not whole seconds' };
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > toleranceSeconds)
    return { ok: false, reason: `timestamp is ${Math.round(skew)} s from now (tolerance ${toleranceSeconds} s)` };
  const expected = Buffer.from(signature(secretKey(secret), id, timestamp, body), 'base64');
  const match = signatures.split(' ').some((s) => {
    const [version, value] = s.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true } : { ok: false, reason: 'no signature matches the body' };
}
