import { describe, expect, it } from 'vitest';
import { secretKey, signRequest, verifyRequest } from './standard-webhooks.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const NOW = new Date('2026-12-07T00:00:00Z');

describe('Standard Webhooks', () => {
  it("matches the specification's published example signature", () => {
    // The example from the Standard Webhooks specification (and its reference libraries' tests).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    const at = new Date(1614265330 * 1000);
    expect(signRequest(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', body, at)['webhook-signature']).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies what it signs, and refuses a tampered body, a wrong secret and a replayed timestamp', () => {
    const body = JSON.stringify({ type: 'premortem.test', data: { n: 1 } });
    const h = signRequest(SECRET, 'msg_1', body, NOW);
    expect(verifyRequest(SECRET, h, body, NOW)).toEqual({ ok: true });
    expect(verifyRequest(SECRET, h, body.replace('1', '2'), NOW)).toMatchObject({ ok: false, reason: /no signature/ });
    const other = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    expect(verifyRequest(other, h, body, NOW).ok).toBe(false);
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyRequest(SECRET, h, body, later)).toMatchObject({ ok: false, reason: /tolerance/ });
    // A replayed request with a fresh timestamp pasted in no longer matches its signature.
    expect(
      verifyRequest(SECRET, { ...h, 'webhook-timestamp': String(Math.floor(later.getTime() / 1000)) }, body, later).ok,
    ).toBe(false);
  });

  it('accepts any one of several signatures (key rotation) and ignores other versions', () => {
    const h = signRequest(SECRET, 'msg_2', 'x', NOW);
    const sig = `v1a,abc v1,AAAA ${h['webhook-signature']}`;
    expect(verifyRequest(SECRET, { ...h, 'webhook-signature': sig }, 'x', NOW).ok).toBe(true);
    expect(verifyRequest(SECRET, { ...h, 'webhook-signature': 'v2,abc' }, 'x', NOW).ok).toBe(false);
  });

  it('refuses a secret that is not whsec_ base64 of 24-64 bytes, without quoting it', () => {
    expect(() => secretKey('whsec_short')).toThrow(/not a Standard Webhooks secret/);
    try {
      secretKey('whsec_hunter2!!');
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
    }
  });
});
