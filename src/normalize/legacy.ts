import type { RecordMapper } from '../core/mapper.js';
import { type AuditFields, auditColumns, auditRejectReason } from './audit-columns.js';
import { GRAPH_AUDIT_SHAPE, GRAPH_SIGNIN_SHAPE, graphAuditFields, graphSigninFields } from './graph.js';
import { signinColumns, signinRejectReason } from './signin-columns.js';
import { str } from './sql.js';

/**
 * AzureADPreview objects written by ConvertTo-Json (Extractor-Suite's Get-EntraSignInLogs / Get-ADSignInLogs
 * before v4.0.0, Hawk's Graph SDK JSON): Graph's fields in PascalCase (CreatedDateTime, Status.ErrorCode,
 * InitiatedBy.User.UserPrincipalName), per reference/collectors_output_formats.md. DuckDB resolves struct
 * fields case-insensitively, so the Graph mapping reads the PascalCase structure as it is; nested objects kept as
 * JSON text get their keys renamed to Graph's camelCase so the shared audit builder reads them.
 */
const pascal = (shape: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [
      k.charAt(0).toUpperCase() + k.slice(1),
      typeof v === 'object' && v !== null ? pascal(v as Record<string, unknown>) : v,
    ]),
  );

const NESTED_KEYS = [
  'Id',
  'DisplayName',
  'UserPrincipalName',
  'IpAddress',
  'AppId',
  'ServicePrincipalId',
  'ServicePrincipalName',
  'Type',
  'ModifiedProperties',
  'OldValue',
  'NewValue',
  'GroupType',
  'User',
  'App',
  'Key',
  'Value',
];

/** PascalCase keys of a nested object (JSON text) → Graph's camelCase, for the keys the mappers read. */
function camelKeys(e: string): string {
  let out = `CAST(${e} AS VARCHAR)`;
  for (const k of NESTED_KEYS) {
    out = `replace(${out}, '"${k}":', '"${k.charAt(0).toLowerCase()}${k.slice(1)}":')`;
  }
  return out;
}

const signin = graphSigninFields('j');
const graphAudit = graphAuditFields('j');
const audit: AuditFields = {
  ...graphAudit,
  initiatedBy: camelKeys('j.InitiatedBy'),
  targetResources: camelKeys('j.TargetResources'),
  additionalDetails: camelKeys('j.AdditionalDetails'),
};

/** PascalCase sign-ins: CreatedDateTime present, and no ActivityDateTime. */
export const LEGACY_SIGNIN: RecordMapper = {
  name: 'azureadpreview-signin',
  table: 'signins',
  structure: { ...pascal(GRAPH_SIGNIN_SHAPE), ActivityDateTime: 'VARCHAR' },
  route: 'j.ActivityDateTime IS NULL AND j.CreatedDateTime IS NOT NULL',
  sourceId: str('j.Id'),
  columns: signinColumns(signin),
  rejectReason: signinRejectReason(signin, 'CreatedDateTime', true),
};

/** PascalCase directory audits. */
export const LEGACY_AUDIT: RecordMapper = {
  name: 'azureadpreview-audit',
  table: 'audits',
  structure: pascal(GRAPH_AUDIT_SHAPE),
  route: 'j.ActivityDateTime IS NOT NULL',
  sourceId: str('j.Id'),
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'ActivityDateTime', true),
};
