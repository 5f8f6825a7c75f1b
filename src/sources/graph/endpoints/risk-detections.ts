/**
 * Entra ID Protection risk detections: leaked credentials, password spray, unfamiliar sign-in properties...
 * Detections surface 5-10 minutes late in real time and up to 48 hours late offline
 * (reference/retention_and_2023_changes.md), so the window is on detectedDateTime, when the detection appeared.
 * A detection changes (riskState: dismissed, remediated), so it is stored once per lastUpdatedDateTime.
 * Needs a Premium licence (full detail with P2); without it the endpoint is reported unavailable.
 */
import { field, type LogEndpoint } from './types.js';

export const RISK_DETECTIONS: LogEndpoint = {
  name: 'riskDetections',
  title: 'risk detections',
  path: '/v1.0/identityProtection/riskDetections',
  // "Identity protection and conditional access service limits": one request per second per tenant, and their 429s
  // carry no Retry-After (reference/graph_api_limits_permissions.md, Throttling).
  budget: 'identityProtection',
  target: 'records',
  timeField: 'detectedDateTime',
  permissions: ['IdentityRiskEvent.Read.All'],
  licence: 'Microsoft Entra ID P2',
  optional: true,
  timeOf: (r) => field(r, 'detectedDateTime'),
  uidOf: (r) => {
    const id = field(r, 'id');
    return id === undefined ? undefined : `${id}@${field(r, 'lastUpdatedDateTime') ?? ''}`;
  },
};
