/**
 * `premortem doctor`: can premortem read this tenant, and if not, exactly what is missing. It signs in, reads the
 * application permissions granted (the token's roles claim), then calls every endpoint once with the smallest
 * request it accepts: a 403 names the missing permission or licence, as Graph answered it.
 * Permissions: reference/graph_api_limits_permissions.md (Permissions, Licensing).
 */
import { CONFIG_RESOURCES } from '../sources/graph/config-resources.js';
import { LOG_ENDPOINTS } from '../sources/graph/endpoints/index.js';
import { GraphError } from '../sources/graph/errors.js';
import { ACTIVITY_FEED_PERMISSION, UAL_ENDPOINT } from '../sources/graph/management/content-types.js';
import { allOf, timeWindow } from '../sources/graph/odata.js';
import { listPageProblem } from '../sources/graph/paging.js';
import { redact } from '../sources/graph/redact.js';
import { tokenClaims } from '../sources/graph/token-claims.js';
import type { GraphSession } from './graph-session.js';

/** The application permissions premortem asks for, and what each one is for. */
export const PERMISSIONS: readonly { permission: string; for: string; required: boolean }[] = [
  {
    permission: 'AuditLog.Read.All',
    for: 'sign-in and directory audit logs, MFA registration details',
    required: true,
  },
  {
    permission: 'Directory.Read.All',
    for: 'sign-in logs (Graph asks for it beside AuditLog.Read.All), users, domains, organization, delegated grants',
    required: true,
  },
  {
    permission: 'Policy.Read.All',
    for: 'Conditional Access policies and named locations, security defaults, authentication and authorization policies, and the Conditional Access result of each sign-in',
    required: true,
  },
  {
    permission: 'RoleManagement.Read.Directory',
    for: 'directory roles, role assignments, PIM schedules',
    required: true,
  },
  {
    permission: 'Application.Read.All',
    for: 'service principals and applications with their credentials, owners and app role assignments',
    required: true,
  },
  {
    permission: 'IdentityRiskEvent.Read.All',
    for: 'Identity Protection risk detections (Entra ID P2)',
    required: false,
  },
  { permission: 'IdentityRiskyUser.Read.All', for: 'Identity Protection risky users (Entra ID P2)', required: false },
  {
    permission: 'IdentityRiskyServicePrincipal.Read.All',
    for: 'Identity Protection risky service principals and their risk detections (Entra ID P2)',
    required: false,
  },
  { permission: 'RoleManagementAlert.Read.Directory', for: 'PIM alerts (Entra ID P2)', required: false },
];

/**
 * The unified audit log's permission belongs to another resource, "Office 365 Management APIs": it is in the
 * management token's roles, never in Graph's, so it is checked with a token of its own.
 */
export const ACTIVITY_FEED = {
  permission: ACTIVITY_FEED_PERMISSION,
  for: 'the unified audit log: Exchange, SharePoint, Entra ID and other workloads (Office 365 Management APIs, not Microsoft Graph)',
  required: false,
} as const;

export type CheckStatus = 'ok' | 'missing-permission' | 'unlicensed' | 'error';

export interface DoctorCheck {
  readonly name: string;
  readonly kind: 'logs' | 'config';
  readonly status: CheckStatus;
  /** A check that must pass for premortem to do its job (optional ones are P2 features). */
  readonly required: boolean;
  readonly permissions: readonly string[];
  readonly licence?: string;
  readonly detail?: string;
}

export interface DoctorReport {
  readonly graphUrl: string;
  readonly authorityHost: string;
  readonly cloud: string;
  readonly credential: string;
  readonly tenantId: string;
  readonly signIn: { readonly ok: boolean; readonly detail?: string; readonly hint?: string };
  /** From the token's roles claim; absent when the token does not say (an opaque token). */
  readonly grantedPermissions?: readonly string[];
  readonly missingPermissions: readonly { permission: string; for: string; required: boolean }[];
  readonly checks: readonly DoctorCheck[];
  readonly ok: boolean;
}

/** A check's status from what a request threw: Graph's 403 names a permission or a licence. */
export function statusOf(err: unknown): { status: CheckStatus; detail: string } {
  if (err instanceof GraphError && err.failure === 'permission')
    return { status: 'missing-permission', detail: err.message };
  if (err instanceof GraphError && err.failure === 'licence') return { status: 'unlicensed', detail: err.message };
  return { status: 'error', detail: redact(err instanceof Error ? err.message : String(err)) };
}

