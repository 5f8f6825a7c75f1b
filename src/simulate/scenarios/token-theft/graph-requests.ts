/**
 * Seed 004 in Microsoft Graph's activity log. The thief's mail reads (mail-access.ts) go through Graph's REST API
 * with forged tokens: each read of a mailbox is one token, forged for the mailbox's owner and naming the unknown
 * application, whose identifier (SignInActivityId, the uti claim) no sign-in ever carried, since Entra ID never
 * issued it. Around them, the same owners' own Microsoft Office and My Apps clients call Graph with the tokens their
 * ordinary sign-ins issued (the sign-in's uniqueTokenIdentifier), from where they signed in: the records the
 * graph-token-without-sign-in rule must stay quiet on.
 */
import { MINUTE, SECOND } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { type GraphActivityRecord, makeGraphRequest } from '../../graph-activity.js';
import type { BetaSignIn } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import type { UalMailItemsAccessed } from '../../ual-types.js';
import { FORGED_APP_ID, THIEF_NET } from './attacker.js';
import { GRAPH_BASELINE } from './story.js';

const GRAPH = 'https://graph.microsoft.com';
/** The Azure region that serves Graph to the thief's server and to the owners. */
const REGION = 'West Europe';
/** A scripted REST client, as the thief's reads show (ClientInfoString Client=REST). */
const THIEF_USER_AGENT = 'python-requests/2.32.3';

/**
 * One forged token per forged read: issued a few minutes before it (by nobody: no sign-in has its identifier), then
 * one request per folder the read lists, a few seconds apart, ending when Exchange logs the read.
 */
export function forgedRequests(
  tenant: Tenant,
  rng: Rng,
  reads: readonly UalMailItemsAccessed[],
): { records: GraphActivityRecord[]; tokens: string[] } {
  const records: GraphActivityRecord[] = [];
  const tokens: string[] = [];
  for (const read of reads) {
    const owner = tenant.users.find((u) => u.userPrincipalName === read.MailboxOwnerUPN);
    if (owner === undefined) throw new Error(`token-theft: no user for mailbox ${read.MailboxOwnerUPN}`);
    const end = Date.parse(`${read.CreationTime}Z`);
    const first = end - read.Folders.length * 4 * SECOND;
    const token = rng.token(22);
    tokens.push(token);
    const issued = first - rng.int(60, 300) * SECOND;
    read.Folders.forEach((folder, i) => {
      const items = folder.FolderItems?.length ?? 10;
      records.push(
        makeGraphRequest(tenant, rng, {
          at: first + i * 4 * SECOND,
          uri: `${GRAPH}/v1.0/users/${owner.id}/mailFolders/${folder.Id}/messages?$top=${items}&$select=subject,from,toRecipients,body`,
          ip: THIEF_NET.ip,
          userAgent: THIEF_USER_AGENT,
          appId: FORGED_APP_ID,
          userId: owner.id,
          signInActivityId: token,
          tokenIssuedAt: issued,
          scopes: 'Mail.Read',
          region: REGION,
        }),
      );
    });
  }
  return { records, tokens };
}

/** What the owners' Microsoft 365 clients ask Graph for right after signing in. */
const OWN_REQUESTS: readonly string[] = [
  '/v1.0/me',
  '/v1.0/me/photo/$value',
  '/v1.0/me/memberOf?$select=id,displayName',
  '/v1.0/me/drive/recent',
  '/beta/me/profile',
  '/v1.0/me/insights/used',
];

/**
 * The owners' own Graph requests: one to three for each of their successful sign-ins to Microsoft Graph in the
 * ordinary month (Microsoft Office, My Apps) during the days around the theft (GRAPH_BASELINE), with that sign-in's
 * token, address, client and device, within the token's first hour.
 */
export function ownerRequests(
  tenant: Tenant,
  rng: Rng,
  owners: readonly TenantUser[],
  signIns: readonly BetaSignIn[],
): GraphActivityRecord[] {
  const ids = new Set(owners.map((u) => u.id));
  const own = signIns
    .filter((s) => ids.has(s.userId) && s.status.errorCode === 0 && s.resourceId === MS.graph.appId)
    .sort((a, b) => (a.createdDateTime < b.createdDateTime ? -1 : a.createdDateTime > b.createdDateTime ? 1 : 0));
  const out: GraphActivityRecord[] = [];
  for (const s of own) {
    const issued = Date.parse(s.createdDateTime);
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const at = issued + rng.int(1, 50) * MINUTE + rng.int(0, 59) * SECOND;
      if (at >= GRAPH_BASELINE.end || at < GRAPH_BASELINE.start) continue;
      out.push(
        makeGraphRequest(tenant, rng, {
          at,
          uri: `${GRAPH}${rng.pick(OWN_REQUESTS)}`,
          ip: s.ipAddress,
          userAgent: s.userAgent,
          appId: s.appId,
          userId: s.userId,
          signInActivityId: s.uniqueTokenIdentifier,
          tokenIssuedAt: issued,
          scopes: 'User.Read Files.ReadWrite.All Sites.ReadWrite.All Mail.ReadWrite Calendars.ReadWrite',
          deviceId: s.deviceDetail.deviceId || null,
          region: REGION,
        }),
      );
    }
  }
  return out;
}
