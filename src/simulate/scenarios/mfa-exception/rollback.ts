/**
 * The audit trail of the rollback: "Update conditional access policy" records by Conditional Access, each with the
 * policy's JSON before and after in modifiedProperties (as the Entra audit log writes policy changes), so drift
 * between two snapshots can name who changed the policy, when and from where.
 */
import { graphTicks } from '../../calendar.js';
import type { GraphDirectoryAudit } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import type { TenantUser } from '../../tenant.js';
import { mfaAllPolicy } from './policy-bodies.js';
import { MFA_ENFORCED_AT, POLICIES, ROLLBACK_AT } from './story.js';

function policyUpdate(
  rng: Rng,
  at: number,
  admin: TenantUser,
  oldBody: Record<string, unknown>,
  newBody: Record<string, unknown>,
): GraphDirectoryAudit {
  const correlationId = rng.uuid();
  return {
    id: `IPCGraph_${correlationId}_${rng.letters(5)}_${rng.int(100000000, 999999999)}`,
    category: 'Policy',
    correlationId,
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Update conditional access policy',
    activityDateTime: graphTicks(at, rng.int(0, 9999)),
    loggedByService: 'Conditional Access',
    operationType: 'Update',
    initiatedBy: {
      user: { id: admin.id, displayName: null, userPrincipalName: admin.userPrincipalName, ipAddress: admin.officeIp },
      app: null,
    },
    targetResources: [
      {
        id: POLICIES.mfaAll.id,
        displayName: POLICIES.mfaAll.displayName,
        type: 'Other',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [
          {
            displayName: 'ConditionalAccessPolicy',
            oldValue: JSON.stringify(oldBody),
            newValue: JSON.stringify(newBody),
          },
        ],
      },
    ],
    additionalDetails: [],
  };
}

/** The two changes: enforcement on 09-08, then the executive's exclusion and the narrowing on 09-09. */
export function rollbackAudits(
  rng: Rng,
  admin: TenantUser,
  executiveId: string,
  emergencyIds: readonly string[],
): { enforced: GraphDirectoryAudit; rolledBack: GraphDirectoryAudit } {
  const reportOnly = mfaAllPolicy('before-enforcement', executiveId, emergencyIds);
  const enforcedBody = mfaAllPolicy('enforced', executiveId, emergencyIds);
  const rolledBackBody = mfaAllPolicy('rolled-back', executiveId, emergencyIds);
  return {
    enforced: policyUpdate(rng, MFA_ENFORCED_AT, admin, reportOnly, enforcedBody),
    rolledBack: policyUpdate(rng, ROLLBACK_AT, admin, enforcedBody, rolledBackBody),
  };
}
