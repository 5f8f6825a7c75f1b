/**
 * Risk detections of workload identities (leaked app credentials, anomalous service principal activity). Like user
 * risk detections they surface late, so the window is on detectedDateTime and a detection is stored once per
 * lastUpdatedDateTime. Needs IdentityRiskyServicePrincipal.Read.All and Entra ID P2; unavailable without them.
 */
import { field, type LogEndpoint } from './types.js';

export const SERVICE_PRINCIPAL_RISK_DETECTIONS: LogEndpoint = {
  name: 'servicePrincipalRiskDetections',
  title: 'service principal risk detections',
  path: '/v1.0/identityProtection/servicePrincipalRiskDetections',
  budget: 'identityProtection',
  target: 'records',
  timeField: 'detectedDateTime',
  permissions: ['IdentityRiskyServicePrincipal.Read.All'],
  licence: 'Microsoft Entra ID P2',
  optional: true,
  timeOf: (r) => field(r, 'detectedDateTime'),
  uidOf: (r) => {
    const id = field(r, 'id');
    return id === undefined ? undefined : `${id}@${field(r, 'lastUpdatedDateTime') ?? ''}`;
  },
};
