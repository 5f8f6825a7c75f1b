/**
 * Scenario "mfa-exception" (seed 000, "One rule for the workers, another for execs"): MFA for all is enforced on
 * 2025-09-08; the next morning the executive's legacy invoicing app (InvoiceFlow Mobile, over Exchange
 * ActiveSync) stops syncing, and an administrator excludes him from the policy and narrows it to modern clients,
 * with no exception recorded. Four phones run the app all month. The configuration snapshot of the demo tenant
 * (src/simulate/config) shows the resulting policy. See story.ts for the facts, invoicing.ts and rollback.ts for
 * the records.
 */
import { graphSeconds, SIMULATION_END, SIMULATION_START } from '../../calendar.js';
import type { Rng } from '../../random.js';
import type { Tenant } from '../../tenant.js';
import type { Scenario, ScenarioOutput } from '../types.js';
import { invoicingPhones, invoicingSignIns } from './invoicing.js';
import { rollbackAudits } from './rollback.js';
import { EMERGENCY_IDS, FINANCE_PHONES, INVOICING_APP, MFA_ENFORCED_AT, POLICIES, ROLLBACK_AT } from './story.js';

/** What the mfa-exception scenario did, with the ids that prove it. */
export interface MfaExceptionTruth {
  readonly scenario: 'mfa-exception';
  readonly executive: { readonly id: string; readonly userPrincipalName: string; readonly displayName: string };
  readonly invoicingApp: { readonly appId: string; readonly displayName: string };
  /** The phones running the invoicing app, the executive's first. */
  readonly phones: readonly {
    readonly userPrincipalName: string;
    readonly deviceId: string;
    readonly deviceName: string;
  }[];
  readonly policies: { readonly mfaAll: string; readonly blockLegacy: string };
  /** The administrator who enforced the policy and then rolled it back for the executive. */
  readonly changedBy: { readonly userPrincipalName: string; readonly ipAddress: string };
  readonly enforcedAt: string;
  readonly rolledBackAt: string;
  readonly auditIds: { readonly enforced: string; readonly rolledBack: string };
  readonly invoicingSignIns: number;
}

/** The scenario as the registry lists it. */
export const mfaException: Scenario<MfaExceptionTruth> = {
  name: 'mfa-exception',
  title: 'MFA enforced, then quietly rolled back for the executive whose invoicing app uses Exchange ActiveSync',
  seed: 'seed 000: an executive excluded from MFA with no exception; a legacy invoicing client on 4 phones over EAS',
  window: { start: graphSeconds(SIMULATION_START), end: graphSeconds(SIMULATION_END) },
  run(tenant: Tenant, rng: Rng): ScenarioOutput<MfaExceptionTruth> {
    const exec = tenant.executive;
    const finance = tenant.users.filter(
      (u) => u !== exec && u.department === 'Finance' && u.createdAt === null && u.trip === null,
    );
    const chosen = rng
      .fork('phones')
      .shuffle([...finance])
      .slice(0, FINANCE_PHONES);
    const phones = invoicingPhones([exec, ...chosen], rng.fork('devices'));
    const signIns = invoicingSignIns(tenant, rng.fork('invoicing'), phones);
    // The Identity Engineer (privileged role and user administrator) made both changes from the office.
    const admin = tenant.admins[1]?.user ?? exec;
    const audits = rollbackAudits(rng.fork('rollback'), admin, exec.id, EMERGENCY_IDS);
    return {
      signIns,
      directoryAudits: [audits.enforced, audits.rolledBack],
      truth: {
        scenario: 'mfa-exception',
        executive: { id: exec.id, userPrincipalName: exec.userPrincipalName, displayName: exec.displayName },
        invoicingApp: { appId: INVOICING_APP.appId, displayName: INVOICING_APP.displayName },
        phones: phones.map((p) => ({
          userPrincipalName: p.user.userPrincipalName,
          deviceId: p.device.deviceId,
          deviceName: p.device.displayName,
        })),
        policies: { mfaAll: POLICIES.mfaAll.id, blockLegacy: POLICIES.blockLegacy.id },
        changedBy: { userPrincipalName: admin.userPrincipalName, ipAddress: admin.officeIp },
        enforcedAt: graphSeconds(MFA_ENFORCED_AT),
        rolledBackAt: graphSeconds(ROLLBACK_AT),
        auditIds: { enforced: audits.enforced.id, rolledBack: audits.rolledBack.id },
        invoicingSignIns: signIns.length,
      },
    };
  },
};
