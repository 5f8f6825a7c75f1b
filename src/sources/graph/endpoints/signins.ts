/**
 * Sign-ins, one endpoint per kind. v1.0 lists interactive user sign-ins only and has no signInEventTypes; the beta
 * endpoint returns every kind when asked with signInEventTypes/any(...) (reference/graph_api_limits_permissions.md).
 * Newest first, at most 1,000 per page. Needs Entra ID P1 or P2: without it Graph answers 403 "Neither tenant is
 * B2C or tenant doesn't have premium license".
 */
import { signInEventType } from '../odata.js';
import { field, type LogEndpoint } from './types.js';

const KINDS = [
  ['interactiveUser', 'interactive sign-ins'],
  ['nonInteractiveUser', 'non-interactive sign-ins'],
  ['servicePrincipal', 'service principal sign-ins'],
  ['managedIdentity', 'managed identity sign-ins'],
] as const;

export type SignInKind = (typeof KINDS)[number][0];

function signInsOf(kind: SignInKind, title: string): LogEndpoint {
  return {
    name: `signIns/${kind}`,
    title,
    path: '/beta/auditLogs/signIns',
    budget: 'reports',
    target: 'events',
    timeField: 'createdDateTime',
    filter: signInEventType(kind),
    top: 1000,
    // The signIn list has needed Directory.Read.All beside AuditLog.Read.All (a known issue in older docs).
    permissions: ['AuditLog.Read.All', 'Directory.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2',
    optional: false,
    timeOf: (r) => field(r, 'createdDateTime'),
  };
}

export const SIGN_IN_ENDPOINTS: readonly LogEndpoint[] = KINDS.map(([kind, title]) => signInsOf(kind, title));
