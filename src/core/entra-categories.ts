import type { EventTable } from './event-model.js';

/**
 * The Entra diagnostic-setting categories premortem reads, each with the Log Analytics table the same records
 * land in and the store table they load into (reference/azure_monitor_diag_shape.md). One list, so the file
 * classifier, the diagnostic mapper's routes and the reject reasons cannot disagree.
 */
export interface EntraCategory {
  /** The diagnostic category as Microsoft writes it. */
  readonly category: string;
  /** Log Analytics table names of the same records (lower-cased comparisons everywhere). */
  readonly laTables: readonly string[];
  readonly table: EventTable;
  /** signInEventTypes value of sign-in categories. */
  readonly eventType?: 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';
  /** risk_events.kind of Identity Protection categories. */
  readonly riskKind?: 'userRiskDetection' | 'servicePrincipalRiskDetection' | 'riskyUser' | 'riskyServicePrincipal';
}

export const ENTRA_CATEGORIES: readonly EntraCategory[] = [
  { category: 'SignInLogs', laTables: ['SigninLogs'], table: 'signins', eventType: 'interactiveUser' },
  {
    category: 'NonInteractiveUserSignInLogs',
    laTables: ['AADNonInteractiveUserSignInLogs'],
    table: 'signins',
    eventType: 'nonInteractiveUser',
  },
  {
    category: 'ServicePrincipalSignInLogs',
    laTables: ['AADServicePrincipalSignInLogs'],
    table: 'signins',
    eventType: 'servicePrincipal',
  },
  {
    category: 'ManagedIdentitySignInLogs',
    laTables: ['AADManagedIdentitySignInLogs'],
    table: 'signins',
    eventType: 'managedIdentity',
  },
  // Sign-ins of Microsoft's own first-party service principals: service principal sign-ins like the category above.
  // UNVERIFIED: its Log Analytics table name (none is documented in reference/); the category name is accepted.
  {
    category: 'MicrosoftServicePrincipalSignInLogs',
    laTables: ['MicrosoftServicePrincipalSignInLogs'],
    table: 'signins',
    eventType: 'servicePrincipal',
  },
  // AD FS sign-ins reported through Connect Health: user sign-ins (interactive unless isInteractive says not).
  { category: 'ADFSSignInLogs', laTables: ['ADFSSignInLogs'], table: 'signins' },
  { category: 'AuditLogs', laTables: ['AuditLogs'], table: 'audits' },
  {
    category: 'MicrosoftGraphActivityLogs',
    laTables: ['MicrosoftGraphActivityLogs'],
    table: 'graph_activity',
  },
  // Identity Protection: risk detections and the risk state of users and service principals.
  { category: 'UserRiskEvents', laTables: ['AADUserRiskEvents'], table: 'risk_events', riskKind: 'userRiskDetection' },
  {
    category: 'ServicePrincipalRiskEvents',
    laTables: ['AADServicePrincipalRiskEvents'],
    table: 'risk_events',
    riskKind: 'servicePrincipalRiskDetection',
  },
  { category: 'RiskyUsers', laTables: ['AADRiskyUsers'], table: 'risk_events', riskKind: 'riskyUser' },
  {
    category: 'RiskyServicePrincipals',
    laTables: ['AADRiskyServicePrincipals'],
    table: 'risk_events',
    riskKind: 'riskyServicePrincipal',
  },
  { category: 'ProvisioningLogs', laTables: ['AADProvisioningLogs'], table: 'provisioning' },
  // Global Secure Access. UNVERIFIED: the Log Analytics table name NetworkAccessTraffic (not in reference/).
  { category: 'NetworkAccessTrafficLogs', laTables: ['NetworkAccessTraffic'], table: 'network_access' },
  // Global Secure Access's enriched Microsoft 365 audit records: unified-audit-log records with network context.
  // UNVERIFIED: the Log Analytics table name EnrichedMicrosoft365AuditLogs and its columns (normalize/diag-enriched-ual.ts).
  {
    category: 'EnrichedOffice365AuditLogs',
    laTables: ['EnrichedMicrosoft365AuditLogs'],
    table: 'activities',
  },
];

const BY_NAME = new Map<string, EntraCategory>();
for (const c of ENTRA_CATEGORIES) {
  BY_NAME.set(c.category.toLowerCase(), c);
  for (const t of c.laTables) BY_NAME.set(t.toLowerCase(), c);
}

/** The category (or Log Analytics table) of this name, case-insensitively, or undefined when premortem does not read it. */
export function entraCategory(name: string): EntraCategory | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** SQL list of the lower-cased category names that load into a table (our own constants, never input). */
export function categorySqlList(table: EventTable): string {
  return ENTRA_CATEGORIES.filter((c) => c.table === table)
    .map((c) => `'${c.category.toLowerCase()}'`)
    .join(', ');
}

/** SQL CASE WHEN arms: lower-cased category and Log Analytics table names → their signInEventTypes value. */
export function eventTypeSqlArms(): string {
  return ENTRA_CATEGORIES.flatMap((c) =>
    c.eventType ? [c.category, ...c.laTables].map((n) => `WHEN '${n.toLowerCase()}' THEN '${c.eventType}'`) : [],
  ).join(' ');
}

/** SQL CASE WHEN arms: lower-cased category and Log Analytics table names → their risk_events kind. */
export function riskKindSqlArms(): string {
  return ENTRA_CATEGORIES.flatMap((c) =>
    c.riskKind ? [c.category, ...c.laTables].map((n) => `WHEN '${n.toLowerCase()}' THEN '${c.riskKind}'`) : [],
  ).join(' ');
}
