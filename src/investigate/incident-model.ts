import type { ObjectRef } from '../core/objects.js';
import type { Severity } from '../core/severity.js';
import type { Alert, AlertEntities } from '../detect/alert.js';

/** Where an incident stands; `open` until someone records otherwise. */
export type IncidentStatus = 'open' | 'investigating' | 'contained' | 'closed';

/** Alerts that belong to one attack: grouped by the identities and addresses they share, close in time. */
export interface Incident {
  /** `inc-` and 10 hex digits derived from the incident's earliest alert, so it stays put as alerts join. */
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  first_seen: string;
  last_seen: string;
  alert_ids: string[];
  /** Union of the alerts' entities. */
  entities: AlertEntities;
  /** Accounts and service principals the evidence shows acting for the attacker (not everyone a spray tried). */
  actors: { users: string[]; service_principals: string[] };
  /** Union of the alerts' objects, by id (`{type, id, name, app_id?, key_id?, upn?}`). */
  objects: ObjectRef[];
  tags: string[];
  /** One paragraph, every clause a fact read from the alerts. */
  summary: string;
}

/** An alert with the actors its evidence shows, the unit the grouping works on. */
export interface AlertWithActors {
  alert: Alert;
  actors: { users: string[]; service_principals: string[] };
}
