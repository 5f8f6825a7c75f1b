import { toIsoUtc } from '../core/time.js';
import type { Footprint } from '../investigate/footprint-model.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';
import type { ChartData, Coverage, Iocs, IpFact } from './report-model.js';

const iso = (d: Date | null) => toIsoUtc(d) ?? '';

/** What the sign-in logs say about each attacker address. */
export async function ipFacts(ws: Workspace, ips: readonly string[]): Promise<IpFact[]> {
  if (ips.length === 0) return [];
  const rows = await ws.all<{
    ip: string;
    country: string | null;
    asn: bigint | null;
    failures: bigint;
    successes: bigint;
    accounts: bigint;
    first: Date;
    last: Date;
    client_apps: string[];
  }>(
    `SELECT ip_address AS ip, any_value(country) AS country, any_value(asn) AS asn,
            count(*) FILTER (WHERE error_code <> 0) AS failures, count(*) FILTER (WHERE error_code = 0) AS successes,
            count(DISTINCT coalesce(user_principal_name, service_principal_name)) AS accounts,
            min(created_at) AS first, max(created_at) AS last,
            list(DISTINCT client_app ORDER BY client_app) FILTER (WHERE client_app IS NOT NULL AND client_app <> '') AS client_apps
     FROM signins WHERE list_contains($1::VARCHAR[], ip_address) GROUP BY ip_address ORDER BY ip_address`,
    [sqlList(ips)],
  );
  return rows.map((r) => ({
    ip: r.ip,
    country: r.country,
    asn: r.asn === null ? null : Number(r.asn),
    failures: Number(r.failures),
    successes: Number(r.successes),
    accounts: Number(r.accounts),
    first: iso(r.first),
    last: iso(r.last),
    client_apps: r.client_apps ?? [],
  }));
}

/** Indicators: addresses, user agents and apps the attacker used, service principals and credential key ids. */
export async function iocs(ws: Workspace, ips: readonly string[], footprints: readonly Footprint[]): Promise<Iocs> {
  const facts = await ipFacts(ws, ips);
  const agents = await ws.all<{ ua: string }>(
    `SELECT DISTINCT user_agent AS ua FROM signins WHERE list_contains($1::VARCHAR[], ip_address) AND coalesce(user_agent, '') <> ''
     UNION SELECT DISTINCT user_agent FROM audits WHERE list_contains($1::VARCHAR[], initiator_ip) AND coalesce(user_agent, '') <> ''
     ORDER BY 1`,
    [sqlList(ips)],
  );
  const auditUids = footprints.flatMap((f) => f.actions.filter((a) => a.table === 'audits').flatMap((a) => a.uids));
  const scriptAgents = await ws.all<{ ua: string }>(
    `SELECT DISTINCT user_agent AS ua FROM audits WHERE list_contains($1::VARCHAR[], uid) AND coalesce(user_agent, '') <> '' ORDER BY 1`,
    [sqlList(auditUids)],
  );
  const credUids = footprints.flatMap((f) =>
    f.actions.filter((a) => a.category === 'credential added').flatMap((a) => a.uids),
  );
  const keys = await ws.all<{ key: string }>(
    `SELECT DISTINCT unnest(regexp_extract_all(target_resources, 'KeyIdentifier=([0-9A-Fa-f-]{36})', 1)) AS key
     FROM audits WHERE list_contains($1::VARCHAR[], uid) ORDER BY 1`,
    [sqlList(credUids)],
  );
  const apps = await ws.all<{ app: string }>(
    `SELECT DISTINCT coalesce(resource_display_name, app_display_name) AS app FROM signins
     WHERE list_contains($1::VARCHAR[], ip_address) AND error_code = 0 AND coalesce(resource_display_name, app_display_name) IS NOT NULL ORDER BY 1`,
    [sqlList(ips)],
  );
  const sps = new Map<string, string | null>();
  for (const f of footprints)
    for (const i of f.identities) if (i.kind === 'sp') sps.set(i.name, i.id ?? sps.get(i.name) ?? null);
  return {
    ips: facts,
    user_agents: [...new Set([...agents, ...scriptAgents].map((r) => r.ua))].sort(),
    client_apps: [...new Set(facts.flatMap((f) => f.client_apps))].sort(),
    applications: apps.map((r) => r.app),
    service_principals: [...sps.entries()]
      .map(([name, id]) => ({ name, id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    credential_ids: keys.map((k) => k.key),
    behaviours: [],
  };
}

/** Failed sign-ins per hour per attacker address. */
export async function chartHours(ws: Workspace, ips: readonly string[]): Promise<ChartData['hours']> {
  if (ips.length === 0) return [];
  const rows = await ws.all<{ hour: Date; ip: string; n: bigint }>(
    `SELECT date_trunc('hour', created_at) AS hour, ip_address AS ip, count(*) AS n FROM signins
     WHERE error_code <> 0 AND list_contains($1::VARCHAR[], ip_address) GROUP BY ALL ORDER BY hour, ip`,
    [sqlList(ips)],
  );
  return rows.map((r) => ({ hour: iso(r.hour), ip: r.ip, failures: Number(r.n) }));
}

/** Row counts and time ranges of the three logs. */
export async function coverage(ws: Workspace): Promise<Coverage[]> {
  const spec = [
    ['signins', 'Sign-in logs', 'created_at'],
    ['audits', 'Entra audit log', 'activity_at'],
    ['activities', 'Unified audit log (mailbox rules, forwarding, mail access)', 'created_at'],
  ] as const;
  const out: Coverage[] = [];
  for (const [table, label, col] of spec) {
    const r = await ws.one<{ n: bigint; first: Date | null; last: Date | null }>(
      `SELECT count(*) AS n, min(${col}) AS first, max(${col}) AS last FROM ${table}`,
    );
    out.push({
      table,
      label,
      rows: Number(r?.n ?? 0),
      first: toIsoUtc(r?.first ?? null),
      last: toIsoUtc(r?.last ?? null),
    });
  }
  return out;
}

/** The tenant id as the logs state it (sign-ins' resource tenant, or the unified audit log's organization). */
export async function tenantOf(ws: Workspace): Promise<string | null> {
  const v = await ws.scalar(
    `SELECT coalesce((SELECT any_value(resource_tenant_id) FROM signins WHERE resource_tenant_id IS NOT NULL),
                     (SELECT any_value(organization_id) FROM activities WHERE organization_id IS NOT NULL))`,
  );
  return typeof v === 'string' ? v : null;
}
