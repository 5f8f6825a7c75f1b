/**
 * Seed 004, stage 2: with forged tokens naming an application the tenant has never seen, the thief reads the
 * mailboxes from its server over REST (MailItemsAccessed, Bind). Around it, the mailboxes' owners read their own
 * mail as every day (Outlook desktop Sync, Outlook on the web Bind), so the audit log holds the baseline the
 * CISA advisory compared against, and the rule has ordinary records to stay quiet on.
 */
import { isWeekend, localToUtc, MINUTE, SECOND, SIMULATION_END, SIMULATION_START } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { officeNet } from '../../ordinary/networks.js';
import type { Rng } from '../../random.js';
import type { Tenant } from '../../tenant.js';
import { type MailboxIdentity, makeMailItemsAccessed } from '../../ual-factory.js';
import type { UalMailItemsAccessed } from '../../ual-types.js';
import { FORGED_APP_ID, THIEF_CLIENT_INFO, THIEF_NET } from './attacker.js';
import { BASELINE_DAYS, MAIL_READ_MINUTES } from './story.js';

const FOLDERS = ['Inbox', 'Sent Items', 'Inbox\\Board', 'Inbox\\Counsel', 'Archive'] as const;

/** The thief's reads: every mailbox at each planned time after the theft (pass `rng.fork('forged-reads')`). */
export function forgedReads(
  tenant: Tenant,
  rng: Rng,
  mailboxes: readonly MailboxIdentity[],
  theftAt: number,
): UalMailItemsAccessed[] {
  const out: UalMailItemsAccessed[] = [];
  for (const minutes of MAIL_READ_MINUTES) {
    mailboxes.forEach((mailbox, i) => {
      const at = theftAt + minutes * MINUTE + i * 3 * MINUTE + rng.int(0, 119) * SECOND;
      const folders = rng.sample(FOLDERS, rng.int(1, 3)).map((path) => ({ path, items: rng.int(2, 9) }));
      out.push(
        makeMailItemsAccessed(tenant, rng, {
          at,
          mailbox,
          ip: THIEF_NET.ip,
          appId: FORGED_APP_ID,
          clientAppId: FORGED_APP_ID,
          clientInfo: THIEF_CLIENT_INFO,
          access: 'Bind',
          folders,
        }),
      );
    });
  }
  // A local morning can fall before the month starts in UTC (Sydney) or its evening after it ends (San Francisco).
  return out.filter((r) => {
    const t = Date.parse(`${r.CreationTime}Z`);
    return t >= SIMULATION_START && t < SIMULATION_END;
  });
}

/** The owners' own reads on the baseline days, from their office (pass `rng.fork('baseline-reads')`). */
export function ownerReads(tenant: Tenant, rng: Rng, mailboxes: readonly MailboxIdentity[]): UalMailItemsAccessed[] {
  const out: UalMailItemsAccessed[] = [];
  for (const mailbox of mailboxes) {
    const user = mailbox.user;
    const offset = user.office.place.utcOffset;
    const ip = officeNet(user).ip;
    for (const day of BASELINE_DAYS) {
      if (isWeekend(day, offset)) continue;
      // Outlook desktop syncs the Inbox when it opens in the morning (Sync: folder level, no items listed).
      out.push(
        makeMailItemsAccessed(tenant, rng, {
          at: localToUtc(day, 8.5 + rng.next(), offset),
          mailbox,
          ip,
          appId: MS.office.appId,
          clientAppId: MS.office.appId,
          clientInfo: 'Client=MSExchangeRPC',
          access: 'Sync',
          folders: [{ path: 'Inbox', items: 0 }],
        }),
      );
      // A few messages opened in Outlook on the web during the day.
      const reads = rng.int(1, 3);
      for (let i = 0; i < reads; i++) {
        out.push(
          makeMailItemsAccessed(tenant, rng, {
            at: localToUtc(day, 10, offset) + rng.int(0, 7 * 60) * MINUTE + rng.int(0, 59) * SECOND,
            mailbox,
            ip,
            appId: MS.exchangeOnline.appId,
            clientAppId: MS.outlookWeb.appId,
            clientInfo: 'Client=OWA;Action=ViaProxy',
            access: 'Bind',
            folders: [{ path: 'Inbox', items: rng.int(1, 4) }],
          }),
        );
      }
    }
  }
  return out;
}
