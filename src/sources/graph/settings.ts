/**
 * Where Graph settings come from, in order: command-line flags, then environment variables, then a config file
 * (YAML or JSON), then the public cloud's defaults. The result is checked once here, so the rest of the code can
 * trust it: a tenant that fits in a URL path, an https authority, and an https Graph URL (plain http only to a
 * loopback address, where the test server lives), so a token is never sent in clear over a network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PremortemError } from '../../core/errors.js';
import { parseYamlValue } from '../../core/yaml-file.js';
import { CLOUDS, type CloudName, isCloudName } from './clouds.js';
import { registerSecret } from './redact.js';

/** A request budget: at most `requests` in any `windowMs`. */
export interface BudgetSetting {
  readonly requests: number;
  readonly windowMs: number;
}

/** Everything needed to reach Graph for one tenant. */
export interface GraphSettings {
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** A PEM file holding the private key and the certificate. */
  readonly certificatePath: string | undefined;
  /** A bearer token acquired elsewhere (PREMORTEM_GRAPH_TOKEN); used as is, never refreshed. */
  readonly token: string | undefined;
  readonly cloud: CloudName;
  /** Graph's base URL without a version, e.g. https://graph.microsoft.com. */
  readonly graphUrl: string;
  /** The sign-in authority, e.g. https://login.microsoftonline.com. */
  readonly authorityHost: string;
  /** The per-app-per-tenant budget of the identity and access reports endpoints. */
  readonly reportsBudget: BudgetSetting;
  /** Extra CA certificates (PEM) trusted for the authority: a TLS-inspecting proxy, or the test server. */
  readonly authorityCa?: string;
  /**
   * The Office 365 Management Activity API's base URL (the unified audit log), e.g. https://manage.office.com.
   * Undefined when the Graph URL is a loopback test server and none was given: the cloud's real host would be wrong
   * there, so the unified audit log is reported unavailable instead of asked of the internet.
   */
  readonly managementUrl?: string;
  /** A Management API token acquired elsewhere (PREMORTEM_MANAGEMENT_TOKEN), beside PREMORTEM_GRAPH_TOKEN. */
  readonly managementToken?: string;
}

/** The flags of collect, watch and doctor that name Graph settings (DESIGN.md's command-line contract). */
export interface GraphFlags {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  certificate?: string;
  graphUrl?: string;
  authorityHost?: string;
  cloud?: string;
  graphConfig?: string;
  managementUrl?: string;
}

/**
 * "Five requests per 10 seconds" per app per tenant for the identity and access reports (signIn, directoryAudit):
 * reference/graph_api_limits_permissions.md, Throttling. Older versions of the page give the same per-tenant figure.
 */
export const REPORTS_BUDGET: BudgetSetting = { requests: 5, windowMs: 10_000 };

const ConfigFile = z
  .object({
    tenant: z.string().optional(),
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    certificate: z.string().optional(),
    graphUrl: z.string().optional(),
    authorityHost: z.string().optional(),
    cloud: z.string().optional(),
    reportsBudget: z.string().optional(),
    managementUrl: z.string().optional(),
  })
  .strict();
type ConfigFile = z.infer<typeof ConfigFile>;

/** The config file's name inside a workspace, read when no --graph-config is given. */
export const WORKSPACE_GRAPH_CONFIG = 'graph.yaml';

function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PremortemError('input-not-found', `cannot read the Graph config file ${path}`, {
      source: { file: path },
      hint: 'check --graph-config / PREMORTEM_GRAPH_CONFIG',
    });
  }
  const data = parseYamlValue(
    path,
    text,
    'the Graph config file is YAML or JSON (--graph-config / PREMORTEM_GRAPH_CONFIG)',
  );
  const parsed = ConfigFile.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PremortemError('input-malformed', `the Graph config file is invalid: ${issue?.message ?? 'unknown'}`, {
      source: { file: path, field: issue?.path.join('.') },
      hint: 'allowed keys: tenant, clientId, clientSecret, certificate, graphUrl, authorityHost, cloud, reportsBudget, managementUrl',
    });
  }
  return parsed.data;
}

/** "5/10s" -> 5 requests per 10 000 ms. */
export function parseBudget(text: string): BudgetSetting | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*(ms|s|m)\s*$/.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const unit = m[3] === 'ms' ? 1 : m[3] === 's' ? 1000 : 60_000;
  const requests = Number(m[1]);
  const windowMs = Number(m[2]) * unit;
  return requests > 0 && windowMs > 0 ? { requests, windowMs } : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function checkUrl(label: string, value: string, allowLoopbackHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PremortemError('usage', `${label} is not a URL: ${value}`);
  }
  const httpOk = allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !httpOk) {
    throw new PremortemError('usage', `${label} must use https: ${value}`, {
      hint: 'tokens are never sent over plain http, except to a loopback test server',
    });
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new PremortemError('usage', `${label} must not carry a query, fragment or credentials`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Graph base URLs are given without the version; a trailing /v1.0 or /beta is dropped. */
function graphBase(value: string): string {
  return checkUrl('--graph-url', value, true).replace(/\/(v1\.0|beta)$/i, '');
}

function checkTenant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // A GUID or a domain name: it becomes a path segment of the authority URL.
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(value)) {
    throw new PremortemError('usage', `--tenant must be a tenant id (GUID) or a domain, not "${value}"`);
  }
  return value;
}

