/**
 * The fixed facts of seed 000 ("One rule for the workers, another for execs") in the demo tenant: the invoicing
 * app, the two Conditional Access policies and when the rollback happened. The scenario (sign-ins, audits) and the
 * configuration snapshot (src/simulate/config) both read them, so the logs and the snapshot tell one story.
 */
import { localToUtc, utc } from '../../calendar.js';
import type { AppRef } from '../../catalog/apps.js';

/** The legacy invoicing client: a third-party mobile app that reads the mailbox over Exchange ActiveSync (invented id). */
export const INVOICING_APP: AppRef = {
  appId: '7a4d2c9e-3f18-4b6a-9e21-5c8b0d4f6a13',
  displayName: 'InvoiceFlow Mobile',
};

/** Its EAS user agent: the app names itself, as third-party EAS clients do. */
export const INVOICING_USER_AGENT = 'InvoiceFlow/3.2.1 (iPhone; iOS 18.6) ExchangeActiveSync/16.1';

/** The tenant's Conditional Access policies of the story (fixed ids, the same for every seed). */
export const POLICIES = {
  mfaAll: { id: '5d1f7c3a-2b8e-4e6f-9a40-1c7d3e9b2f61', displayName: 'Require MFA for all users' },
  blockLegacy: { id: '8e2a4b6c-1d3f-4a5e-8b7c-9d0e1f2a3b45', displayName: 'Block legacy authentication' },
  adminsPhishingResistant: {
    id: '3c9b1e7d-5f2a-4d8c-a6e1-7b0f2c4d9e83',
    displayName: 'Phishing-resistant MFA for admins',
  },
} as const;

/** Singapore time (the office of the executive and the finance team). */
const SGT = 8;

/** The MFA policy went from report-only to On on Monday 2025-09-08, 09:00 SGT. */
export const MFA_ENFORCED_AT = localToUtc(utc('2025-09-08T00:00:00Z'), 9, SGT);

/**
 * The morning after, the executive's invoicing app had stopped syncing; at 09:55 SGT an administrator excluded
 * him from the policy and narrowed it to modern clients so the finance phones would sync again (no exception
 * recorded, no compensating control: the rollback the seed describes, done quietly).
 */
export const ROLLBACK_AT = localToUtc(utc('2025-09-09T00:00:00Z'), 9 + 55 / 60, SGT);

/** How many finance phones run the invoicing app beside the executive's. */
export const FINANCE_PHONES = 3;

/** Two cloud-only emergency accounts, excluded from every policy (fixed ids; they never sign in in the month). */
export const EMERGENCY_ACCOUNTS = [
  {
    id: 'e6a1b2c3-d4e5-4f60-8a71-b2c3d4e5f601',
    localPart: 'breakglass01',
    displayName: 'Emergency Access 01 (break glass)',
  },
  {
    id: 'e6a1b2c3-d4e5-4f60-8a71-b2c3d4e5f602',
    localPart: 'breakglass02',
    displayName: 'Emergency Access 02 (break glass)',
  },
] as const;

/** Their ids, as policies list them. */
export const EMERGENCY_IDS: readonly string[] = EMERGENCY_ACCOUNTS.map((a) => a.id);
