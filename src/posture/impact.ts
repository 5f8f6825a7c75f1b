/**
 * Rollout impact: before a control is enforced, which users, apps, client apps and devices it would have blocked
 * or challenged, from the sign-in history. This is the pilot seed 000 asks for ("a UAT phase specifically for
 * legacy integration software might have identified the invoicing glitch before a full rollout"). Sign-ins are
 * grouped by application and client app so one line reads "InvoiceFlow Mobile over Exchange ActiveSync: 4 users,
 * 4 devices"; report-only Conditional Access results in the same sign-ins (appliedConditionalAccessPolicies
 * reportOnlyFailure / reportOnlyInterrupted) are counted beside it.
 */
import { PremortemError } from '../core/errors.js';
import type { Workspace } from '../store/workspace.js';

/** The controls `premortem impact --policy` can weigh. */
export const IMPACT_POLICIES = ['mfa-all', 'block-legacy-auth'] as const;
export type ImpactPolicy = (typeof IMPACT_POLICIES)[number];

/** One application over one client app, and who and what used it. */
export interface ImpactGroup {
  readonly app: string;
  readonly clientApp: string;
  /** blocked: the sign-in could not have happened; challenged: it would have asked for MFA. */
  readonly outcome: 'blocked' | 'challenged';
  readonly signIns: number;
  readonly users: readonly { readonly upn: string; readonly signIns: number }[];
  readonly devices: readonly {
    readonly id: string;
    readonly name: string;
    readonly os: string;
    readonly user: string;
  }[];
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** What report-only policies said about the same sign-ins. */
export interface ReportOnlyResult {
  readonly policy: string;
  readonly result: string;
  readonly signIns: number;
  readonly users: number;
}

/** The whole answer. */
export interface ImpactReport {
  readonly policy: ImpactPolicy;
  /** The last `days` before the newest sign-in in the store (not the wall clock: imported logs may be old). */
  readonly window: { readonly start: string; readonly end: string; readonly days: number };
  readonly totals: { readonly signIns: number; readonly users: number; readonly devices: number };
  readonly groups: readonly ImpactGroup[];
  readonly reportOnly: readonly ReportOnlyResult[];
}

/**
 * Which successful user sign-ins a control would have hit. Legacy clients cannot do MFA at all, so under
 * "MFA for all" they are blocked, not challenged (reference/legacy_auth_clientapps.md; the legacy flag is the
 * store's is_legacy_auth: clientAppUsed not Browser / Mobile Apps and Desktop clients).
 */
const AFFECTED: Readonly<Record<ImpactPolicy, string>> = {
  'mfa-all': "coalesce(authentication_requirement, '') <> 'multiFactorAuthentication'",
  'block-legacy-auth': 'is_legacy_auth',
};

/**
 * An MFA prompt happens at an interactive sign-in; non-interactive ones ride on its token, so counting them would
 * multiply one challenge by every refresh. A legacy client signs in with the password every time: both kinds count.
 */
const EVENT_TYPES: Readonly<Record<ImpactPolicy, string>> = {
  'mfa-all': "'interactiveUser'",
  'block-legacy-auth': "'interactiveUser', 'nonInteractiveUser'",
};

const OUTCOME: Readonly<Record<ImpactPolicy, string>> = {
  'mfa-all': "CASE WHEN is_legacy_auth THEN 'blocked' ELSE 'challenged' END",
  'block-legacy-auth': "'blocked'",
};

/** A device's identity: its id when registered; otherwise its name, OS and user agent for that user. */
const DEVICE_KEY = `coalesce(nullif(device_id, ''), user_principal_name || '|' || coalesce(device_name, '') || '|' || coalesce(device_os, '') || '|' || coalesce(user_agent, ''))`;

/** Computes the impact of a control over the last `days` of sign-ins. */
export async function rolloutImpact(ws: Workspace, policy: ImpactPolicy, days: number): Promise<ImpactReport> {
  if (!Number.isInteger(days) || days < 1)
    throw new PremortemError('usage', `--days takes a whole number of days, not ${days}`);
  const end = (await ws.scalar("SELECT strftime(max(created_at), '%Y-%m-%dT%H:%M:%SZ') FROM signins")) as string | null;
  if (!end) {
    throw new PremortemError('input-not-found', 'the workspace holds no sign-ins', {
      hint: 'import sign-in logs first: premortem import PATH (or premortem collect)',
    });
  }
  const start = new Date(Date.parse(end) - days * 86_400_000).toISOString().replace('.000Z', 'Z');
  // Successful sign-ins of people: failures were not going to get in anyway, and workload identities do not do MFA.
  const scope = `FROM signins WHERE created_at > $1::TIMESTAMPTZ AND created_at <= $2::TIMESTAMPTZ
    AND error_code = 0 AND coalesce(user_principal_name, '') <> ''
    AND coalesce(event_type, 'interactiveUser') IN (${EVENT_TYPES[policy]})
    AND ${AFFECTED[policy]}`;
  const params = [start, end];
  const groups = await ws.all<{
    app: string;
    client_app: string;
    outcome: 'blocked' | 'challenged';
    n: bigint;
    first_seen: string;
    last_seen: string;
  }>(
    `SELECT coalesce(app_display_name, app_id, '(unknown app)') AS app, coalesce(client_app, '(unknown)') AS client_app,
            ${OUTCOME[policy]} AS outcome, count(*) AS n,
            strftime(min(created_at), '%Y-%m-%dT%H:%M:%SZ') AS first_seen, strftime(max(created_at), '%Y-%m-%dT%H:%M:%SZ') AS last_seen
     ${scope} GROUP BY 1, 2, 3 ORDER BY outcome, n DESC, app, client_app`,
    params,
  );
  const users = await ws.all<{ app: string; client_app: string; upn: string; n: bigint }>(
    `SELECT coalesce(app_display_name, app_id, '(unknown app)') AS app, coalesce(client_app, '(unknown)') AS client_app,
            user_principal_name AS upn, count(*) AS n
     ${scope} GROUP BY 1, 2, 3 ORDER BY n DESC, upn`,
    params,
  );
  const devices = await ws.all<{ app: string; client_app: string; id: string; name: string; os: string; upn: string }>(
    `SELECT DISTINCT coalesce(app_display_name, app_id, '(unknown app)') AS app, coalesce(client_app, '(unknown)') AS client_app,
            ${DEVICE_KEY} AS id, coalesce(nullif(device_name, ''), '(unnamed)') AS name, coalesce(device_os, '') AS os,
            user_principal_name AS upn
     ${scope} ORDER BY upn, name, id`,
    params,
  );
  const totals = await ws.one<{ n: bigint; u: bigint; d: bigint }>(
    `SELECT count(*) AS n, count(DISTINCT user_principal_name) AS u, count(DISTINCT ${DEVICE_KEY}) AS d ${scope}`,
    params,
  );
  const reportOnly = await ws.all<{ policy: string; result: string; n: bigint; u: bigint }>(
    `WITH applied AS (
       SELECT user_principal_name, unnest(from_json(applied_ca_policies, '[{"displayName":"VARCHAR","result":"VARCHAR"}]')) AS p
       FROM signins WHERE created_at > $1::TIMESTAMPTZ AND created_at <= $2::TIMESTAMPTZ
         AND applied_ca_policies IS NOT NULL AND applied_ca_policies LIKE '%reportOnly%')
     SELECT p.displayName AS policy, p.result AS result, count(*) AS n, count(DISTINCT user_principal_name) AS u
     FROM applied WHERE p.result IN ('reportOnlyFailure', 'reportOnlyInterrupted')
     GROUP BY 1, 2 ORDER BY n DESC, policy`,
    params,
  );
  const key = (r: { app: string; client_app: string }) => `${r.app}\u0000${r.client_app}`;
  return {
    policy,
    window: { start, end, days },
    totals: { signIns: Number(totals?.n ?? 0), users: Number(totals?.u ?? 0), devices: Number(totals?.d ?? 0) },
    groups: groups.map((g) => ({
      app: g.app,
      clientApp: g.client_app,
      outcome: g.outcome,
      signIns: Number(g.n),
      users: users.filter((u) => key(u) === key(g)).map((u) => ({ upn: u.upn, signIns: Number(u.n) })),
      devices: devices.filter((d) => key(d) === key(g)).map((d) => ({ id: d.id, name: d.name, os: d.os, user: d.upn })),
      firstSeen: g.first_seen,
      lastSeen: g.last_seen,
    })),
    reportOnly: reportOnly.map((r) => ({
      policy: r.policy,
      result: r.result,
      signIns: Number(r.n),
      users: Number(r.u),
    })),
  };
}
