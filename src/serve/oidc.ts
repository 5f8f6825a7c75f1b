/**
 * Sign-in with an OpenID Connect provider (Microsoft Entra ID, or any issuer): the authorization code flow with
 * PKCE (S256), a state bound to the browser and a nonce bound to the ID token. The ID token comes straight from the
 * token endpoint over TLS (or loopback), and is still verified: signature against the issuer's JWKS (RS256 or
 * ES256, node:crypto), issuer, audience, expiry and nonce. An identity signs in only when an account is linked to
 * it (`premortem users add NAME --role R --oidc-subject ISSUER#SUB`): the provider proves who someone is, the
 * workspace decides what they may do.
 */
import { createHash, createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto';
import { z } from 'zod';
import { PremortemError } from '../core/errors.js';

export interface OidcSettings {
  /** The issuer URL; its /.well-known/openid-configuration names the endpoints. */
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE alone). */
  readonly clientSecret?: string;
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
});
type Discovery = z.infer<typeof discoverySchema>;

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

/** A sign-in in progress: what the callback must find again (kept in memory for ten minutes). */
interface Pending {
  verifier: string;
  nonce: string;
  redirectUri: string;
  started: number;
}

const PENDING_TTL_MS = 10 * 60_000;

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

export class OidcClient {
  private discovery: Promise<Discovery> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(readonly settings: OidcSettings) {}

  private async meta(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url);
      if (!res.ok) throw new PremortemError('usage', `OpenID discovery at ${url} answered ${res.status}`);
      return discoverySchema.parse(await res.json());
    })();
    try {
      return await this.discovery;
    } catch (err) {
      this.discovery = undefined; // try again on the next sign-in
      throw err;
    }
  }

  /** Starts a sign-in: the provider URL to send the browser to, and the state that names this sign-in. */
  async start(redirectUri: string): Promise<{ url: string; state: string }> {
    const m = await this.meta();
    const now = Date.now();
    for (const [k, p] of this.pending) if (now - p.started > PENDING_TTL_MS) this.pending.delete(k);
    const state = b64url(randomBytes(24));
    const verifier = b64url(randomBytes(32));
    const nonce = b64url(randomBytes(24));
    this.pending.set(state, { verifier, nonce, redirectUri, started: now });
    const url = new URL(m.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), state };
  }

  /** Finishes a sign-in: exchanges the code, verifies the ID token; returns `issuer#sub` and a display name. */
  async finish(state: string, code: string): Promise<{ subject: string; name: string }> {
    const p = this.pending.get(state);
    this.pending.delete(state);
    if (!p || Date.now() - p.started > PENDING_TTL_MS)
      throw new PremortemError('usage', 'this sign-in expired or was not started here; sign in again');
    const m = await this.meta();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: p.redirectUri,
      code_verifier: p.verifier,
      client_id: this.settings.clientId,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.settings.clientSecret !== undefined) {
      const enc = (s: string) => encodeURIComponent(s);
      headers.authorization = `Basic ${Buffer.from(`${enc(this.settings.clientId)}:${enc(this.settings.clientSecret)}`).toString('base64')}`;
    }
    const res = await fetch(m.token_endpoint, { method: 'POST', headers, body });
    const tokens = (await res.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
    if (!res.ok || typeof tokens.id_token !== 'string')
      throw new PremortemError('usage', `the provider refused the sign-in (${String(tokens.error ?? res.status)})`);
    const claims = await this.verifyIdToken(tokens.id_token, m);
    if (claims.nonce !== p.nonce)
      throw new PremortemError('usage', 'the ID token does not answer this sign-in (nonce)');
    const name =
      typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : claims.sub;
    return { subject: `${m.issuer}#${claims.sub}`, name };
  }

  private async verifyIdToken(
    token: string,
    m: Discovery,
  ): Promise<{ sub: string; nonce?: unknown; name?: unknown; email?: unknown }> {
    const [h, p, sig] = token.split('.');
    if (!h || !p || !sig) throw new PremortemError('usage', 'the ID token is not a JWT');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; kid?: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const jwks = jwksSchema.parse(await (await fetch(m.jwks_uri)).json());
    const jwk = jwks.keys.find((k) => header.kid === undefined || k.kid === header.kid);
    if (!jwk) throw new PremortemError('usage', 'the ID token is signed by a key the issuer does not publish');
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    const data = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, 'base64url');
    const ok =
      header.alg === 'RS256'
        ? verifySignature('sha256', data, key, signature)
        : header.alg === 'ES256'
          ? verifySignature('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
          : false;
    if (!ok) throw new PremortemError('usage', `the ID token's signature does not verify (${header.alg ?? 'no alg'})`);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const now = Date.now() / 1000;
    if (claims.iss !== m.issuer) throw new PremortemError('usage', 'the ID token names another issuer');
    if (!aud.includes(this.settings.clientId)) throw new PremortemError('usage', 'the ID token is for another client');
    if (typeof claims.exp !== 'number' || claims.exp < now - 60)
      throw new PremortemError('usage', 'the ID token expired');
    if (typeof claims.sub !== 'string' || claims.sub === '')
      throw new PremortemError('usage', 'the ID token names nobody');
    return claims as { sub: string };
  }
}
