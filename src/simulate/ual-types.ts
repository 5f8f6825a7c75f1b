/**
 * The unified audit log records the simulator emits, in the shape the Office 365 Management Activity API serves
 * them in content blobs (reference/ual_operations_schema.md): PascalCase AuditData fields, `CreationTime` in UTC
 * without a zone letter, `RecordType` as the integer enum. Only the Exchange mailbox schema is needed so far
 * (MailItemsAccessed, RecordType 50 ExchangeItemAggregated).
 */

/** One `{Name, Value}` pair of OperationProperties (MailAccessType Bind/Sync, IsThrottled). */
export interface UalNameValue {
  Name: string;
  Value: string;
}

/** A folder of an aggregated MailItemsAccessed record; Bind lists the items read, Sync only the folder. */
export interface UalFolder {
  Id: string;
  Path: string;
  FolderItems?: { Id: string; InternetMessageId: string; SizeInBytes: number }[];
}

/** A MailItemsAccessed record (ExchangeAggregatedMailboxAuditRecord) as a Management API content blob holds it. */
export interface UalMailItemsAccessed {
  CreationTime: string;
  Id: string;
  Operation: 'MailItemsAccessed';
  OrganizationId: string;
  RecordType: 50;
  ResultStatus: 'Succeeded';
  UserKey: string;
  UserType: 0;
  Version: 1;
  Workload: 'Exchange';
  ClientIP: string;
  UserId: string;
  AppId: string;
  ClientAppId: string;
  ClientIPAddress: string;
  ClientInfoString: string;
  ExternalAccess: false;
  InternalLogonType: 0;
  LogonType: 0;
  LogonUserSid: string;
  MailboxGuid: string;
  MailboxOwnerSid: string;
  MailboxOwnerUPN: string;
  OperationProperties: UalNameValue[];
  OrganizationName: string;
  OriginatingServer: string;
  SessionId: string;
  OperationCount: number;
  Folders: UalFolder[];
  /** Present when the access rode on an Entra session (sid); forged tokens carry none. */
  AppAccessContext?: { AADSessionId: string; ClientAppId: string; UniqueTokenId: string };
}

/** Any unified audit log record the simulator emits. */
export type UalRecord = UalMailItemsAccessed;

/** UAL CreationTime: UTC, whole seconds, no zone letter ("2025-09-16T02:14:05"). */
export function ualTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
