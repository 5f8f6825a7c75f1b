/**
 * The fleet as the queue and the rounds' summaries show it: per tenant its last round, collection lag, open
 * incidents, posture and readiness, and failing rounds; and the views across tenants (legacy authentication still
 * allowed, permanent privileged assignments, expired exceptions, one incident list naming each tenant). Read from
 * Redis only: no tenant workspace is opened, so status never waits for a worker holding one.
 */
import type { Severity } from '../core/severity.js';
import { type FleetConfig, loadFleet } from './config.js';
import { type GdapCollection, type GdapRelationship, reviewGdap } from './gdap.js';
import type { PartnerFinding } from './partner-access.js';
import { resolveRedisUrl } from './redis-url.js';
import type { TenantSummary } from './round.js';

export interface TenantStatus {
  readonly id: string;
  readonly name: string;
  /** never: no round has finished; ok: the last round ran every task; failing: a task or the round failed. */
  readonly state: 'never' | 'ok' | 'failing';
  readonly running: boolean;
  readonly lastRound: string | null;
  readonly lastCollection: string | null;
  /** Minutes between now and the newest event held: how far behind the tenant's store is. */
  readonly lagMinutes: number | null;
  readonly openIncidents: number;
  readonly postureScore: number | null;
  readonly readinessScore: number | null;
  /** Why the last round failed: its failed tasks, or the queue's reason after its last attempt. */
  readonly failures: readonly string[];
}

export interface FleetIncident {
  readonly tenant: string;
  readonly tenantName: string;
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly first_seen: string;
}

export interface FleetStatus {
  readonly at: string;
  readonly queue: Readonly<Record<string, number>>;
  readonly tenants: readonly TenantStatus[];
  readonly views: {
    readonly legacyAuthAllowed: readonly { tenant: string; name: string }[];
    readonly permanentPrivileged: readonly { tenant: string; name: string; findings: readonly string[] }[];
    readonly expiredExceptions: readonly { tenant: string; name: string; exceptions: readonly string[] }[];
    readonly incidents: readonly FleetIncident[];
    /** Partner access that is over-privileged or stale (partner-access.ts), per tenant. */
    readonly partnerAccess: readonly { tenant: string; name: string; findings: readonly PartnerFinding[] }[];
    /** The partner's GDAP relationships per tenant (gdap.ts); null when fleet.yaml names no partner. */
    readonly gdap: GdapView | null;
  };
}

export interface GdapView {
  readonly partner: { readonly id: string; readonly name: string };
  /** When the last partner round read the relationships; null: none has yet. */
  readonly collectedAt: string | null;
  /** Why the last partner round failed, after its retries. */
  readonly failure: string | null;
  /** Every tenant of fleet.yaml, with its relationships (none: the partner has no GDAP relationship there). */
  readonly tenants: readonly { tenant: string; name: string; relationships: readonly GdapRelationship[] }[];
  /** Relationships with customers fleet.yaml does not list. */
  readonly outside: readonly GdapRelationship[];
}

/** The GDAP view of the fleet from the partner round's collection. */
export function gdapView(
  config: FleetConfig,
  collection: GdapCollection | undefined,
  failure: string | undefined,
): GdapView | null {
  const partner = config.partner;
  if (!partner) return null;
  // A collection another partner made (fleet.yaml changed since) is not shown as this partner's.
  const own = collection && collection.partner.id.toLowerCase() === partner.id.toLowerCase() ? collection : undefined;
  const review = own ? reviewGdap(own, config.tenants) : undefined;
  return {
    partner: { id: partner.id, name: partner.name },
    collectedAt: own?.collectedAt ?? null,
    failure: failure ?? null,
    tenants: config.tenants.map((t) => ({
      tenant: t.id,
      name: t.name,
      relationships: review?.byTenant[t.id.toLowerCase()] ?? [],
    })),
    outside: review?.outside ?? [],
  };
}

