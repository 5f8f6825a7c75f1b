/**
 * Collection checkpoints, one per tenant and endpoint (table `checkpoints`, migration 3). A checkpoint is only ever
 * written inside the transaction that stores a page's rows, so the store and the checkpoint cannot disagree:
 * killed at any instant, the process leaves either both or neither.
 */
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';

export interface Checkpoint {
  readonly tenantId: string;
  readonly endpoint: string;
  /** Newest event time stored (ms). */
  readonly highWater: number | undefined;
  /** Ids (or stored uids) of the records at exactly highWater. */
  readonly boundaryIds: readonly string[];
  /** The time range read to its end. */
  readonly coveredFrom: number | undefined;
  readonly coveredUntil: number | undefined;
  /** A range being read newest first: everything after pendingOldest is stored. */
  readonly pendingFrom: number | undefined;
  readonly pendingUntil: number | undefined;
  readonly pendingOldest: number | undefined;
  readonly pages: number;
  readonly records: number;
}

export function emptyCheckpoint(tenantId: string, endpoint: string): Checkpoint {
  return {
    tenantId,
    endpoint,
    highWater: undefined,
    boundaryIds: [],
    coveredFrom: undefined,
    coveredUntil: undefined,
    pendingFrom: undefined,
    pendingUntil: undefined,
    pendingOldest: undefined,
    pages: 0,
    records: 0,
  };
}

function ms(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  const iso = toIsoUtc(v instanceof Date ? v : String(v));
  return iso === null ? undefined : Date.parse(iso);
}

const iso = (v: number | undefined) => (v === undefined ? null : new Date(v).toISOString());

interface CheckpointRow {
  tenant_id: string;
  endpoint: string;
  high_water: unknown;
  boundary_ids: string;
  covered_from: unknown;
  covered_until: unknown;
  pending_from: unknown;
  pending_until: unknown;
  pending_oldest: unknown;
  pages: bigint | number;
  records: bigint | number;
}

function fromRow(r: CheckpointRow): Checkpoint {
  let ids: unknown;
  try {
    ids = JSON.parse(r.boundary_ids);
  } catch {
    ids = [];
  }
  return {
    tenantId: r.tenant_id,
    endpoint: r.endpoint,
    highWater: ms(r.high_water),
    boundaryIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
    coveredFrom: ms(r.covered_from),
    coveredUntil: ms(r.covered_until),
    pendingFrom: ms(r.pending_from),
    pendingUntil: ms(r.pending_until),
    pendingOldest: ms(r.pending_oldest),
    pages: Number(r.pages),
    records: Number(r.records),
  };
}

export async function readCheckpoint(ws: Workspace, tenantId: string, endpoint: string): Promise<Checkpoint> {
  const row = await ws.one<CheckpointRow>('SELECT * FROM checkpoints WHERE tenant_id = $1 AND endpoint = $2', [
    tenantId,
    endpoint,
  ]);
  return row === undefined ? emptyCheckpoint(tenantId, endpoint) : fromRow(row);
}

export async function listCheckpoints(ws: Workspace, tenantId?: string): Promise<Checkpoint[]> {
  const rows =
    tenantId === undefined
      ? await ws.all<CheckpointRow>('SELECT * FROM checkpoints ORDER BY tenant_id, endpoint')
      : await ws.all<CheckpointRow>('SELECT * FROM checkpoints WHERE tenant_id = $1 ORDER BY endpoint', [tenantId]);
  return rows.map(fromRow);
}

/** Writes the checkpoint; call inside the transaction that stores the page it describes. */
export async function writeCheckpoint(ws: Workspace, c: Checkpoint): Promise<void> {
  await ws.run(
    `INSERT INTO checkpoints VALUES ($1, $2, $3::TIMESTAMPTZ, $4, $5::TIMESTAMPTZ, $6::TIMESTAMPTZ, $7::TIMESTAMPTZ,
       $8::TIMESTAMPTZ, $9::TIMESTAMPTZ, $10, $11, now())
     ON CONFLICT (tenant_id, endpoint) DO UPDATE SET high_water = excluded.high_water,
       boundary_ids = excluded.boundary_ids, covered_from = excluded.covered_from,
       covered_until = excluded.covered_until, pending_from = excluded.pending_from,
       pending_until = excluded.pending_until, pending_oldest = excluded.pending_oldest, pages = excluded.pages,
       records = excluded.records, updated_at = excluded.updated_at`,
    [
      c.tenantId,
      c.endpoint,
      iso(c.highWater),
      JSON.stringify(c.boundaryIds),
      iso(c.coveredFrom),
      iso(c.coveredUntil),
      iso(c.pendingFrom),
      iso(c.pendingUntil),
      iso(c.pendingOldest),
      c.pages,
      c.records,
    ],
  );
}