/** Runs every check; never throws for a Graph answer, only reports it. */
export async function runDoctor(
  session: GraphSession,
  o: { now?: () => number; signal?: AbortSignal } = {},
): Promise<DoctorReport> {
  const { settings, client, tokens } = session;
  const base = {
    graphUrl: settings.graphUrl,
    authorityHost: settings.authorityHost,
    cloud: settings.cloud,
    credential: tokens.kind,
    tenantId: session.tenantId,
  };
  let token: string;
  try {
    token = await tokens.getToken();
  } catch (err) {
    const e = err as Error & { hint?: string };
    return {
      ...base,
      signIn: { ok: false, detail: redact(e.message), ...(e.hint ? { hint: e.hint } : {}) },
      missingPermissions: [],
      checks: [],
      ok: false,
    };
  }
  const claims = tokenClaims(token);
  const granted = claims?.roles;
  const missingPermissions: { permission: string; for: string; required: boolean }[] = granted
    ? PERMISSIONS.filter((p) => !granted.includes(p.permission))
    : [];

  const now = (o.now ?? Date.now)();
  const signal = o.signal ? { signal: o.signal } : {};
  const checks: DoctorCheck[] = [];
  // One sign-in kind stands for all four: the same path, permission and licence.
  const logProbes = LOG_ENDPOINTS.filter((e) => !e.name.startsWith('signIns/') || e.name === 'signIns/interactiveUser');
  for (const e of logProbes) {
    const filter = allOf(e.timeField ? timeWindow(e.timeField, now - 86_400_000, now) : undefined, e.filter);
    const url = client.url(e.path, { $filter: filter, $top: e.top === undefined ? undefined : 1 });
    let result: { status: CheckStatus; detail?: string } = { status: 'ok' };
    try {
      await client.get(url, { budget: e.budget, validate: listPageProblem, ...signal });
    } catch (err) {
      if (err instanceof GraphError && err.failure === 'auth') throw err;
      result = statusOf(err);
    }
    checks.push({
      name: e.name === 'signIns/interactiveUser' ? 'signIns' : e.name,
      kind: 'logs',
      required: !e.optional,
      permissions: e.permissions,
      ...(e.licence ? { licence: e.licence } : {}),
      ...result,
    });
  }
  for (const r of CONFIG_RESOURCES) {
    const query = r.single ? r.query : { ...r.query, $top: 1 };
    let result: { status: CheckStatus; detail?: string } = { status: 'ok' };
    try {
      await client.get(client.url(r.path, query ?? {}), { budget: r.budget, ...signal });
    } catch (err) {
      if (err instanceof GraphError && err.failure === 'auth') throw err;
      result = statusOf(err);
    }
    checks.push({
      name: r.name,
      kind: 'config',
      // A licence the tenant lacks is not premortem's to fix; users without signInActivity still work.
      required: r.licence === undefined,
      permissions: r.permissions,
      ...(r.licence ? { licence: r.licence } : {}),
      ...result,
    });
  }
  const ual = await ualCheck(session, o.signal);
  checks.push(ual.check);
  if (ual.missing) missingPermissions.push(ACTIVITY_FEED);
  const blocking = checks.filter((c) => (c.required || c.name === 'signIns') && c.status !== 'ok');
  return {
    ...base,
    signIn: { ok: true },
    ...(granted ? { grantedPermissions: granted } : {}),
    missingPermissions,
    checks,
    ok: blocking.length === 0 && !missingPermissions.some((p) => p.required),
  };
}

/** Signs in to the Management Activity API and lists the subscriptions: the smallest call ActivityFeed.Read allows. */
async function ualCheck(
  session: GraphSession,
  signal: AbortSignal | undefined,
): Promise<{ check: DoctorCheck; missing: boolean }> {
  const base = { name: UAL_ENDPOINT, kind: 'logs', required: false, permissions: [ACTIVITY_FEED_PERMISSION] } as const;
  if ('unavailable' in session.ual)
    return { check: { ...base, status: 'error', detail: session.ual.unavailable }, missing: false };
  const { api } = session.ual;
  let missing = false;
  try {
    const roles = tokenClaims(await api.client.tokens.getToken())?.roles;
    missing = roles !== undefined && !roles.includes(ACTIVITY_FEED_PERMISSION);
    await api.listSubscriptions(signal);
    return { check: { ...base, status: 'ok' }, missing };
  } catch (err) {
    const r = statusOf(err);
    return { check: { ...base, ...r }, missing: missing || r.status === 'missing-permission' };
  }
}
