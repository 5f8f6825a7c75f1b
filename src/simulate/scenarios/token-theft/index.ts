/**
 * Scenario "token-theft" (seed 004, Storm-0558): a thief holding a stolen session token and a way to forge tokens
 * reads mail without ever signing in. The session victim's Outlook on the web session is replayed from abroad
 * (non-interactive sign-ins, same session, a new country, no interactive sign-in there: token-replay), and forged
 * tokens naming an unknown application read four mailboxes over Graph's REST API (MailItemsAccessed in the unified
 * audit log: mail-items-accessed-unusual-app; in Graph's activity log, tokens no sign-in issued:
 * graph-token-without-sign-in). Both logs also hold the owners' ordinary use all month. See story.ts for the facts,
 * replay.ts, mail-access.ts and graph-requests.ts for the records.
 */
import { graphSeconds, SIMULATION_END, SIMULATION_START } from '../../calendar.js';
import type { Rng } from '../../random.js';
import type { Tenant } from '../../tenant.js';
import { mailboxOf } from '../../ual-factory.js';
import type { OrdinaryMonth, Scenario, ScenarioOutput } from '../types.js';
import { FORGED_APP_ID, THIEF_NET } from './attacker.js';
import { forgedRequests, ownerRequests } from './graph-requests.js';
import { forgedReads, ownerReads } from './mail-access.js';
import { sessionReplay } from './replay.js';
import { pickMailboxes } from './story.js';

/** What the token-theft scenario did, with the ids of the records that prove it. */
export interface TokenTheftTruth {
  readonly scenario: 'token-theft';
  readonly attackerIp: string;
  readonly attackerAsn: number;
  readonly attackerCountry: string;
  /** The client id of the forged tokens (AppId and ClientAppId of the thief's MailItemsAccessed records). */
  readonly forgedAppId: string;
  /** The person whose session was stolen, and the session. */
  readonly sessionVictim: { readonly id: string; readonly userPrincipalName: string; readonly displayName: string };
  readonly sessionId: string;
  /** The mailboxes read with forged tokens, the session victim's first. */
  readonly mailboxes: readonly string[];
  readonly signInIds: {
    readonly victimSignIn: string;
    readonly victimRefresh: string;
    /** The thief's non-interactive sign-ins in the stolen session. */
    readonly replays: readonly string[];
  };
  readonly ualIds: {
    /** The thief's MailItemsAccessed records (unusual app, the thief's address). */
    readonly forgedReads: readonly string[];
    /** The owners' own MailItemsAccessed records (Outlook desktop and on the web, from their office). */
    readonly ownerReads: readonly string[];
  };
  /** Microsoft Graph activity log records by requestId. */
  readonly graphRequestIds: {
    /** The thief's requests with forged tokens, one token per forged read (the reads' folders, one request each). */
    readonly forged: readonly string[];
    /** The owners' own requests, each with the token one of their sign-ins issued. */
    readonly owners: readonly string[];
  };
  /** The forged tokens' identifiers (SignInActivityId): no sign-in carries any of them. */
  readonly forgedTokens: readonly string[];
  /** First replay and last forged read. */
  readonly attack: { readonly start: string; readonly end: string };
}

/** The scenario as the registry lists it. */
export const tokenTheft: Scenario<TokenTheftTruth> = {
  name: 'token-theft',
  title: 'stolen session replayed from abroad, then forged tokens of an unknown app read four mailboxes',
  seed: 'seed 004 (Storm-0558): MailItemsAccessed by an unexpected AppId/ClientAppId, a token used from a new country',
  // The owners' reads run all month; the theft itself is in `truth.attack`.
  window: { start: graphSeconds(SIMULATION_START), end: graphSeconds(SIMULATION_END) },
  run(tenant: Tenant, rng: Rng, month: OrdinaryMonth): ScenarioOutput<TokenTheftTruth> {
    const users = pickMailboxes(tenant, rng.fork('victims'));
    const victim = users[0];
    if (victim === undefined) throw new Error('token-theft: no mailbox picked');
    const mailboxes = users.map((u) => mailboxOf(tenant, u));
    const session = sessionReplay(tenant, rng.fork('replay'), victim);
    const theftAt = Date.parse(session.victimSignIn.createdDateTime);
    const forged = forgedReads(tenant, rng.fork('forged-reads'), mailboxes, theftAt);
    const owners = ownerReads(tenant, rng.fork('owner-reads'), mailboxes);
    const graphForged = forgedRequests(tenant, rng.fork('forged-requests'), forged);
    const graphOwners = ownerRequests(tenant, rng.fork('owner-requests'), users, month.signIns);
    const times = [...session.replays.map((s) => s.createdDateTime), ...forged.map((r) => `${r.CreationTime}Z`)].sort();
    return {
      signIns: [session.victimSignIn, session.victimRefresh, ...session.replays],
      directoryAudits: [],
      unifiedAuditLog: [...forged, ...owners],
      graphActivity: [...graphForged.records, ...graphOwners],
      truth: {
        scenario: 'token-theft',
        attackerIp: THIEF_NET.ip,
        attackerAsn: THIEF_NET.asn,
        attackerCountry: THIEF_NET.location.countryOrRegion,
        forgedAppId: FORGED_APP_ID,
        sessionVictim: { id: victim.id, userPrincipalName: victim.userPrincipalName, displayName: victim.displayName },
        sessionId: session.sessionId,
        mailboxes: users.map((u) => u.userPrincipalName),
        signInIds: {
          victimSignIn: session.victimSignIn.id,
          victimRefresh: session.victimRefresh.id,
          replays: session.replays.map((s) => s.id),
        },
        ualIds: { forgedReads: forged.map((r) => r.Id), ownerReads: owners.map((r) => r.Id) },
        graphRequestIds: {
          forged: graphForged.records.map((r) => r.properties.requestId),
          owners: graphOwners.map((r) => r.properties.requestId),
        },
        forgedTokens: graphForged.tokens,
        attack: { start: times[0] ?? '', end: times.at(-1) ?? '' },
      },
    };
  },
};
