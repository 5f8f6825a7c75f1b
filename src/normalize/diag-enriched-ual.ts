import type { RecordMapper } from '../core/mapper.js';
import { type ActivityFields, activityColumns, activityRejectReason } from './activity-columns.js';
import { str } from './sql.js';

/**
 * Global Secure Access's enriched Microsoft 365 audit records (diagnostic category EnrichedOffice365AuditLogs):
 * unified-audit-log records with the network context the edge saw, so they load into `activities` with the UAL's
 * meaning. UNVERIFIED (not in reference/): the property names, taken as the camelCase of the Log Analytics table
 * EnrichedMicrosoft365AuditLogs' columns (operation, workload, recordType, userId, clientIp, objectId, ...), each
 * also read in the AuditData spelling where the two differ. The fields join the diagnostic dialect's one parsed
 * structure (no derived parse, which would take every diagnostic file off the NDJSON fast path); the whole
 * record stays in the kept original (`premortem show UID`), and audit_data holds the projected common fields.
 */
const V = 'VARCHAR';
const p = (name: string) => `j.properties.${name}`;

const PROPERTIES = {
  id: V,
  creationTime: V,
  timeGenerated: V,
  operation: V,
  workload: V,
  recordType: V,
  userId: V,
  userKey: V,
  userType: V,
  clientIp: V,
  sourceIp: V,
  objectId: V,
  organizationId: V,
  resultStatus: V,
  appId: V,
  userAgent: V,
  sessionId: V,
  uniqueTokenId: V,
  deviceId: V,
} as const;

const fields: ActivityFields = {
  id: p('id'),
  creationTime: `coalesce(${str(p('creationTime'))}, ${str(p('timeGenerated'))})`,
  ingestionTime: 'j.time',
  operation: p('operation'),
  workload: p('workload'),
  recordType: p('recordType'),
  userId: p('userId'),
  userKey: p('userKey'),
  userType: p('userType'),
  clientIps: [p('clientIp'), p('sourceIp')],
  resultStatus: p('resultStatus'),
  objectId: p('objectId'),
  organizationId: p('organizationId'),
  appIds: [p('appId')],
  clientInfos: [p('userAgent')],
  sessionId: p('sessionId'),
  uniqueTokenId: p('uniqueTokenId'),
  auditData: `CAST(to_json(struct_pack(${Object.keys(PROPERTIES)
    .map((k) => `${k[0]?.toUpperCase()}${k.slice(1)} := ${p(k)}`)
    .join(', ')})) AS VARCHAR)`,
};

export const DIAG_ENRICHED_UAL: RecordMapper = {
  name: 'diag-enriched-ual',
  table: 'activities',
  structure: { time: V, category: V, properties: PROPERTIES },
  route: `lower(j.category) = 'enrichedoffice365auditlogs'`,
  sourceId: str(p('id')),
  columns: activityColumns(fields),
  rejectReason: activityRejectReason(fields, 'properties.creationTime'),
};
