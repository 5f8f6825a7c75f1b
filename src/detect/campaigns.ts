/**
 * Campaigns, not fragments: the alerts of one rule family (the three views of a password spray: per address, per
 * network, over legacy protocols; the two views of a brute force on one account; the mailbox reads of one unusual
 * application, one alert per read; the ActiveSync devices one address adds) that belong to one attack become
 * one campaign alert, which grows in place as detection (full, incremental or watch) adds to its members. The
 * member alerts stay stored, mapped to their campaign in `alert_campaigns`, and the campaign's summary names each
 * view with its count: nothing is hidden, it is folded. Seed 004's lesson: an alert nobody reads is spam.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { sha256Hex } from '../core/hash.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { Workspace } from '../store/workspace.js';
import { type AlertEntities, mergeEntities } from './alert.js';
import type { StoreOutcome } from './alert-store.js';
import { moveAnnouncements, queueAnnouncement } from './announcements.js';
import { MERGE_GAP_MS } from './episodes.js';

/** A rule family whose alerts fold into campaigns. */
export interface CampaignFamily {
  readonly id: string;
  readonly title: string;
  /** The member rules by id (the built-in rules' ids; campaigns.test.ts checks them against the rule files). */
  readonly rules: Readonly<Record<string, string>>;
  /** What ties two alerts of the family to one attack, besides overlapping in time. */
  readonly link: 'same-account' | 'shared-address' | 'shared-address-or-accounts' | 'shared-address-or-app';
  /** What the campaign's summary counts: the failed sign-ins behind it, or its records of any kind. */
  readonly counts: 'failed-sign-ins' | 'records';
}

export const CAMPAIGN_FAMILIES: readonly CampaignFamily[] = [
  {
    id: 'password-spray',
    title: 'Password spray campaign',
    rules: {
      'ae35311f-0975-491a-b324-e0314db2a738': 'per address',
      '2a4c6e80-1b3d-4f5e-8a7c-9e0f1a2b3c48': 'per network (ASN)',
      '6e8a0c24-3d5f-4b7a-9c9e-1b2c3d4e5f49': 'over legacy protocols',
    },
    link: 'shared-address-or-accounts',
    counts: 'failed-sign-ins',
  },
  {
    id: 'brute-force',
    title: 'Brute force campaign against one account',
    rules: {
      '9c1e3a57-4f6b-4d8c-8a0e-1b2c3d4e5f25': 'burst',
      '5b7d9f13-2c4e-4a6b-8d0f-7e9a1b3c5d61': 'from many addresses',
    },
    link: 'same-account',
    counts: 'failed-sign-ins',
  },
  {
    // Seed 004: forged tokens of one application read four mailboxes on three days; each MailItemsAccessed record
    // is an alert of its own, and together they are one collection campaign (the same app, the same server).
    id: 'mailbox-collection',
    title: 'Mailbox collection campaign by an unusual application',
    rules: { '9e1a3c57-4f6b-4d8c-8e0a-1b2c3d4e5f40': 'mail read by an unusual application' },
    link: 'shared-address-or-app',
    counts: 'records',
  },
  {
    // Seed 004 in Graph's activity log: each mailbox read is a token of its own that no sign-in issued, one alert per
    // token; the same server and the same application make them one campaign.
    id: 'forged-tokens',
    title: 'Microsoft Graph called with tokens no sign-in issued',
    rules: { '6302519c-01fe-4d8c-9b67-8ed4425d16ad': 'token without a sign-in' },
    link: 'shared-address-or-app',
    counts: 'records',
  },
  {
    // Seed 003: the attacker adds its own ActiveSync phone to each mailbox it took over, from the same address.
    id: 'eas-new-device',
    title: 'New ActiveSync devices from one address',
    rules: { '1c3e5a79-0f2b-4d4a-8e6c-7b8c9d0e1f43': 'new ActiveSync device' },
    link: 'shared-address',
    counts: 'records',
  },
];

/** Two spray alerts share a campaign when they share an address or at least this many sprayed accounts. */
const SHARED_ACCOUNTS = 10;

interface Member {
  id: string;
  ruleId: string;
  first: number;
  last: number;
  severity: Severity;
  entities: AlertEntities;
  tags: string[];
}

