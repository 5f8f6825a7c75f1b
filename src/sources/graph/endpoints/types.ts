import type { Dialect } from '../../../core/mapper.js';
import type { BudgetClass } from '../budget.js';

/** A Graph record as it arrives: a JSON object. */
export type GraphRecord = Readonly<Record<string, unknown>>;

/**
 * One Graph log endpoint premortem collects, and what it needs. Sign-ins and directory audits become rows of the
 * canonical event tables (target "events", through the same mappers as imported files); the others are kept as
 * records in graph_records (target "records").
 */
export interface LogEndpoint {
  /** Checkpoint key and name in summaries, e.g. "signIns/nonInteractiveUser". */
  readonly name: string;
  /** For people: "non-interactive sign-ins". */
  readonly title: string;
  /** Path with version, e.g. "/beta/auditLogs/signIns". */
  readonly path: string;
  readonly budget: BudgetClass;
  readonly target: 'events' | 'records';
  /** events target: the record dialect its pages are mapped with (default graph: sign-ins and audits). */
  readonly dialect?: Dialect;
  /** The field time windows filter on (ge/le); none: the whole list is read every pass. */
  readonly timeField?: string;
  /** A clause always sent (the sign-in kind, a required scope filter). */
  readonly filter?: string;
  /** $top to ask for; none: Graph's default page size. */
  readonly top?: number;
  /** Application permissions the call needs (reference/graph_api_limits_permissions.md, Permissions). */
  readonly permissions: readonly string[];
  /** The licence the data needs, when one does. */
  readonly licence?: string;
  /** Without its permission the endpoint is reported unavailable, not failed (a feature the tenant may not use). */
  readonly optional: boolean;
  /** The record's event time (ISO 8601), for checkpoints. */
  readonly timeOf: (record: GraphRecord) => string | undefined;
  /** records target: the stored identity, the id versioned by its update time where the object changes. */
  readonly uidOf?: (record: GraphRecord) => string | undefined;
}

/** A string field of a record, or undefined. */
export function field(record: GraphRecord, name: string): string | undefined {
  const v = record[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
