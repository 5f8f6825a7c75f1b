/**
 * What an access token says about itself: tenant, app, granted application permissions (roles) and expiry.
 * Read without verifying the signature, only to explain things to a person (doctor) and to key checkpoints by
 * tenant; Graph itself is the judge of the token.
 */
export interface TokenClaims {
  readonly tenantId?: string;
  readonly appId?: string;
  readonly roles: readonly string[];
  readonly expiresAt?: Date;
}

/** The claims of a JWT access token, or undefined when the token is opaque. */
export function tokenClaims(token: string): TokenClaims | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const out: { tenantId?: string; appId?: string; roles: string[]; expiresAt?: Date } = {
    roles: Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [],
  };
  const tid = str(p.tid);
  if (tid) out.tenantId = tid;
  const appId = str(p.appid) ?? str(p.azp);
  if (appId) out.appId = appId;
  if (typeof p.exp === 'number') out.expiresAt = new Date(p.exp * 1000);
  return out;
}
