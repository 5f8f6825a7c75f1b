/**
 * The Graph client containment writes with. Its credentials are its own, given for the run: PREMORTEM_CONTAIN_TOKEN
 * or a separate app registration (--contain-client-id with --contain-client-secret or --contain-certificate). The
 * read credentials of collect and watch (PREMORTEM_GRAPH_TOKEN, PREMORTEM_CLIENT_*, the workspace's graph.yaml) are
 * never used here, so the app that reads logs every few minutes never holds write permissions.
 */
import { PremortemError } from '../core/errors.js';
import { createTokenProvider } from '../sources/graph/auth.js';
import { GraphClient } from '../sources/graph/http.js';
import { resolveGraphSettings } from '../sources/graph/settings.js';
import { tokenClaims } from '../sources/graph/token-claims.js';

export interface ContainCredentialFlags {
  tenant?: string;
  containClientId?: string;
  containClientSecret?: string;
  containCertificate?: string;
  graphUrl?: string;
  authorityHost?: string;
  cloud?: string;
}

export interface WriteSession {
  readonly client: GraphClient;
  /** The token's application permissions, when it is a JWT that lists them; undefined: Graph judges each request. */
  readonly roles: readonly string[] | undefined;
}

/** Signs in for writing; a usage error names what to give when nothing is. */
export async function openWriteSession(flags: ContainCredentialFlags, env: NodeJS.ProcessEnv): Promise<WriteSession> {
  const given = env.PREMORTEM_CONTAIN_TOKEN ?? flags.containClientId ?? env.PREMORTEM_CONTAIN_CLIENT_ID;
  if (given === undefined || given.trim() === '') {
    throw new PremortemError('usage', 'no write credentials for containment', {
      hint: 'set PREMORTEM_CONTAIN_TOKEN, or give --tenant with --contain-client-id and --contain-client-secret or --contain-certificate (a separate app registration: collect never holds write permissions)',
    });
  }
  const settings = resolveGraphSettings(
    {
      ...(flags.tenant ? { tenant: flags.tenant } : {}),
      ...(flags.containClientId ? { clientId: flags.containClientId } : {}),
      ...(flags.containClientSecret ? { clientSecret: flags.containClientSecret } : {}),
      ...(flags.containCertificate ? { certificate: flags.containCertificate } : {}),
      ...(flags.graphUrl ? { graphUrl: flags.graphUrl } : {}),
      ...(flags.authorityHost ? { authorityHost: flags.authorityHost } : {}),
      ...(flags.cloud ? { cloud: flags.cloud } : {}),
    },
    {
      PREMORTEM_GRAPH_URL: env.PREMORTEM_GRAPH_URL,
      PREMORTEM_AUTHORITY_HOST: env.PREMORTEM_AUTHORITY_HOST,
      PREMORTEM_CLOUD: env.PREMORTEM_CLOUD,
      PREMORTEM_TENANT_ID: env.PREMORTEM_TENANT_ID,
      PREMORTEM_GRAPH_TOKEN: env.PREMORTEM_CONTAIN_TOKEN,
      PREMORTEM_CLIENT_ID: env.PREMORTEM_CONTAIN_CLIENT_ID,
      PREMORTEM_CLIENT_SECRET: env.PREMORTEM_CONTAIN_CLIENT_SECRET,
      PREMORTEM_CERTIFICATE: env.PREMORTEM_CONTAIN_CERTIFICATE,
    },
  );
  const tokens = createTokenProvider(settings);
  const claims = tokenClaims(await tokens.getToken());
  const roles = claims && claims.roles.length > 0 ? claims.roles : undefined;
  return { client: new GraphClient({ graphUrl: settings.graphUrl, tokens }), roles };
}