function linked(family: CampaignFamily, a: Member, b: Member): boolean {
  if (a.first - MERGE_GAP_MS > b.last || b.first - MERGE_GAP_MS > a.last) return false;
  if (family.link === 'same-account') return a.entities.users.some((u) => b.entities.users.includes(u));
  if (a.entities.ips.some((ip) => b.entities.ips.includes(ip))) return true;
  if (family.link === 'shared-address') return false;
  if (family.link === 'shared-address-or-app') return a.entities.apps.some((app) => b.entities.apps.includes(app));
  const theirs = new Set(b.entities.users);
  return a.entities.users.filter((u) => theirs.has(u)).length >= SHARED_ACCOUNTS;
}

/** Connected components of the family's alerts (union-find over the linked pairs). */
function components(family: CampaignFamily, members: Member[]): Member[][] {
  const parent = members.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++)
      if (linked(family, members[i] as Member, members[j] as Member)) parent[find(i)] = find(j);
  const groups = new Map<number, Member[]>();
  members.forEach((m, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), m]);
  });
  return [...groups.values()].map((g) => g.sort((a, b) => a.first - b.first || a.id.localeCompare(b.id)));
}

async function familyMembers(ws: Workspace, family: CampaignFamily): Promise<Member[]> {
  const ids = Object.keys(family.rules);
  const rows = await ws.all(
    `SELECT id, rule_id, first_seen, last_seen, severity, entities, tags FROM alerts
     WHERE list_contains($1::VARCHAR[], rule_id) ORDER BY first_seen, id`,
    [`[${ids.map((i) => JSON.stringify(i)).join(',')}]`],
  );
  return rows.map((r) => ({
    id: String(r.id),
    ruleId: String(r.rule_id),
    first: (r.first_seen as Date).getTime(),
    last: (r.last_seen as Date).getTime(),
    severity: String(r.severity) as Severity,
    entities: JSON.parse(String(r.entities)) as AlertEntities,
    tags: JSON.parse(String(r.tags)) as string[],
  }));
}

