/**
 * The Graph session of one fleet tenant. Its settings come only from its fleet.yaml entry and the environment
 * variables that entry names: never from PREMORTEM_GRAPH_TOKEN or a workspace's graph.yaml, which would let one
 * tenant's credentials reach another's collection.
 */
import { type GraphSession, openGraphSession } from '../collect/graph-session.js';
import { PremortemError } from '../core/errors.js';
import { resolveGraphSettings } from '../sources/graph/settings.js';
import { tokenClaims } from '../sources/graph/token-claims.js';
import type { FleetCredentials } from './config.js';

function fromEnv(env: NodeJS.ProcessEnv, name: string, tenant: FleetCredentials): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new PremortemError(
      'usage',
      `tenant ${tenant.id} (${tenant.name}): the environment variable ${name} is empty`,
      {
        hint: 'set it in the environment of every worker, or change the tenant entry in fleet.yaml',
      },
    );
  }
  return value;
}

/** The environment a tenant's settings are resolved from: only what its entry names, plus shared tuning. */
export function tenantEnv(tenant: FleetCredentials, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  if (tenant.tokenEnv) out.PREMORTEM_GRAPH_TOKEN = fromEnv(env, tenant.tokenEnv, tenant);
  if (tenant.secretEnv) out.PREMORTEM_CLIENT_SECRET = fromEnv(env, tenant.secretEnv, tenant);
  // The reports budget is per app per tenant: the same figure holds for every tenant of the fleet.
  if (env.PREMORTEM_GRAPH_BUDGET) out.PREMORTEM_GRAPH_BUDGET = env.PREMORTEM_GRAPH_BUDGET;
  return out;
}

export function tenantSession(tenant: FleetCredentials, env: NodeJS.ProcessEnv = process.env): GraphSession {
  const settings = resolveGraphSettings(
    {
      tenant: tenant.id,
      ...(tenant.clientId ? { clientId: tenant.clientId } : {}),
      ...(tenant.certificate ? { certificate: tenant.certificate } : {}),
      ...(tenant.graphUrl ? { graphUrl: tenant.graphUrl } : {}),
      ...(tenant.managementUrl ? { managementUrl: tenant.managementUrl } : {}),
      ...(tenant.authorityHost ? { authorityHost: tenant.authorityHost } : {}),
      ...(tenant.cloud ? { cloud: tenant.cloud } : {}),
    },
    tenantEnv(tenant, env),
  );
  // A token of another tenant (a copy-paste slip in fleet.yaml or the environment) would file that tenant's
  // records under this one: refuse it before any request.
  const claimed = settings.token ? tokenClaims(settings.token)?.tenantId : undefined;
  if (claimed !== undefined && claimed.toLowerCase() !== tenant.id.toLowerCase()) {
    throw new PremortemError(
      'usage',
      `tenant ${tenant.id} (${tenant.name}): the token in ${tenant.tokenEnv} is for tenant ${claimed}`,
      {
        hint: 'each tenant entry must name its own token',
      },
    );
  }
  return openGraphSession(settings);
}
