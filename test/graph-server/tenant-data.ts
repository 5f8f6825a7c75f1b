/**
 * What the test server serves: a tenant's log records and configuration. Records can be added hidden under a tag
 * and exposed later, which is how tests make events "arrive": late events (a createdDateTime in the past that shows
 * up after a first collection) and the spray a watch test waits for.
 */
export type GraphObject = Record<string, unknown>;

export type LogCollection = 'signIns' | 'directoryAudits' | 'riskDetections' | 'riskyUsers' | 'roleManagementAlerts';

/** Each collection's time field: its sort key (newest first) and what its $filter windows compare. */
export const TIME_FIELD: Readonly<Record<LogCollection, string>> = {
  signIns: 'createdDateTime',
  directoryAudits: 'activityDateTime',
  riskDetections: 'detectedDateTime',
  riskyUsers: 'riskLastUpdatedDateTime',
  roleManagementAlerts: 'lastModifiedDateTime',
};

/** Configuration served for snapshots: lists and single objects by snapshot resource name. */
export interface ConfigData {
  lists: Record<string, GraphObject[]>;
  singles: Record<string, GraphObject>;
  /** appRoleAssignedTo by service principal id. */
  appRoleAssignedTo: Record<string, GraphObject[]>;
  /** federationConfiguration by domain id. */
  federation: Record<string, GraphObject[]>;
}

interface Entry {
  readonly record: GraphObject;
  hidden: string | undefined;
}

export class TenantStore {
  private readonly entries = new Map<LogCollection, Entry[]>();
  config: ConfigData = { lists: {}, singles: {}, appRoleAssignedTo: {}, federation: {} };

  constructor(readonly tenantId: string) {}

  /** Adds records; with `hidden`, they stay invisible until expose(hidden). */
  add(collection: LogCollection, records: readonly GraphObject[], options: { hidden?: string } = {}): void {
    const list = this.entries.get(collection) ?? [];
    for (const record of records) list.push({ record, hidden: options.hidden });
    this.entries.set(collection, list);
  }

  /** Makes the records added under the tag visible; returns how many. */
  expose(tag: string): number {
    let n = 0;
    for (const list of this.entries.values()) {
      for (const e of list) {
        if (e.hidden === tag) {
          e.hidden = undefined;
          n++;
        }
      }
    }
    return n;
  }

  /** What a client can see now, newest first (ties: id descending), as Graph orders audit logs. */
  visible(collection: LogCollection): GraphObject[] {
    const field = TIME_FIELD[collection];
    const time = (r: GraphObject) => {
      const v = r[field];
      return typeof v === 'string' ? Date.parse(v) : 0;
    };
    return (this.entries.get(collection) ?? [])
      .filter((e) => e.hidden === undefined)
      .map((e) => e.record)
      .sort((a, b) => time(b) - time(a) || String(b.id).localeCompare(String(a.id)));
  }

  /** Ids of every visible record of the collection. */
  visibleIds(collection: LogCollection): string[] {
    return this.visible(collection).map((r) => String(r.id));
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
