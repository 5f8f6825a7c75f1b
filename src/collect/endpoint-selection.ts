import { type LogEndpoint, selectEndpoints } from '../sources/graph/endpoints/index.js';
import { selectContentTypes, type UalContentType } from '../sources/graph/management/content-types.js';

/** The names endpoint lists accept, for messages. */
export const ENDPOINT_NAMES =
  'signIns (or signIns/interactiveUser, signIns/nonInteractiveUser, signIns/servicePrincipal, signIns/managedIdentity), directoryAudits, riskDetections, riskyUsers, servicePrincipalRiskDetections, riskyServicePrincipals, roleManagementAlerts, securityAlerts (only when named), unifiedAuditLog (or unifiedAuditLog/Audit.AzureActiveDirectory, /Audit.Exchange, /Audit.SharePoint, /Audit.General)';

/**
 * Graph endpoints and unified audit log content types by name (collect --endpoints, fleet.yaml's endpoints), and
 * the names that are neither.
 */
export function selectCollection(names: readonly string[]): {
  endpoints: LogEndpoint[];
  contentTypes: UalContentType[];
  unknown: string[];
} {
  const contentTypes = [...new Set(names.flatMap(selectContentTypes))];
  const graphNames = names.filter((n) => selectContentTypes(n).length === 0);
  const { endpoints, unknown } = selectEndpoints(graphNames);
  return { endpoints, contentTypes, unknown };
}
