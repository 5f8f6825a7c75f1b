/**
 * Entra ID Protection for workload identities: the current risk state of each service principal (compromised app
 * credentials, a suspicious sign-in of an app). Read by riskLastUpdatedDateTime and stored once per update, like
 * risky users. Needs IdentityRiskyServicePrincipal.Read.All and Entra ID P2 (full detail with Workload Identities
 * Premium); reported unavailable without them.
 */
import { field, type LogEndpoint } from './types.js';

export const RISKY_SERVICE_PRINCIPALS: LogEndpoint = {
  name: 'riskyServicePrincipals',
  title: 'risky service principals',
  path: '/v1.0/identityProtection/riskyServicePrincipals',
  budget: 'identityProtection',
  target: 'records',
  timeField: 'riskLastUpdatedDateTime',
  permissions: ['IdentityRiskyServicePrincipal.Read.All'],
  licence: 'Microsoft Entra ID P2',
  optional: true,
  timeOf: (r) => field(r, 'riskLastUpdatedDateTime'),
  uidOf: (r) => {
    const id = field(r, 'id');
    return id === undefined ? undefined : `${id}@${field(r, 'riskLastUpdatedDateTime') ?? ''}`;
  },
};
