/**
 * What the test server serves: a tenant's log records and configuration. Records can be added hidden under a tag
 * and exposed later, which is how tests make events "arrive": late events (a createdDateTime in the past that shows
 * up after a first collection) and the spray a watch test waits for.
 */
export type GraphObject = Record<string, unknown>;

export type LogCollection =
  | 'signIns'
  | 'directoryAudits'
  | 'riskDetections'
  | 'riskyUsers'
  | 'servicePrincipalRiskDetections'
  | 'riskyServicePrincipals'
  | 'roleManagementAlerts'
  | 'securityAlerts'
  /** Management Activity API records (AuditData): Id, CreationTime without a zone, Workload... (ual-feed.ts). */
  | 'unifiedAuditLog';

/** Each collection's time field: its sort key (newest first) and what its $filter windows compare. */
export const TIME_FIELD: Readonly<Record<LogCollection, string>> = {
  signIns: 'createdDateTime',
  directoryAudits: 'activityDateTime',
  riskDetections: 'detectedDateTime',
  riskyUsers: 'riskLastUpdatedDateTime',
  servicePrincipalRiskDetections: 'detectedDateTime',
  riskyServicePrincipals: 'riskLastUpdatedDateTime',
  roleManagementAlerts: 'lastModifiedDateTime',
  securityAlerts: 'createdDateTime',
  unifiedAuditLog: 'CreationTime',
};

/** The record's id field: Graph's `id`, the unified audit log's `Id`. */
export function idOf(collection: LogCollection, record: GraphObject): string {
  return String(collection === 'unifiedAuditLog' ? record.Id : record.id);
}

/** A time as Graph or the UAL writes it; the UAL's CreationTime has no zone letter but is UTC. */
export function timeMs(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? 0 : t;
}

/** Configuration served for snapshots: lists and single objects by snapshot resource name. */
export interface ConfigData {
  lists: Record<string, GraphObject[]>;
  singles: Record<string, GraphObject>;
  /** appRoleAssignedTo by service principal id. */
  appRoleAssignedTo: Record<string, GraphObject[]>;
  /** federationConfiguration by domain id. */
  federation: Record<string, GraphObject[]>;
  /** GDAP access assignments by delegatedAdminRelationship id (a partner tenant's). */
  accessAssignments?: Record<string, GraphObject[]>;
}

/** A record and when it became visible: the unified audit log publishes it in a content blob from then on. */
export interface Entry {
  readonly record: GraphObject;
  hidden: string | undefined;
  /** add() calls and expose() calls each make a batch: records published together (ual-feed.ts). */
  batch: number;
  /** When the record became visible (server time); undefined while hidden. */
  visibleAt: number | undefined;
  /** Made visible by expose(): it arrived late, after a client may already have read its time range. */
  exposed: boolean;
}

export class TenantStore {
  private readonly entries = new Map<LogCollection, Entry[]>();
  private batches = 0;
  config: ConfigData = { lists: {}, singles: {}, appRoleAssignedTo: {}, federation: {} };

  constructor(
    readonly tenantId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds records; with `hidden`, they stay invisible until expose(hidden). */
  add(collection: LogCollection, records: readonly GraphObject[], options: { hidden?: string } = {}): void {
    const list = this.entries.get(collection) ?? [];
    const batch = ++this.batches;
    const visibleAt = options.hidden === undefined ? this.now() : undefined;
    for (const record of records) list.push({ record, hidden: options.hidden, batch, visibleAt, exposed: false });
    this.entries.set(collection, list);
  }

  /** Makes the records added under the tag visible; returns how many. */
  expose(tag: string): number {
    let n = 0;
    const batch = ++this.batches;
    const at = this.now();
    for (const list of this.entries.values()) {
      for (const e of list) {
        if (e.hidden === tag) {
          Object.assign(e, { hidden: undefined, batch, visibleAt: at, exposed: true });
          n++;
        }
      }
    }
    return n;
  }

  /** The visible entries of a collection, in insertion order. */
  visibleEntries(collection: LogCollection): Entry[] {
    return (this.entries.get(collection) ?? []).filter((e) => e.hidden === undefined);
  }

  /** What a client can see now, newest first (ties: id descending), as Graph orders audit logs. */
  visible(collection: LogCollection): GraphObject[] {
    const field = TIME_FIELD[collection];
    const time = (r: GraphObject) => timeMs(r[field]);
    return this.visibleEntries(collection)
      .map((e) => e.record)
      .sort((a, b) => time(b) - time(a) || idOf(collection, b).localeCompare(idOf(collection, a)));
  }

  /** Ids of every visible record of the collection (`Id` for the unified audit log). */
  visibleIds(collection: LogCollection): string[] {
    return this.visible(collection).map((r) => idOf(collection, r));
  }
}

/**
 * Moves every listed top-level time of the records by deltaMs, keeping Graph's text form ("...:19Z" stays without
 * fractions). The simulator's month is in 2025; a server that must look live shifts it to end now.
 */
export function shiftTimes(records: readonly GraphObject[], fields: readonly string[], deltaMs: number): GraphObject[] {
  return records.map((r) => {
    const out: GraphObject = { ...r };
    for (const f of fields) {
      const v = r[f];
      if (typeof v !== 'string') continue;
      const t = Date.parse(v);
      if (Number.isNaN(t)) continue;
      const iso = new Date(t + deltaMs).toISOString();
      out[f] = /\.\d+Z$/.test(v) ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
    }
    return out;
  });
}
