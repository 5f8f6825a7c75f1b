/**
 * Entra ID Protection risky users: the current risk state of each user. Kept with no time limit by Entra
 * (reference/retention_and_2023_changes.md); read by riskLastUpdatedDateTime and stored once per update, so the
 * store holds each user's risk history, not just the latest state. P2 (unavailable without it).
 */
import { field, type LogEndpoint } from './types.js';

export const RISKY_USERS: LogEndpoint = {
  name: 'riskyUsers',
  title: 'risky users',
  path: '/v1.0/identityProtection/riskyUsers',
  budget: 'identityProtection',
  target: 'records',
  timeField: 'riskLastUpdatedDateTime',
  permissions: ['IdentityRiskyUser.Read.All'],
  licence: 'Microsoft Entra ID P2',
  optional: true,
  timeOf: (r) => field(r, 'riskLastUpdatedDateTime'),
  uidOf: (r) => {
    const id = field(r, 'id');
    return id === undefined ? undefined : `${id}@${field(r, 'riskLastUpdatedDateTime') ?? ''}`;
  },
};
