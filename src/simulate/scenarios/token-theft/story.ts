/**
 * The facts of the token-theft story (seed 004, Storm-0558): whose session is stolen, whose mailboxes are read,
 * and when. Times are UTC; the victims are people who hold sensitive mail (Legal, the executive office), never the
 * seed-003 executive or Finance, so each scenario's incident stays its own.
 */
import { DAY, daysBetween, SIMULATION_END, SIMULATION_START, utc } from '../../calendar.js';
import type { Rng } from '../../random.js';
import type { Tenant, TenantUser } from '../../tenant.js';

/** The working day the session is stolen (its victim signs in to Outlook on the web that morning). */
export const THEFT_DAY = utc('2025-09-16T00:00:00Z');
/**
 * The days whose ordinary mailbox reads the scenario also records (workdays only, in each owner's time zone): the
 * whole month, so the audit log holds the baseline the CISA advisory compared against and, like a real tenant's,
 * runs to the end of the month rather than stopping after the theft.
 */
export const BASELINE_DAYS: readonly number[] = daysBetween(SIMULATION_START, SIMULATION_END);
/**
 * The days whose ordinary Graph requests the scenario records (the owners' clients, with the tokens their sign-ins
 * issued): from two days before the theft to two days after the last forged read, so the forged tokens have the
 * owners' own beside them without a month of hourly blobs.
 */
export const GRAPH_BASELINE = { start: THEFT_DAY - 2 * DAY, end: THEFT_DAY + 5 * DAY } as const;
/** How many mailboxes the forged tokens read (the session victim's first). */
export const MAILBOXES = 4;

/**
 * Replays of the stolen session, minutes after the victim's morning sign-in: the first two inside the hour (the
 * session is then in two countries at once), the rest on the following days.
 */
export const REPLAY_MINUTES: readonly number[] = [35, 52, 24 * 60 + 50, 24 * 60 + 320, 48 * 60 + 10, 48 * 60 + 105];
/** Forged-token mail reads per mailbox, minutes after the victim's morning sign-in. */
export const MAIL_READ_MINUTES: readonly number[] = [70, 24 * 60 + 95, 48 * 60 + 140];

/** The mailboxes, the session victim first: Legal and the executive office, existing all month, not travelling. */
export function pickMailboxes(tenant: Tenant, rng: Rng): TenantUser[] {
  const eligible = (u: TenantUser) => u !== tenant.executive && u.createdAt === null && u.trip === null;
  const legal = tenant.users.filter((u) => eligible(u) && u.department === 'Legal');
  const office = tenant.users.filter((u) => eligible(u) && u.department === 'Executive Office');
  const hr = tenant.users.filter((u) => eligible(u) && u.department === 'Human Resources');
  const pool = [...rng.shuffle(legal), ...rng.shuffle(office), ...rng.shuffle(hr)];
  if (pool.length < MAILBOXES) throw new Error('token-theft: the tenant has too few Legal and office people');
  return pool.slice(0, MAILBOXES);
}
