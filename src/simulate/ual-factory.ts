/**
 * Builds unified audit log records in the Management Activity API shape (ual-types.ts). A generator says who read
 * which mailbox, when, from where, with which client and how (Bind or Sync); this file fills the rest as Exchange
 * does, with a fixed key order so the JSON text is stable for a seed.
 */
import { Rng } from './random.js';
import type { Tenant, TenantUser } from './tenant.js';
import { type UalFolder, type UalMailItemsAccessed, ualTime } from './ual-types.js';

/** A mailbox's fixed identifiers (one per person): the GUID, the owner's SID and PUID as Exchange logs them. */
export interface MailboxIdentity {
  readonly user: TenantUser;
  readonly guid: string;
  readonly sid: string;
  readonly puid: string;
}

/**
 * The identity of a person's mailbox, derived from the tenant's and the person's ids only (their ids already depend
 * on the seed), so every scenario that logs the same mailbox gives it the same GUID, SID and PUID.
 */
export function mailboxOf(tenant: Tenant, user: TenantUser): MailboxIdentity {
  const r = new Rng(0).fork(`mailbox:${tenant.id}:${user.id}`);
  const domainSid = [r.nextUint32(), r.nextUint32(), r.nextUint32()].join('-');
  return {
    user,
    guid: r.uuid(),
    sid: `S-1-5-21-${domainSid}-${1000 + user.index}`,
    puid: `1003${r.nextUint32().toString(16).padStart(8, '0')}${r.int(0, 0xffff).toString(16).padStart(4, '0')}`.toUpperCase(),
  };
}

/** What one MailItemsAccessed record says; the factory derives the rest. */
export interface MailAccessSpec {
  readonly at: number;
  readonly mailbox: MailboxIdentity;
  readonly ip: string;
  /** AppId and ClientAppId: the application whose token read the mail. */
  readonly appId: string;
  readonly clientAppId: string;
  readonly clientInfo: string;
  /** Bind: items opened (listed, aggregated per two minutes); Sync: a folder synchronised (no items). */
  readonly access: 'Bind' | 'Sync';
  /** Folder paths; for Bind, how many items were read in each. */
  readonly folders: readonly { readonly path: string; readonly items: number }[];
  /** The Entra session the token belongs to, when there is one. */
  readonly aadSessionId?: string;
}

/** One aggregated MailItemsAccessed record (RecordType 50). */
export function makeMailItemsAccessed(tenant: Tenant, rng: Rng, spec: MailAccessSpec): UalMailItemsAccessed {
  const id = rng.uuid();
  const folders: UalFolder[] = spec.folders.map((f) => {
    const folder: UalFolder = { Id: `LgAAAAA${rng.token(38)}AAAB`, Path: `\\${f.path}` };
    if (spec.access === 'Bind') {
      folder.FolderItems = Array.from({ length: f.items }, () => ({
        Id: `RgAAAAA${rng.token(54)}AAAJ`,
        InternetMessageId: `<${rng.token(20)}@${tenant.domain}>`,
        SizeInBytes: rng.int(4_000, 180_000),
      }));
    }
    return folder;
  });
  const count = spec.access === 'Bind' ? spec.folders.reduce((n, f) => n + f.items, 0) : spec.folders.length;
  const m = spec.mailbox;
  const record: UalMailItemsAccessed = {
    CreationTime: ualTime(spec.at),
    Id: id,
    Operation: 'MailItemsAccessed',
    OrganizationId: tenant.id,
    RecordType: 50,
    ResultStatus: 'Succeeded',
    UserKey: m.puid,
    UserType: 0,
    Version: 1,
    Workload: 'Exchange',
    ClientIP: spec.ip,
    UserId: m.user.userPrincipalName,
    AppId: spec.appId,
    ClientAppId: spec.clientAppId,
    ClientIPAddress: spec.ip,
    ClientInfoString: spec.clientInfo,
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: m.sid,
    MailboxGuid: m.guid,
    MailboxOwnerSid: m.sid,
    MailboxOwnerUPN: m.user.userPrincipalName,
    OperationProperties: [
      { Name: 'MailAccessType', Value: spec.access },
      { Name: 'IsThrottled', Value: 'False' },
    ],
    OrganizationName: `${tenant.domain.split('.')[0]?.replace(/-/g, '')}.onmicrosoft.com`,
    OriginatingServer: `SG2PR06MB${rng.int(1000, 9999)} (15.20.8989.021)`,
    SessionId: rng.uuid(),
    OperationCount: count,
    Folders: folders,
  };
  if (spec.aadSessionId !== undefined) {
    record.AppAccessContext = {
      AADSessionId: spec.aadSessionId,
      ClientAppId: spec.clientAppId,
      UniqueTokenId: rng.token(22),
    };
  }
  return record;
}
