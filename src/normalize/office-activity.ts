import type { RecordMapper } from '../core/mapper.js';
import { type ActivityFields, activityColumns, activityRejectReason } from './activity-columns.js';
import { str } from './sql.js';
import { IS_OFFICE_ACTIVITY, ROUTE_STRUCTURE } from './ual.js';

/**
 * The Log Analytics / Sentinel `OfficeActivity` table (CSV or JSON export): AuditData flattened into columns,
 * renamed where they clash (OfficeWorkload, OfficeObjectId, Logon_Type, Client_IPAddress, OfficeId = AuditData.Id).
 * TimeGenerated here is the record's CreationTime, not ingestion: in the real samples (sentinel-training-lab
 * office_activity.csv, OTRF OfficeActivityEvents.json) it is minutes before Start_Time / ElevationTime, which
 * are when the connector picked the record up; exports that projected TimeGenerated away fall back to Start_Time.
 */
const V = 'VARCHAR';
const KEYS = [
  'OfficeId',
  'SourceRecordId',
  'TimeGenerated',
  'Start_Time',
  'Operation',
  'OfficeWorkload',
  'RecordType',
  'UserId',
  'UserKey',
  'UserType',
  'ClientIP',
  'Client_IPAddress',
  'ActorIpAddress',
  'ResultStatus',
  'OfficeObjectId',
  'OrganizationId',
  'AppId',
  'ClientAppId',
  'ClientInfoString',
  'UserAgent',
  'MailboxOwnerUPN',
  'Logon_Type',
  'SessionId',
  'Parameters',
] as const;

const fields: ActivityFields = {
  id: `coalesce(${str('j.OfficeId')}, ${str('j.SourceRecordId')})`,
  creationTime: 'j.TimeGenerated',
  ingestionTime: 'j.Start_Time',
  operation: 'j.Operation',
  workload: 'j.OfficeWorkload',
  recordType: 'j.RecordType',
  userId: 'j.UserId',
  userKey: 'j.UserKey',
  userType: 'j.UserType',
  clientIps: ['j.ClientIP', 'j.Client_IPAddress', 'j.ActorIpAddress'],
  resultStatus: 'j.ResultStatus',
  objectId: 'j.OfficeObjectId',
  organizationId: 'j.OrganizationId',
  appIds: ['j.AppId', 'j.ClientAppId'],
  clientInfos: ['j.ClientInfoString', 'j.UserAgent'],
  mailboxOwnerUpn: 'j.MailboxOwnerUPN',
  logonType: 'j.Logon_Type',
  sessionId: 'j.SessionId',
  parameters: 'j.Parameters',
  // No AuditData object survives in this table: the row itself (nested fields as JSON text) stands for it.
  auditData: 'CAST(json(raw) AS VARCHAR)',
};

/** OfficeActivity rows (the shape is recognised by OfficeWorkload / OfficeId, names AuditData never uses). */
export const UAL_OFFICE_ACTIVITY: RecordMapper = {
  name: 'la-office-activity',
  table: 'activities',
  structure: { ...ROUTE_STRUCTURE, ...Object.fromEntries(KEYS.map((k) => [k, V])) },
  route: IS_OFFICE_ACTIVITY,
  sourceId: fields.id,
  columns: activityColumns(fields),
  rejectReason: activityRejectReason(fields, 'TimeGenerated'),
};
