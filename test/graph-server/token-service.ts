/**
 * The test server's identity platform: OpenID metadata and a v2.0 token endpoint for the client-credentials grant
 * (client secret, or a client assertion signed with a registered certificate), and the check of the bearer tokens
 * it issued. Errors carry the AADSTS numbers Entra sends, so the client's explanations are tested against them.
 */
import {
  constants,
  createHmac,
  createPublicKey,
  randomBytes,
  timingSafeEqual,
  verify,
  X509Certificate,
} from 'node:crypto';

export interface TestApp {
  readonly clientId: string;
  readonly secret?: string;
  /** The certificate (PEM) registered for the app: client assertions must be signed by its key. */
  readonly certificatePem?: string;
  /** Application permissions granted (the token's roles claim). */
  readonly roles: readonly string[];
}

export interface TokenResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function aadError(status: number, error: string, code: number, text: string): TokenResult {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: 00000000-0000-0000-0000-000000000000`,
      error_codes: [code],
    },
  };
}

/**
 * Application permissions of the "Office 365 Management APIs" resource: a token for that resource carries these
 * only, and a Graph token never carries them (each resource's roles are its own app roles).
 */
export const MANAGEMENT_ROLES: readonly string[] = ['ActivityFeed.Read', 'ActivityFeed.ReadDlp', 'ServiceHealth.Read'];

export class TokenService {
  tokenRequests = 0;
  /** Audiences of the Management Activity API: the public one and the test listener's (set by the server). */
  readonly managementAudiences = new Set<string>(['https://manage.office.com']);
  /** Every access token issued: tests prove none of them leaks. */
  readonly issued: string[] = [];
  private readonly key = randomBytes(32);

  constructor(
    readonly tenantId: string,
    readonly apps: TestApp[],
    private readonly now: () => number,
    /** Access token lifetime (s). */
    private readonly lifetime = 3600,
  ) {}

  /** A signed access token for the app, as the token endpoint would issue it. */
  issue(clientId: string, audience = 'https://graph.microsoft.com'): string {
    const app = this.apps.find((a) => a.clientId === clientId);
    const iat = Math.floor(this.now() / 1000);
    const head = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64({
      aud: audience,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      tid: this.tenantId,
      appid: clientId,
      roles: (app?.roles ?? []).filter((r) => MANAGEMENT_ROLES.includes(r) === this.isManagementAudience(audience)),
      iat,
      exp: iat + this.lifetime,
    });
    const sig = createHmac('sha256', this.key).update(`${head}.${body}`).digest('base64url');
    const token = `${head}.${body}.${sig}`;
    this.issued.push(token);
    return token;
  }

  isManagementAudience(audience: string): boolean {
    return this.managementAudiences.has(audience.replace(/\/+$/, ''));
  }

  /** The app, roles and audience of a bearer token, or why it is refused. */
  verify(
    authorization: string | undefined,
  ): { clientId: string; roles: string[]; audience: string } | { error: string } {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const [head, body, sig] = token?.split('.') ?? [];
    if (!head || !body || !sig) return { error: 'Access token is empty or malformed.' };
    const want = createHmac('sha256', this.key).update(`${head}.${body}`).digest();
    const got = Buffer.from(sig, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return { error: 'Access token validation failure.' };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      appid: string;
      roles: string[];
      exp: number;
      aud: string;
    };
    if (claims.exp * 1000 <= this.now()) return { error: 'Lifetime validation failed, the token is expired.' };
    return { clientId: claims.appid, roles: claims.roles, audience: claims.aud };
  }

  openIdConfiguration(base: string, tenant: string): Record<string, unknown> {
    return {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      issuer: `${base}/${tenant}/v2.0`,
      response_types_supported: ['code', 'token'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
    };
  }

  /** POST /{tenant}/oauth2/v2.0/token */
  token(tenant: string, form: URLSearchParams, tokenUrl: string): TokenResult {
    this.tokenRequests++;
    if (tenant !== this.tenantId) return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') {
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const clientId = form.get('client_id') ?? '';
    const app = this.apps.find((a) => a.clientId === clientId);
    if (!app) {
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found.`);
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (app.secret === undefined || secret !== app.secret) {
        return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      }
    } else if (assertion !== null) {
      const problem = this.checkAssertion(app, assertion, tokenUrl);
      if (problem)
        return aadError(401, 'invalid_client', 700027, `Client assertion failed signature validation. ${problem}`);
    } else {
      return aadError(
        401,
        'invalid_client',
        7000218,
        'The request body must contain client_assertion or client_secret.',
      );
    }
    const scope = form.get('scope') ?? '';
    const audience = scope.split(' ')[0]?.replace(/\/\.default$/, '') ?? '';
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.lifetime,
        ext_expires_in: this.lifetime,
        access_token: this.issue(clientId, audience),
      },
    };
  }

  private checkAssertion(app: TestApp, assertion: string, tokenUrl: string): string | undefined {
    if (!app.certificatePem) return 'no certificate registered';
    const [h, p, s] = assertion.split('.');
    if (!h || !p || !s) return 'malformed';
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, string>;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const cert = new X509Certificate(app.certificatePem);
    const thumb = Buffer.from(cert.fingerprint256.replaceAll(':', ''), 'hex').toString('base64url');
    if (header['x5t#S256'] !== undefined && header['x5t#S256'] !== thumb) return 'unknown thumbprint';
    const key = createPublicKey(app.certificatePem);
    const data = Buffer.from(`${h}.${p}`);
    const sig = Buffer.from(s, 'base64url');
    const ok =
      header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)
        : header.alg === 'RS256'
          ? verify('sha256', data, key, sig)
          : false;
    if (!ok) return 'bad signature';
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) return 'wrong issuer';
    if (String(payload.aud).replace(/\/$/, '') !== tokenUrl.replace(/\/$/, '')) return `wrong audience ${payload.aud}`;
    // The assertion is made by MSAL with the wall clock, whatever clock the server runs on.
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return 'expired';
    return undefined;
  }
}
