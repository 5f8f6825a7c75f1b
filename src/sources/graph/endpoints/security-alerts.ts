/**
 * Microsoft's own alerts (Defender XDR, Entra ID Protection, Defender for Cloud Apps, ...) from the Graph security
 * API: GET /v1.0/security/alerts_v2, newest first, windowed on createdDateTime, each with its evidence collection.
 * They become rows of ms_alerts through the same mapper as an imported alerts_v2 page (normalize/microsoft-alerts.ts),
 * versioned by lastUpdateDateTime. Opt-in (`collect --endpoints securityAlerts`): a pass reads it only when named.
 * Permission SecurityAlert.Read.All (Graph's "Get alert" page); without it the endpoint is reported unavailable.
 */
import { field, type LogEndpoint } from './types.js';

export const SECURITY_ALERTS: LogEndpoint = {
  name: 'securityAlerts',
  title: "Microsoft's security alerts",
  path: '/v1.0/security/alerts_v2',
  budget: 'directory',
  target: 'events',
  dialect: 'graph-alerts',
  timeField: 'createdDateTime',
  // UNVERIFIED: 2,000 as the largest page the list accepts (not in ../shared/reference).
  top: 2000,
  permissions: ['SecurityAlert.Read.All'],
  optional: true,
  timeOf: (r) => field(r, 'createdDateTime'),
};
