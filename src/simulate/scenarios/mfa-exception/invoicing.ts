/**
 * Seed 000's invoicing app in the sign-in logs: four phones (the executive's and three in Finance) syncing over
 * Exchange ActiveSync with a password only. Each record carries the Conditional Access results Graph would show:
 * the report-only "Block legacy authentication" pilot would have failed every one (reportOnlyFailure: the pilot
 * evidence `premortem impact` reads), and during the 25 hours the MFA policy was enforced on all client apps the
 * syncs were blocked (53003) until the rollback.
 */
import { DAY, isWeekend, localToUtc, SIMULATION_END, SIMULATION_START } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import type { BetaSignIn, GraphDeviceDetail } from '../../graph-types.js';
import { mobileNet } from '../../ordinary/networks.js';
import type { Rng } from '../../random.js';
import { makeSignIn, passwordStep } from '../../signin-factory.js';
import type { Tenant, TenantUser } from '../../tenant.js';
import { INVOICING_APP, INVOICING_USER_AGENT, MFA_ENFORCED_AT, POLICIES, ROLLBACK_AT } from './story.js';

/** One phone running the invoicing app. */
export interface InvoicingPhone {
  readonly user: TenantUser;
  readonly device: GraphDeviceDetail;
}

/** A registered iPhone per person; registered so that deviceDetail names it (Entra fills deviceId only then). */
export function invoicingPhones(users: readonly TenantUser[], rng: Rng): InvoicingPhone[] {
  return users.map((user) => ({
    user,
    device: {
      deviceId: rng.uuid(),
      displayName: `${user.displayName.split(' ')[0]}'s iPhone`,
      operatingSystem: 'Ios 18.6',
      browser: '',
      isCompliant: false,
      isManaged: false,
      trustType: 'Azure AD registered',
    },
  }));
}

type Applied = BetaSignIn['appliedConditionalAccessPolicies'][number];

function applied(at: number): { blocked: boolean; policies: Applied[] } {
  const enforcedOnEas = at >= MFA_ENFORCED_AT && at < ROLLBACK_AT;
  const mfaResult: Applied['result'] =
    at < MFA_ENFORCED_AT ? 'reportOnlyFailure' : enforcedOnEas ? 'failure' : 'notApplied';
  const grant = (c: string) => ({ enforcedGrantControls: [c], enforcedSessionControls: [] });
  return {
    blocked: enforcedOnEas,
    policies: [
      { id: POLICIES.mfaAll.id, displayName: POLICIES.mfaAll.displayName, ...grant('Mfa'), result: mfaResult },
      {
        id: POLICIES.blockLegacy.id,
        displayName: POLICIES.blockLegacy.displayName,
        ...grant('Block'),
        result: 'reportOnlyFailure',
      },
    ],
  };
}

/** Two to four syncs each working day, 08:00–18:00 local, for the whole month. */
export function invoicingSignIns(tenant: Tenant, rng: Rng, phones: readonly InvoicingPhone[]): BetaSignIn[] {
  const out: BetaSignIn[] = [];
  for (const { user, device } of phones) {
    const offset = user.office.place.utcOffset;
    for (let day = SIMULATION_START; day < SIMULATION_END; day += DAY) {
      if (isWeekend(day, offset)) continue;
      const count = rng.int(2, 4);
      for (let i = 0; i < count; i++) {
        const at = localToUtc(day, 8 + rng.next() * 10, offset);
        const ca = applied(at);
        const base = makeSignIn(tenant, rng, {
          user,
          at,
          app: INVOICING_APP,
          resource: MS.exchangeOnline,
          clientAppUsed: 'Exchange ActiveSync',
          net: mobileNet(user, rng),
          device,
          userAgent: INVOICING_USER_AGENT,
          errorCode: 0,
          mfa: false,
          authenticationDetails: [passwordStep(at, true)],
          protocol: 'ropc',
        });
        out.push({
          ...base,
          conditionalAccessStatus: ca.blocked ? 'failure' : 'notApplied',
          appliedConditionalAccessPolicies: ca.policies,
          ...(ca.blocked
            ? {
                status: {
                  errorCode: 53003,
                  failureReason:
                    'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
                  additionalDetails: null,
                },
              }
            : {}),
        });
      }
    }
  }
  return out;
}
