/**
 * fleet.yaml: the tenants a fleet of workers looks after. Credentials are named by reference (an environment
 * variable, a certificate file), never written in the file, so the file can live in git and Redis never holds a
 * secret: a job names its tenant, and the worker that takes it reads the credentials from its own environment.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { selectCollection } from '../collect/endpoint-selection.js';
import { PremortemError } from '../core/errors.js';
import { parseDuration } from '../core/time.js';
import { parseYamlValue } from '../core/yaml-file.js';

/** The tasks of a tenant's round, in the order they run: each reads what the one before wrote. */
export const TASKS = ['collect', 'detect', 'assess', 'readiness'] as const;
export type Task = (typeof TASKS)[number];

const Duration = z.string().refine((s) => parseDuration(s) !== undefined, {
  message: 'a duration such as 15m, 6h or 1d',
});

/** A GUID or a domain: the tenant id becomes a path segment and a job id. */
const TenantId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/, 'a tenant id (GUID) or a verified domain');

const Schedules = z
  .object({ collect: Duration, detect: Duration, assess: Duration, readiness: Duration })
  .partial()
  .strict();

/** Which logs collect reads (names as for collect --endpoints); a tenant without P2 leaves out Identity Protection. */
const Endpoints = z
  .array(z.string().min(1))
  .min(1)
  .superRefine((names, ctx) => {
    const { unknown } = selectCollection(names);
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown endpoint ${unknown.join(', ')}` });
  });

/** Graph credentials by reference (never a secret), as a tenant or the partner names them. */
const CREDENTIALS = {
  id: TenantId,
  name: z.string().min(1),
  client_id: z.string().min(1).optional(),
  secret_env: z.string().min(1).optional(),
  certificate: z.string().min(1).optional(),
  token_env: z.string().min(1).optional(),
  graph_url: z.string().url().optional(),
  authority_host: z.string().url().optional(),
  cloud: z.enum(['global', 'usgov', 'usgovdod', 'china']).optional(),
};

type CredentialFields = { client_id?: string; secret_env?: string; certificate?: string; token_env?: string };

/** One way to sign in: token_env, or client_id with secret_env or certificate. */
function checkCredentials(t: CredentialFields, ctx: z.RefinementCtx): void {
  const app = t.secret_env !== undefined || t.certificate !== undefined;
  if (t.token_env === undefined && !app) {
    ctx.addIssue({ code: 'custom', message: 'give token_env, or client_id with secret_env or certificate' });
  }
  if (app && t.client_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['client_id'], message: 'secret_env and certificate need client_id' });
  }
  if (t.secret_env !== undefined && t.certificate !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give secret_env or certificate, not both' });
  }
}

/**
 * The MSP's own tenant and credentials: GDAP relationships are read there (DelegatedAdminRelationship.Read.All),
 * since Graph answers delegatedAdminRelationships only in the partner's tenant.
 */
const PartnerEntry = z
  .object({ ...CREDENTIALS, every: Duration.optional() })
  .strict()
  .superRefine(checkCredentials);

const TenantEntry = z
  .object({
    ...CREDENTIALS,
    management_url: z.string().url().optional(),
    workspace: z.string().min(1).optional(),
    schedule: Schedules.optional(),
    since: Duration.optional(),
    endpoints: Endpoints.optional(),
    /** A folder holding the notify.yaml for this tenant (default: the tenant's workspace). */
    notify: z.string().min(1).optional(),
  })
  .strict()
  .superRefine(checkCredentials);

const FleetFile = z
  .object({
    /** Defaults every tenant inherits unless it says otherwise. */
    defaults: z
      .object({
        schedule: Schedules.optional(),
        graph_url: z.string().url().optional(),
        since: Duration.optional(),
        endpoints: Endpoints.optional(),
        /** One notify.yaml folder for every tenant; its routes tell tenants apart by `tenants: [id]`. */
        notify: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    tenants: z.array(TenantEntry).min(1),
    partner: PartnerEntry.optional(),
  })
  .strict();

/** Every task's interval when fleet.yaml says nothing: collect often, assess and readiness daily. */
export const DEFAULT_SCHEDULE: Readonly<Record<Task, string>> = {
  collect: '15m',
  detect: '15m',
  assess: '1d',
  readiness: '1d',
};

/** Who signs in to Graph and how: a tenant of the fleet, or the partner. */
export interface FleetCredentials {
  readonly id: string;
  readonly name: string;
  readonly clientId?: string;
  readonly secretEnv?: string;
  readonly certificate?: string;
  readonly tokenEnv?: string;
  readonly graphUrl?: string;
  readonly managementUrl?: string;
  readonly authorityHost?: string;
  readonly cloud?: string;
}

/** The partner (the MSP's own tenant), whose GDAP relationships a partner round reads every `everyMs`. */
export interface FleetPartner extends FleetCredentials {
  readonly everyMs: number;
}

/** How often the partner round reads GDAP relationships when fleet.yaml does not say. */
export const DEFAULT_PARTNER_EVERY = '1d';

export interface FleetTenant extends FleetCredentials {
  /** Absolute path of the tenant's own workspace. */
  readonly workspace: string;
  /** How far back the first collection reads (ms). */
  readonly sinceMs: number;
  /** Endpoint names collect reads; undefined: all of them. */
  readonly endpoints?: readonly string[];
  /** Interval of each task, in ms. */
  readonly schedule: Readonly<Record<Task, number>>;
  /** The folder whose notify.yaml routes this tenant's notifications (docs/notify.md). */
  readonly notifyDir: string;
}

export interface FleetConfig {
  readonly file: string;
  readonly tenants: readonly FleetTenant[];
  readonly partner?: FleetPartner;
}

/** --fleet FILE, else PREMORTEM_FLEET, else ./fleet.yaml. */
export function resolveFleetPath(flag: string | undefined): string {
  return resolve(flag ?? process.env.PREMORTEM_FLEET ?? 'fleet.yaml');
}

function invalid(file: string, message: string, field?: string): PremortemError {
  return new PremortemError('input-malformed', message, {
    source: { file, ...(field ? { field } : {}) },
    hint: 'docs/fleet.md describes fleet.yaml',
  });
}

/** Parses fleet.yaml text; `file` names it in errors and anchors relative paths. */
export function parseFleet(text: string, file: string): FleetConfig {
  const data = parseYamlValue(file, text, 'docs/fleet.md describes fleet.yaml');
  const parsed = FleetFile.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.');
    throw invalid(file, `fleet file is invalid: ${field ? `${field}: ` : ''}${issue?.message ?? 'unknown'}`, field);
  }
  const base = dirname(file);
  const seen = new Map<string, number>();
  const tenants = parsed.data.tenants.map((t, i): FleetTenant => {
    const before = seen.get(t.id.toLowerCase());
    if (before !== undefined) throw invalid(file, `tenant ${t.id} is listed twice (entries ${before} and ${i})`);
    seen.set(t.id.toLowerCase(), i);
    const intervals = { ...DEFAULT_SCHEDULE, ...parsed.data.defaults?.schedule, ...t.schedule };
    const graphUrl = t.graph_url ?? parsed.data.defaults?.graph_url;
    const endpoints = t.endpoints ?? parsed.data.defaults?.endpoints;
    return {
      ...credentials(t, base, graphUrl),
      ...(t.management_url ? { managementUrl: t.management_url } : {}),
      workspace: resolve(base, t.workspace ?? `tenants/${t.id}`),
      sinceMs: parseDuration(t.since ?? parsed.data.defaults?.since ?? '30d') as number,
      ...(endpoints ? { endpoints } : {}),
      schedule: Object.fromEntries(
        Object.entries(intervals).map(([k, v]) => [k, parseDuration(v) as number]),
      ) as Record<Task, number>,
      notifyDir: resolve(base, t.notify ?? parsed.data.defaults?.notify ?? t.workspace ?? `tenants/${t.id}`),
    };
  });
  const workspaces = new Map<string, string>();
  for (const t of tenants) {
    const other = workspaces.get(t.workspace);
    // Two tenants in one workspace would mix their data: the one thing the fleet must never do.
    if (other !== undefined) throw invalid(file, `tenants ${other} and ${t.id} share the workspace ${t.workspace}`);
    workspaces.set(t.workspace, t.id);
  }
  const p = parsed.data.partner;
  if (p && seen.has(p.id.toLowerCase())) throw invalid(file, `the partner ${p.id} is also listed as a tenant`);
  const partner: FleetPartner | undefined = p
    ? {
        ...credentials(p, base, p.graph_url ?? parsed.data.defaults?.graph_url),
        everyMs: parseDuration(p.every ?? DEFAULT_PARTNER_EVERY) as number,
      }
    : undefined;
  return { file, tenants, ...(partner ? { partner } : {}) };
}

/** The credential references of an entry, certificate paths made absolute. */
function credentials(
  t: CredentialFields & { id: string; name: string; authority_host?: string | undefined; cloud?: string | undefined },
  base: string,
  graphUrl: string | undefined,
): FleetCredentials {
  return {
    id: t.id,
    name: t.name,
    ...(t.client_id ? { clientId: t.client_id } : {}),
    ...(t.secret_env ? { secretEnv: t.secret_env } : {}),
    ...(t.certificate ? { certificate: resolve(base, t.certificate) } : {}),
    ...(t.token_env ? { tokenEnv: t.token_env } : {}),
    ...(graphUrl ? { graphUrl } : {}),
    ...(t.authority_host ? { authorityHost: t.authority_host } : {}),
    ...(t.cloud ? { cloud: t.cloud } : {}),
  };
}

/** Reads and checks fleet.yaml; a missing or invalid file is an input error (exit 2) naming it. */
export function loadFleet(path: string): FleetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PremortemError('input-not-found', `cannot read the fleet file ${path}`, {
      source: { file: path },
      hint: 'give --fleet FILE (or PREMORTEM_FLEET); docs/fleet.md describes fleet.yaml',
    });
  }
  return parseFleet(text, path);
}

export function findTenant(fleet: FleetConfig, id: string): FleetTenant | undefined {
  return fleet.tenants.find((t) => t.id.toLowerCase() === id.toLowerCase());
}
