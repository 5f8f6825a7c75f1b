import { categorySqlList, eventTypeSqlArms } from '../core/entra-categories.js';
import type { RecordMapper } from '../core/mapper.js';
import { auditColumns, auditRejectReason } from './audit-columns.js';
import { GRAPH_AUDIT_SHAPE, GRAPH_SIGNIN_SHAPE, graphAuditFields, graphSigninFields } from './graph.js';
import { signinColumns, signinRejectReason } from './signin-columns.js';
import { str } from './sql.js';

/**
 * Azure Monitor diagnostic-settings records (storage PT1H.json lines, Event Hub {"records":[…]} bodies):
 * an envelope (time, category, resultType as a STRING, callerIpAddress) around a Graph-beta-like `properties`.
 * See reference/azure_monitor_diag_shape.md.
 */
const V = 'VARCHAR';

const ENVELOPE = { time: V, category: V, resultType: V, resultDescription: V, callerIpAddress: V, correlationId: V };

// A category without a fixed event type (ADFSSignInLogs) is interactive unless the record says otherwise.
const categoryCase = `CASE lower(j.category) ${eventTypeSqlArms()} ELSE CASE WHEN lower(${str('j.properties.isInteractive')}) = 'false' THEN 'nonInteractiveUser'
  ELSE 'interactiveUser' END END`;

const signin = {
  ...graphSigninFields('j.properties'),
  // The envelope's time is when Azure Monitor processed the record; the sign-in time is properties.createdDateTime.
  ingestionTime: 'j.time',
  eventType: categoryCase,
  errorCode: `coalesce(${str('j.properties.status.errorCode')}, ${str('j.resultType')})`,
  failureReason: `coalesce(${str('j.properties.status.failureReason')}, ${str('j.resultDescription')})`,
  ipAddress: `coalesce(${str('j.properties.ipAddress')}, ${str('j.callerIpAddress')})`,
  correlationId: `coalesce(${str('j.properties.correlationId')}, ${str('j.correlationId')})`,
};

const audit = {
  ...graphAuditFields('j.properties'),
  ingestionTime: 'j.time',
  correlationId: `coalesce(${str('j.properties.correlationId')}, ${str('j.correlationId')})`,
};

export const DIAG_SIGNIN: RecordMapper = {
  name: 'diag-signin',
  table: 'signins',
  structure: { ...ENVELOPE, properties: GRAPH_SIGNIN_SHAPE },
  route: `lower(j.category) IN (${categorySqlList('signins')})`,
  sourceId: str('j.properties.id'),
  columns: signinColumns(signin),
  rejectReason: signinRejectReason(signin, 'properties.createdDateTime', true),
};

export const DIAG_AUDIT: RecordMapper = {
  name: 'diag-audit',
  table: 'audits',
  structure: { ...ENVELOPE, properties: GRAPH_AUDIT_SHAPE },
  route: `lower(j.category) IN (${categorySqlList('audits')})`,
  sourceId: str('j.properties.id'),
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'properties.activityDateTime', true),
};