const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(',')}]`;

/** The campaign's summary: the failures behind it, then each view with its count of member alerts. */
async function campaignSummary(
  ws: Workspace,
  family: CampaignFamily,
  id: string,
  group: Member[],
  entities: AlertEntities,
): Promise<string> {
  const views = Object.entries(family.rules)
    .map(([ruleId, view]) => [view, group.filter((m) => m.ruleId === ruleId).length] as const)
    .filter(([, n]) => n > 0)
    .map(([view, n]) => `${view} (${n} alert${n === 1 ? '' : 's'})`);
  const iso = (d: Date | undefined) => (d ? d.toISOString().replace('.000Z', 'Z') : '?');
  if (family.counts === 'records') return `${await recordsSummary(ws, id, entities, iso)}; seen ${views.join(', ')}`;
  const r = await ws.one<{ n: bigint; accounts: bigint; ips: bigint; first: Date; last: Date; codes: number[] }>(
    `SELECT count(*) AS n, count(DISTINCT s.user_principal_name) AS accounts, count(DISTINCT s.ip_address) AS ips,
            min(s.created_at) AS first, max(s.created_at) AS last, list(DISTINCT s.error_code ORDER BY s.error_code) AS codes
     FROM (SELECT DISTINCT uid FROM alert_evidence WHERE alert_id = $1 AND table_name = 'signins') e
     JOIN signins s ON s.uid = e.uid`,
    [id],
  );
  return (
    `${Number(r?.n ?? 0).toLocaleString('en-US')} failed sign-ins against ${Number(r?.accounts ?? 0).toLocaleString('en-US')} accounts ` +
    `from ${Number(r?.ips ?? 0).toLocaleString('en-US')} addresses between ${iso(r?.first)} and ${iso(r?.last)} ` +
    `(errors ${(r?.codes ?? []).join(', ')}); seen ${views.join(', ')}`
  );
}

const fmt = (x: number) => x.toLocaleString('en-US');
/** "a, b and 3 more": at most `max` names. */
function names(xs: readonly string[], max = 6): string {
  return xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', ');
}
const counted = (k: number, one: string, many: string, xs: readonly string[]) =>
  `${fmt(k)} ${k === 1 ? one : many}${xs.length ? ` (${names(xs)})` : ''}`;

/**
 * A campaign of records of any kind: how many, of which operations (unified audit log) or tables, naming which
 * accounts, from which addresses, through which applications, and when.
 */
async function recordsSummary(
  ws: Workspace,
  id: string,
  entities: AlertEntities,
  iso: (d: Date | undefined) => string,
): Promise<string> {
  const r = await ws.one<{ n: bigint; first: Date; last: Date }>(
    `SELECT count(DISTINCT uid) AS n, min(event_time) AS first, max(event_time) AS last FROM alert_evidence
     WHERE alert_id = $1`,
    [id],
  );
  const kinds = await ws.all<{ kind: string; k: bigint }>(
    `SELECT coalesce(a.operation, e.table_name) AS kind, count(*) AS k
     FROM (SELECT DISTINCT uid, table_name FROM alert_evidence WHERE alert_id = $1) e
     LEFT JOIN activities a ON e.table_name = 'activities' AND a.uid = e.uid
     GROUP BY ALL ORDER BY k DESC, kind`,
    [id],
  );
  // Graph activity names its user by object id only: the accounts are the UPNs their sign-ins carry (else the id).
  const users = (
    entities.users.length > 0
      ? [...entities.users]
      : (
          await ws.all<{ who: string }>(
            `SELECT DISTINCT coalesce((SELECT any_value(s.user_principal_name) FROM signins s WHERE s.user_id = g.user_id), g.user_id) AS who
             FROM (SELECT DISTINCT uid FROM alert_evidence WHERE alert_id = $1 AND table_name = 'graph_activity') e
             JOIN graph_activity g ON g.uid = e.uid WHERE nullif(g.user_id, '') IS NOT NULL`,
            [id],
          )
        ).map((r) => r.who)
  ).sort();
  const ips = [...entities.ips].sort();
  const apps = [...entities.apps].sort();
  return (
    `${fmt(Number(r?.n ?? 0))} records (${kinds.map((x) => `${fmt(Number(x.k))} ${x.kind}`).join(', ')}) ` +
    `naming ${counted(users.length, 'account', 'accounts', users)} from ${counted(ips.length, 'address', 'addresses', ips)} ` +
    `through ${counted(apps.length, 'application', 'applications', apps)} between ${iso(r?.first)} and ${iso(r?.last)}`
  );
}

/** Stores or updates one campaign from its member alerts; returns what happened to the campaign alert. */
async function storeCampaign(
  ws: Workspace,
  family: CampaignFamily,
  group: Member[],
  now: Date,
): Promise<[string, StoreOutcome]> {
  const ids = list(group.map((m) => m.id));
  const known = await ws.all<{ campaign_id: string }>(
    `SELECT c.campaign_id FROM alert_campaigns c JOIN alerts a ON a.id = c.campaign_id
     WHERE list_contains($1::VARCHAR[], c.alert_id) GROUP BY c.campaign_id ORDER BY min(a.first_seen), c.campaign_id`,
    [ids],
  );
  const first = group[0] as Member;
  const id = known[0]?.campaign_id ?? `campaign-${sha256Hex(`${family.id}\n${first.id}`).slice(0, 23)}`;
  // Two campaigns a new alert joins become one: the earliest keeps its id.
  for (const { campaign_id: other } of known.slice(1)) {
    await moveAnnouncements(ws, other, id, now);
    await ws.run('DELETE FROM alert_evidence WHERE alert_id = $1', [other]);
    await ws.run('DELETE FROM alerts WHERE id = $1', [other]);
    await ws.run('DELETE FROM alert_campaigns WHERE campaign_id = $1', [other]);
  }
  const before = await ws.one<{ n: bigint; last: Date; members: bigint }>(
    `SELECT event_count AS n, last_seen AS last, (SELECT count(*) FROM alert_campaigns WHERE campaign_id = $1) AS members
     FROM alerts WHERE id = $1`,
    [id],
  );
  await ws.run('DELETE FROM alert_campaigns WHERE list_contains($1::VARCHAR[], alert_id) OR campaign_id = $2', [
    ids,
    id,
  ]);
  for (const m of group) await ws.run('INSERT INTO alert_campaigns VALUES ($1, $2)', [m.id, id]);
  // What a member still owes to be shown is owed by its campaign: detect and watch show the campaign, once.
  for (const m of group) await moveAnnouncements(ws, m.id, id, now);
  await ws.run(
    `INSERT OR IGNORE INTO alert_evidence SELECT $1, uid, source_id, table_name, event_time FROM alert_evidence
     WHERE list_contains($2::VARCHAR[], alert_id)`,
    [id, ids],
  );
  const count = Number(await ws.scalar('SELECT count(*) FROM alert_evidence WHERE alert_id = $1', [id]));
  const entities = group.reduce((acc, m) => mergeEntities(acc, m.entities), group[0]?.entities as AlertEntities);
  const severity = group.reduce<Severity>(
    (s, m) => (severityRank(m.severity) > severityRank(s) ? m.severity : s),
    'informational',
  );
  const tags = [...new Set(group.flatMap((m) => m.tags))].sort();
  const lo = new Date(Math.min(...group.map((m) => m.first))).toISOString();
  const hi = new Date(Math.max(...group.map((m) => m.last))).toISOString();
  const summary = await campaignSummary(ws, family, id, group, entities);
  if (!before) {
    const params: DuckDBValue[] = [
      id,
      `campaign:${family.id}`,
      family.title,
      severity,
      lo,
      hi,
      id,
      JSON.stringify(entities),
      JSON.stringify(tags),
      summary,
      count,
      now.toISOString(),
    ];
    await ws.run(
      `INSERT INTO alerts VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ), $7, $8, $9, $10, $11, CAST($12 AS TIMESTAMPTZ))`,
      params,
    );
    await queueAnnouncement(ws, id, 'new', now);
    return [id, 'new'];
  }
  await ws.run(
    `UPDATE alerts SET severity = $2, first_seen = CAST($3 AS TIMESTAMPTZ), last_seen = CAST($4 AS TIMESTAMPTZ),
       entities = $5, tags = $6, summary = $7, event_count = $8 WHERE id = $1`,
    [id, severity, lo, hi, JSON.stringify(entities), JSON.stringify(tags), summary, count],
  );
  const changed =
    Number(before.n) !== count || before.last.getTime() !== Date.parse(hi) || Number(before.members) !== group.length;
  if (changed) await queueAnnouncement(ws, id, 'updated', now);
  return [id, changed ? 'updated' : 'unchanged'];
}

/**
 * Folds every family's alerts into campaigns (two or more linked alerts; a lone alert stays as it is). Returns the
 * campaign alerts and what this pass did to each, and the member ids folded into them. `ranRules`: the rules whose
 * alerts this detection run stored; only their families are folded again (every family when it is not given).
 */
export async function refreshCampaigns(
  ws: Workspace,
  now: Date,
  ranRules?: ReadonlySet<string>,
): Promise<{ outcomes: Map<string, StoreOutcome>; campaignOf: Map<string, string> }> {
  const outcomes = new Map<string, StoreOutcome>();
  const campaignOf = new Map<string, string>();
  await ws.transaction(async () => {
    // Members absorbed into another alert since the last pass no longer exist.
    await ws.run('DELETE FROM alert_campaigns WHERE alert_id NOT IN (SELECT id FROM alerts)');
    for (const family of CAMPAIGN_FAMILIES) {
      // A family's members are the alerts of its own rules, and only a run of one of them changes those: the others
      // are left as they are (incremental detection runs one rule at a time, and most rules are in no family).
      if (ranRules && !Object.keys(family.rules).some((id) => ranRules.has(id))) continue;
      for (const group of components(family, await familyMembers(ws, family))) {
        if (group.length < 2) {
          const lone = group[0] as Member;
          const old = await ws.one<{ campaign_id: string }>(
            'SELECT campaign_id FROM alert_campaigns WHERE alert_id = $1',
            [lone.id],
          );
          if (old) {
            await ws.run('DELETE FROM alert_evidence WHERE alert_id = $1', [old.campaign_id]);
            await ws.run('DELETE FROM alerts WHERE id = $1', [old.campaign_id]);
            await ws.run('DELETE FROM alert_campaigns WHERE campaign_id = $1', [old.campaign_id]);
          }
          continue;
        }
        const [id, outcome] = await storeCampaign(ws, family, group, now);
        outcomes.set(id, outcome);
        for (const m of group) campaignOf.set(m.id, id);
      }
    }
  });
  return { outcomes, campaignOf };
}