/** Resolves the settings from flags, environment and config file; secrets are registered for redaction. */
export function resolveGraphSettings(
  flags: GraphFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: { workspaceDir?: string } = {},
): GraphSettings {
  const configPath =
    flags.graphConfig ??
    env.PREMORTEM_GRAPH_CONFIG ??
    (options.workspaceDir && existsSync(join(options.workspaceDir, WORKSPACE_GRAPH_CONFIG))
      ? join(options.workspaceDir, WORKSPACE_GRAPH_CONFIG)
      : undefined);
  const file = configPath ? readConfigFile(configPath) : {};
  const pick = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v.trim() !== '')?.trim();

  const cloudName = pick(flags.cloud, env.PREMORTEM_CLOUD, file.cloud) ?? 'global';
  if (!isCloudName(cloudName)) {
    throw new PremortemError('usage', `--cloud takes ${Object.keys(CLOUDS).join(', ')}, not "${cloudName}"`);
  }
  const cloud = CLOUDS[cloudName];
  const budgetText = pick(env.PREMORTEM_GRAPH_BUDGET, file.reportsBudget);
  const reportsBudget = budgetText === undefined ? REPORTS_BUDGET : parseBudget(budgetText);
  if (reportsBudget === undefined) {
    throw new PremortemError('usage', `the reports budget must look like "5/10s", not "${budgetText}"`);
  }

  const settings: GraphSettings = {
    tenantId: checkTenant(pick(flags.tenant, env.PREMORTEM_TENANT_ID, env.AZURE_TENANT_ID, file.tenant)),
    clientId: pick(flags.clientId, env.PREMORTEM_CLIENT_ID, env.AZURE_CLIENT_ID, file.clientId),
    clientSecret: pick(flags.clientSecret, env.PREMORTEM_CLIENT_SECRET, env.AZURE_CLIENT_SECRET, file.clientSecret),
    certificatePath: pick(
      flags.certificate,
      env.PREMORTEM_CERTIFICATE,
      env.AZURE_CLIENT_CERTIFICATE_PATH,
      file.certificate,
    ),
    token: pick(env.PREMORTEM_GRAPH_TOKEN),
    cloud: cloudName,
    graphUrl: graphBase(pick(flags.graphUrl, env.PREMORTEM_GRAPH_URL, file.graphUrl) ?? cloud.graphUrl),
    authorityHost: checkUrl(
      '--authority-host',
      pick(flags.authorityHost, env.PREMORTEM_AUTHORITY_HOST, env.AZURE_AUTHORITY_HOST, file.authorityHost) ??
        cloud.authorityHost,
      false,
    ),
    reportsBudget,
  };
  const managementText = pick(flags.managementUrl, env.PREMORTEM_MANAGEMENT_URL, file.managementUrl);
  const managementUrl =
    managementText !== undefined
      ? checkUrl('--management-url', managementText, true)
      : LOOPBACK.has(new URL(settings.graphUrl).hostname)
        ? undefined
        : cloud.managementUrl;
  const managementToken = pick(env.PREMORTEM_MANAGEMENT_TOKEN);
  registerSecret(settings.clientSecret);
  registerSecret(settings.token);
  registerSecret(managementToken);
  return {
    ...settings,
    ...(managementUrl ? { managementUrl } : {}),
    ...(managementToken ? { managementToken } : {}),
  };
}

/** How premortem will authenticate, or a usage error that names exactly what is missing. */
export function credentialKind(s: GraphSettings): 'token' | 'secret' | 'certificate' {
  if (s.token) return 'token';
  const missing: string[] = [];
  if (!s.tenantId) missing.push('--tenant (or PREMORTEM_TENANT_ID)');
  if (!s.clientId) missing.push('--client-id (or PREMORTEM_CLIENT_ID)');
  if (!s.clientSecret && !s.certificatePath) {
    missing.push('--client-secret (or PREMORTEM_CLIENT_SECRET) or --certificate PEM');
  }
  if (missing.length > 0) {
    throw new PremortemError('usage', `no Graph credentials: missing ${missing.join(', ')}`, {
      hint: 'register an app with application permissions (premortem doctor lists them), or set PREMORTEM_GRAPH_TOKEN to a token acquired elsewhere',
    });
  }
  return s.certificatePath ? 'certificate' : 'secret';
}
