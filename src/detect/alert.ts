import type { ObjectRef } from '../core/objects.js';
import type { Severity } from '../core/severity.js';
import type { RuleTable } from '../rules/rule-tables.js';

/** The people, workloads, addresses and applications an alert is about, derived from its evidence rows. */
export interface AlertEntities {
  users: string[];
  service_principals: string[];
  ips: string[];
  apps: string[];
}

/** One event behind an alert: `source_id` is the record's own id field as it was read. */
export interface EvidenceRef {
  uid: string;
  source_id: string | null;
  table: RuleTable;
}

/**
 * An alert in the shape of the command-line contract (DESIGN.md, "The command line"): times are ISO 8601 UTC
 * ending in Z. `summary` and `event_count` are extras beyond the contract.
 */
export interface Alert {
  id: string;
  rule_id: string;
  title: string;
  severity: Severity;
  first_seen: string;
  last_seen: string;
  entities: AlertEntities;
  /** Every object the evidence names, by id (user, service principal with its app id, role, credential, ip …). */
  objects: ObjectRef[];
  evidence: EvidenceRef[];
  tags: string[];
  summary: string;
  event_count: number;
  /**
   * The valid exception (exceptions.yaml) covering every identity the alert names, and the compensating detections
   * it promised for them; added by the CLI when it shows alerts, absent otherwise. An extra beyond the contract.
   */
  exception?: AlertException;
}

/** An exception an alert falls under, with the detections that watch its subjects more closely. */
export interface AlertException {
  id: string;
  control: string;
  expires: string;
  compensating_controls: string[];
  compensating_rules: { id: string; title: string }[];
}

/** Entities with every list present and empty (the contract requires all four lists). */
export function emptyEntities(): AlertEntities {
  return { users: [], service_principals: [], ips: [], apps: [] };
}

/** Union of two entity sets, each list sorted and without duplicates. */
export function mergeEntities(a: AlertEntities, b: AlertEntities): AlertEntities {
  const u = (x: string[], y: string[]): string[] => [...new Set([...x, ...y])].sort();
  return {
    users: u(a.users, b.users),
    service_principals: u(a.service_principals, b.service_principals),
    ips: u(a.ips, b.ips),
    apps: u(a.apps, b.apps),
  };
}
