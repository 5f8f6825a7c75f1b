import type { ColumnType } from '../core/event-model.js';
import { RULE_TABLES, type RuleTable } from './rule-tables.js';

/**
 * A column a rule (after its pipeline) can name, described without any query language: a stored canonical column,
 * a derived value (`@name`) that each compile target writes in its own language (src/compile/), or a field inside a
 * JSON text column (`column#Path`).
 */
export type ColumnSpec =
  | { readonly kind: 'column'; readonly name: string; readonly type: ColumnType }
  | { readonly kind: 'derived'; readonly name: string; readonly type: ColumnType }
  | { readonly kind: 'json'; readonly column: string; readonly path: string; readonly type: 'VARCHAR' };

/**
 * Values that Microsoft's log stores show but premortem does not store as such: their names, types and meaning.
 * Pipelines (data) name them as `@name` and never carry a query language themselves; each compile target defines
 * them over canonical columns (DuckDB: src/compile/duckdb-derived.ts, KQL: src/compile/kql/kql-derived.ts).
 */
export const DERIVED_COLUMNS: Partial<Record<RuleTable, Record<string, { type: ColumnType; doc: string }>>> = {
  signins: {
    '@signin_status': {
      type: 'VARCHAR',
      doc: "the portal's Status (Success / Failure / Interrupted), with the failure reason and details for failures",
    },
    '@protocol_label': {
      type: 'VARCHAR',
      doc: 'the authentication protocol as the portal labels it (Device Code, ROPC)',
    },
    '@activity_details': { type: 'VARCHAR', doc: "Log Analytics' ActivityDetails: always Sign-ins" },
    '@device_key': { type: 'VARCHAR', doc: "the device's Entra id, else its user agent and OS" },
  },
  audits: {
    '@ca_exclusions_added': {
      type: 'INTEGER',
      doc: 'how many users or groups a Conditional Access update excludes that the old policy did not',
    },
    '@ca_client_apps_narrowed': {
      type: 'VARCHAR',
      doc: "'true' when a Conditional Access update stopped applying to all client apps",
    },
    '@initiator': { type: 'VARCHAR', doc: 'who acted, a person or an application: one value to group on' },
  },
  graph_activity: {
    '@token_without_sign_in': {
      type: 'VARCHAR',
      doc: "'true' when a delegated request's token (SignInActivityId, the uti claim) matches no sign-in's unique token identifier while the workspace holds sign-ins with token identifiers in the six hours before and after the token was issued",
    },
  },
  activities: {
    '@forwarding_to_accepted_domain': {
      type: 'VARCHAR',
      doc: "'true' when a mailbox's forwarding address is at one of the tenant's accepted domains (the verified domains of any configuration snapshot in the workspace)",
    },
  },
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** `Name`, `AppAccessContext.ClientAppId`, `[0].modifiedProperties[0].newValue`: keys and array indexes only. */
const JSON_PATH = /^(\[\d+\]|[A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;

/**
 * Resolves a column a rule (after its pipeline) names: a canonical column (`error_code`), a derived value
 * (`@signin_status`), or a field inside a JSON text column (`audit_data#Name`,
 * `target_resources#[0].modifiedProperties[0].newValue`). Undefined when the name is none of these. Every part a
 * compiler writes into a query is checked against a strict pattern here.
 */
export function describeColumn(table: RuleTable, name: string): ColumnSpec | undefined {
  const columns = RULE_TABLES[table].columns;
  if (name.startsWith('@')) {
    const derived = DERIVED_COLUMNS[table]?.[name];
    return derived ? { kind: 'derived', name, type: derived.type } : undefined;
  }
  const hash = name.indexOf('#');
  if (hash > 0) {
    const column = name.slice(0, hash);
    const path = name.slice(hash + 1);
    const def = columns.find((c) => c.name === column);
    if (!def || def.type !== 'VARCHAR' || !IDENTIFIER.test(column) || !JSON_PATH.test(path)) return undefined;
    return { kind: 'json', column, path, type: 'VARCHAR' };
  }
  const def = columns.find((c) => c.name === name);
  if (!def || !IDENTIFIER.test(name)) return undefined;
  return { kind: 'column', name: def.name, type: def.type };
}

/** The derived names of a table (for messages and docs). */
export function derivedNames(table: RuleTable): string[] {
  return Object.keys(DERIVED_COLUMNS[table] ?? {});
}