/** Builds the status from the summaries and the queue's failed and active rounds. */
export function fleetStatus(
  config: FleetConfig,
  summaries: ReadonlyMap<string, TenantSummary>,
  failedReasons: ReadonlyMap<string, string>,
  running: ReadonlySet<string>,
  queue: Readonly<Record<string, number>>,
  now: number,
  gdap?: GdapCollection,
): FleetStatus {
  const tenants: TenantStatus[] = [];
  const incidents: FleetIncident[] = [];
  const legacy: { tenant: string; name: string }[] = [];
  const permanent: { tenant: string; name: string; findings: string[] }[] = [];
  const expired: { tenant: string; name: string; exceptions: string[] }[] = [];
  const partner: { tenant: string; name: string; findings: PartnerFinding[] }[] = [];
  for (const t of config.tenants) {
    // Summaries are keyed by the tenant id as fleet.yaml spells it; a summary claims its tenant, and one that
    // names another is not shown under this one.
    const s = summaries.get(t.id);
    const own = s !== undefined && s.tenant === t.id ? s : undefined;
    const failures = [
      ...(own?.tasks.filter((x) => !x.ok).map((x) => `${x.task}: ${x.detail}`) ?? []),
      ...(failedReasons.has(t.id) ? [`round: ${failedReasons.get(t.id)}`] : []),
    ];
    const newest = own?.newestEvent ? Date.parse(own.newestEvent) : Number.NaN;
    tenants.push({
      id: t.id,
      name: t.name,
      state: own === undefined && failures.length === 0 ? 'never' : failures.length > 0 ? 'failing' : 'ok',
      running: running.has(t.id),
      lastRound: own?.finishedAt ?? null,
      lastCollection: own?.lastCollection ?? null,
      lagMinutes: Number.isNaN(newest) ? null : Math.max(0, Math.round((now - newest) / 60_000)),
      openIncidents: own?.incidents?.length ?? 0,
      postureScore: own?.postureScore ?? null,
      readinessScore: own?.readinessScore ?? null,
      failures,
    });
    if (!own) continue;
    for (const i of own.incidents ?? []) incidents.push({ tenant: t.id, tenantName: t.name, ...i });
    if (own.legacyAuthAllowed) legacy.push({ tenant: t.id, name: t.name });
    if (own.permanentPrivileged?.length)
      permanent.push({ tenant: t.id, name: t.name, findings: [...own.permanentPrivileged] });
    if (own.partner?.findings.length) partner.push({ tenant: t.id, name: t.name, findings: [...own.partner.findings] });
    if (own.expiredExceptions?.length)
      expired.push({ tenant: t.id, name: t.name, exceptions: [...own.expiredExceptions] });
  }
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
  incidents.sort((a, b) => rank[a.severity] - rank[b.severity] || b.first_seen.localeCompare(a.first_seen));
  return {
    at: new Date(now).toISOString(),
    queue,
    tenants,
    views: {
      legacyAuthAllowed: legacy,
      permanentPrivileged: permanent,
      expiredExceptions: expired,
      incidents,
      partnerAccess: partner,
      gdap: gdapView(config, gdap, config.partner ? failedReasons.get(config.partner.id) : undefined),
    },
  };
}

/** Reads summaries and the queue from Redis and builds the status. */
export async function readFleetStatus(redisUrl: string, config: FleetConfig, now: number): Promise<FleetStatus> {
  // Loaded here, not with the module: `premortem serve` and every other command start without BullMQ and ioredis.
  const { fleetQueue, GDAP_KEY, redisClient, SUMMARIES_KEY } = await import('./queue.js');
  const redis = redisClient(redisUrl);
  const queue = fleetQueue(redisUrl);
  try {
    const raw = await redis.hgetall(SUMMARIES_KEY);
    const summaries = new Map<string, TenantSummary>();
    for (const [tenant, text] of Object.entries(raw)) summaries.set(tenant, JSON.parse(text) as TenantSummary);
    const gdapText = await redis.get(GDAP_KEY);
    const gdap = gdapText ? (JSON.parse(gdapText) as GdapCollection) : undefined;
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed');
    const failedReasons = new Map<string, string>();
    // Newest first: the latest failure of each tenant is the one shown.
    for (const job of await queue.getFailed(0, 999)) {
      const tenant = job.data.tenant;
      const last = summaries.get(tenant)?.finishedAt ?? (tenant === config.partner?.id ? gdap?.collectedAt : undefined);
      // A failure older than the tenant's last finished round was fixed since.
      if (job.finishedOn && last && job.finishedOn < Date.parse(last)) continue;
      if (!failedReasons.has(tenant)) failedReasons.set(tenant, job.failedReason ?? 'failed');
    }
    const running = new Set((await queue.getActive(0, 999)).map((j) => j.data.tenant));
    return fleetStatus(config, summaries, failedReasons, running, counts, now, gdap);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/**
 * The status of the fleet in `file` for a page that shows it again and again: the file and the Redis URL are
 * checked now (a usage error at start, not on the first visit), and the file is read again at every call, so an
 * edit to it shows without a restart.
 */
export function fleetStatusLoader(file: string, redisFlag: string | undefined): () => Promise<FleetStatus> {
  const url = resolveRedisUrl(redisFlag);
  loadFleet(file);
  return () => readFleetStatus(url, loadFleet(file), Date.now());
}
