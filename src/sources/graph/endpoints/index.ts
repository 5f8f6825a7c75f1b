/**
 * Every log endpoint premortem collects, in the order a pass reads them: sign-ins and audits first (the data
 * detections run on), then Identity Protection and PIM.
 * The unified audit log is not a Graph endpoint: see sources/graph/management/ and collect/collect-ual.ts.
 */
import { DIRECTORY_AUDITS } from './directory-audits.js';
import { RISK_DETECTIONS } from './risk-detections.js';
import { RISKY_SERVICE_PRINCIPALS } from './risky-service-principals.js';
import { RISKY_USERS } from './risky-users.js';
import { ROLE_MANAGEMENT_ALERTS } from './role-management-alerts.js';
import { SECURITY_ALERTS } from './security-alerts.js';
import { SERVICE_PRINCIPAL_RISK_DETECTIONS } from './service-principal-risk-detections.js';
import { SIGN_IN_ENDPOINTS } from './signins.js';
import type { LogEndpoint } from './types.js';

export const LOG_ENDPOINTS: readonly LogEndpoint[] = [
  ...SIGN_IN_ENDPOINTS,
  DIRECTORY_AUDITS,
  RISK_DETECTIONS,
  RISKY_USERS,
  SERVICE_PRINCIPAL_RISK_DETECTIONS,
  RISKY_SERVICE_PRINCIPALS,
  ROLE_MANAGEMENT_ALERTS,
];

/** Endpoints a pass reads only when named (collect --endpoints, fleet.yaml): Microsoft's own alerts. */
export const OPT_IN_ENDPOINTS: readonly LogEndpoint[] = [SECURITY_ALERTS];

/** Endpoints by name ("signIns" selects the four sign-in kinds); names that match nothing come back in unknown. */
export function selectEndpoints(names: readonly string[]): { endpoints: LogEndpoint[]; unknown: string[] } {
  const endpoints: LogEndpoint[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const hits = [...LOG_ENDPOINTS, ...OPT_IN_ENDPOINTS].filter((e) => e.name === n || e.name.startsWith(`${n}/`));
    if (hits.length === 0) unknown.push(n);
    for (const h of hits) if (!endpoints.includes(h)) endpoints.push(h);
  }
  return { endpoints, unknown };
}

export type { GraphRecord, LogEndpoint } from './types.js';
export { field } from './types.js';
