/**
 * App-only access tokens for Graph: client credentials through MSAL (a client secret, or a certificate that signs
 * a client assertion), or a token acquired elsewhere (PREMORTEM_GRAPH_TOKEN). Every token is registered for
 * redaction the moment it exists; MSAL's own log lines pass through redact() too.
 */
import type { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { loadClientCertificate } from './certificate.js';
import { GraphError, serverText } from './errors.js';
import { redact, registerSecret } from './redact.js';
import { credentialKind, type GraphSettings } from './settings.js';
import { probeTls, tlsHint, tlsProblem } from './tls.js';

export interface TokenProvider {
  readonly kind: 'token' | 'secret' | 'certificate';
  /** A valid access token; forceRefresh asks the authority for a new one (after a 401). */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** App-only tokens ask for ".default" of the Graph resource: every application permission granted to the app. */
export function graphScope(graphUrl: string): string {
  return `${new URL(graphUrl).origin}/.default`;
}

/** Authority errors premortem can explain; the AADSTS number is in MSAL's message. */
const AADSTS_HINTS: Readonly<Record<string, { what: string; hint: string }>> = {
  '7000215': {
    what: 'the client secret was rejected',
    hint: 'use the secret value (not its id), and check that it has not expired',
  },
  '7000222': { what: 'the client secret has expired', hint: 'create a new secret for the app registration' },
  '700016': {
    what: 'the application was not found in the tenant',
    hint: 'check --client-id, and that the app is registered (or consented) in this tenant',
  },
  '90002': { what: 'the tenant was not found', hint: 'check --tenant (tenant id or a verified domain)' },
  '900023': { what: 'the tenant id is not valid', hint: 'check --tenant (tenant id or a verified domain)' },
  '700027': {
    what: 'the certificate assertion was rejected',
    hint: 'upload this certificate to the app registration, or check that it has not expired',
  },
  '1000500': { what: 'the request was missing a certificate thumbprint', hint: 'check the --certificate PEM file' },
};

/**
 * An MSAL error (AuthError and its subclasses) by its shape: MSAL is loaded only when a token is asked for, so
 * its classes are not at hand for instanceof.
 */
function msalError(err: unknown): err is { errorCode: string; errorMessage: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { errorCode?: unknown }).errorCode === 'string' &&
    typeof (err as { errorMessage?: unknown }).errorMessage === 'string'
  );
}

/** An MSAL or network failure as a GraphError a person can act on, with nothing secret in it. */
export function explainAuthError(err: unknown, authorityHost: string): GraphError {
  const raw = msalError(err) ? `${err.errorCode}: ${err.errorMessage}` : String((err as Error)?.message ?? err);
  const code = /AADSTS(\d+)/.exec(raw)?.[1];
  const known = code === undefined ? undefined : AADSTS_HINTS[code];
  if (known) {
    return new GraphError('auth', `Graph sign-in failed: ${known.what} (AADSTS${code})`, { hint: known.hint });
  }
  const first = serverText(redact(raw).split(/\r?\n/)[0]) ?? 'no reason given';
  const network = /network|ECONN|ENOTFOUND|EAI_AGAIN|certificate|self[- ]signed|socket|timed? ?out/i.test(raw);
  return new GraphError(network ? 'unavailable' : 'auth', `Graph sign-in failed: ${first}`, {
    hint: network
      ? `check that ${authorityHost} is reachable (proxy, --authority-host, or --cloud for a national cloud)`
      : 'check --tenant, --client-id and the secret or certificate (premortem doctor explains)',
  });
}

/** A token given from outside: used as is. */
function staticProvider(token: string): TokenProvider {
  registerSecret(token);
  return { kind: 'token', getToken: async () => token };
}

/**
 * The provider the settings call for; a usage error names what is missing. `scope` asks for another resource than
 * Graph with the same app credentials (the Management Activity API: `https://manage.office.com/.default`); a token
 * given from outside is for Graph only, so `staticToken` names the one to use for that other resource.
 */
export function createTokenProvider(
  settings: GraphSettings,
  options: { log?: (line: string) => void; scope?: string; staticToken?: string } = {},
): TokenProvider {
  const kind = credentialKind(settings);
  if (kind === 'token') {
    const token = options.scope === undefined ? settings.token : options.staticToken;
    if (token === undefined) {
      throw new GraphError('permission', `no token for ${options.scope}: PREMORTEM_GRAPH_TOKEN is for Graph only`, {
        hint: 'set PREMORTEM_MANAGEMENT_TOKEN too, or sign in with app credentials',
      });
    }
    return staticProvider(token);
  }

  const host = new URL(settings.authorityHost).host;
  const auth: Configuration['auth'] = {
    clientId: settings.clientId as string,
    authority: `${settings.authorityHost}/${settings.tenantId}`,
    // The authority host is trusted as given: no instance discovery call to the public cloud, which a national
    // cloud or a test server must not depend on. Endpoints come from its OpenID configuration document.
    knownAuthorities: [host],
  };
  if (kind === 'certificate') {
    const cert = loadClientCertificate(settings.certificatePath as string);
    auth.clientCertificate = {
      thumbprintSha256: cert.thumbprintSha256,
      privateKey: cert.privateKey,
      x5c: cert.certificatePem,
    };
  } else {
    auth.clientSecret = settings.clientSecret as string;
  }
  // MSAL is loaded at the first token, not with this module: every command that never signs in starts a quarter
  // of a second sooner.
  let app: Promise<ConfidentialClientApplication> | undefined;
  const client = () =>
    (app ??= import('@azure/msal-node').then(
      ({ ConfidentialClientApplication, LogLevel }) =>
        new ConfidentialClientApplication({
          auth,
          system: {
            loggerOptions: {
              piiLoggingEnabled: false,
              logLevel: LogLevel.Error,
              loggerCallback: (_level, message) => options.log?.(`msal: ${redact(message)}`),
            },
            ...(settings.authorityCa ? { customAgentOptions: { ca: settings.authorityCa } } : {}),
          },
        }),
    ));
  const scopes = [options.scope ?? graphScope(settings.graphUrl)];
  return {
    kind,
    async getToken(opts = {}) {
      let result: Awaited<ReturnType<ConfidentialClientApplication['acquireTokenByClientCredential']>>;
      try {
        result = await (await client()).acquireTokenByClientCredential({
          scopes,
          skipCache: opts.forceRefresh === true,
        });
      } catch (err) {
        const explained = explainAuthError(err, settings.authorityHost);
        // MSAL reports a TLS failure of its discovery request as "Endpoints cannot be resolved": ask once to learn
        // whether it was TLS (not with a CA of our own: the probe would not use it and could blame the wrong thing).
        // An AADSTS code means the authority answered, so TLS worked.
        const answered = /AADSTS\d+/.test(msalError(err) ? `${err.errorCode} ${err.errorMessage}` : String(err));
        const tls =
          !answered && !settings.authorityCa
            ? (tlsProblem(err) ?? (await probeTls(settings.authorityHost)))
            : undefined;
        if (tls) {
          throw new GraphError(
            tls.failure,
            `Graph sign-in failed: ${settings.authorityHost}: ${tls.what} (${tls.code})`,
            {
              hint: tlsHint(tls),
            },
          );
        }
        throw explained;
      }
      if (!result?.accessToken) throw new GraphError('auth', 'Graph sign-in returned no access token');
      registerSecret(result.accessToken);
      return result.accessToken;
    },
  };
}
