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

const SIGNIN_CATEGORIES: Record<string, string> = {
  signinlogs: 'interactiveUser',
  noninteractiveusersigninlogs: 'nonInteractiveUser',
  serviceprincipalsigninlogs: 'servicePrincipal',
  managedidentitysigninlogs: 'managedIdentity',
};

const ENVELOPE = { time: V, category: V, resultType: V, resultDescription: V, callerIpAddress: V, correlationId: V };

const categoryCase = `CASE lower(j.category) ${Object.entries(SIGNIN_CATEGORIES)
  .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
  .join(' ')} END`;

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
  route: `lower(j.category) IN (${Object.keys(SIGNIN_CATEGORIES)
    .map((k) => `'${k}'`)
    .join(', ')})`,
  sourceId: str('j.properties.id'),
  columns: signinColumns(signin),
  rejectReason: signinRejectReason(signin, 'properties.createdDateTime', true),
};

export const DIAG_AUDIT: RecordMapper = {
  name: 'diag-audit',
  table: 'audits',
  structure: { ...ENVELOPE, properties: GRAPH_AUDIT_SHAPE },
  route: `lower(j.category) = 'auditlogs'`,
  sourceId: str('j.properties.id'),
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'properties.activityDateTime', true),
};
