import type { Dialect, RecordMapper } from '../core/mapper.js';
import { DIAG_AZURE_ACTIVITY, LA_AZURE_ACTIVITY, REST_AZURE_ACTIVITY } from './azure-activity.js';
import { DIAG_AUDIT, DIAG_SIGNIN } from './diag.js';
import { DIAG_ENRICHED_UAL, LA_ENRICHED_UAL } from './diag-enriched-ual.js';
import { DIAG_ENTRA_RECORDS, LA_ENTRA_RECORDS } from './entra-record-tables.js';
import { GRAPH_AUDIT, GRAPH_SIGNIN } from './graph.js';
import { DIAG_GRAPH_ACTIVITY, LA_GRAPH_ACTIVITY } from './graph-activity.js';
import { LEGACY_AUDIT, LEGACY_SIGNIN } from './legacy.js';
import { LA_AUDIT, LA_SIGNIN } from './log-analytics.js';
import {
  GRAPH_MS_ALERT,
  LA_ALERT_EVIDENCE,
  LA_SECURITY_ALERT,
  STREAM_ALERT_EVIDENCE,
  STREAM_ALERT_INFO,
} from './microsoft-alerts.js';
import { UAL_OFFICE_ACTIVITY } from './office-activity.js';
import { PORTAL_AUDIT, PORTAL_SIGNIN } from './portal.js';
import { UAL_AUDIT_DATA, UAL_GRAPH, UAL_WRAPPED } from './ual.js';

const UAL = [UAL_AUDIT_DATA, UAL_WRAPPED, UAL_OFFICE_ACTIVITY];

/** The mappers that read one dialect; a record routed by none of them is rejected with the reason. */
export const MAPPERS_BY_DIALECT: Record<Dialect, readonly RecordMapper[]> = {
  graph: [GRAPH_SIGNIN, GRAPH_AUDIT],
  diag: [DIAG_SIGNIN, DIAG_AUDIT, DIAG_GRAPH_ACTIVITY, DIAG_ENRICHED_UAL, ...DIAG_ENTRA_RECORDS, DIAG_AZURE_ACTIVITY],
  la: [LA_SIGNIN, LA_AUDIT, LA_GRAPH_ACTIVITY, ...LA_ENTRA_RECORDS, LA_AZURE_ACTIVITY, LA_ENRICHED_UAL],
  ual: UAL,
  'graph-ual': [UAL_GRAPH],
  office: UAL,
  portal: [PORTAL_SIGNIN, PORTAL_AUDIT],
  azureadpreview: [LEGACY_SIGNIN, LEGACY_AUDIT],
  'azure-activity': [REST_AZURE_ACTIVITY],
  'graph-alerts': [GRAPH_MS_ALERT],
  'ms-alert-tables': [LA_SECURITY_ALERT, LA_ALERT_EVIDENCE, STREAM_ALERT_EVIDENCE, STREAM_ALERT_INFO],
};
