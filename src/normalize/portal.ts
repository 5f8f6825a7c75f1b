import type { RecordMapper } from '../core/mapper.js';
import { type AuditFields, auditColumns, auditRejectReason } from './audit-columns.js';
import { type SigninFields, signinColumns, signinRejectReason } from './signin-columns.js';
import { str } from './sql.js';

/**
 * Entra admin center "Download" CSV files (reference/portal_csv_headers.md). The CSV reader lower-cases the
 * headers, trims them ("Application ID " has a trailing space), collapses whitespace ("Autonomous system  number")
 * and merges duplicated names ("Incoming token type" appears twice), so one mapper reads every vintage.
 * Sign-in files do not say which tab they came from: the file name does (InteractiveSignIns_…,
 * NonInteractiveSignIns_…, ApplicationSignIns_…, MSISignIns_…), passed in as `file_hint`.
 */
const V = 'VARCHAR';
const col = (name: string) => `j."${name}"`;

const SIGNIN_KEYS = [
  'date (utc)',
  'request id',
  'user agent',
  'correlation id',
  'user id',
  'user',
  'username',
  'user type',
  'incoming token type',
  'authentication protocol',
  'unique token identifier',
  'original transfer method',
  'application',
  'application id',
  'resource',
  'resource id',
  'resource tenant id',
  'home tenant id',
  'ip address',
  'location',
  'status',
  'sign-in error code',
  'failure reason',
  'client app',
  'device id',
  'browser',
  'operating system',
  'compliant',
  'managed',
  'join type',
  'authentication requirement',
  'session id',
  'autonomous system number',
  'conditional access',
  'managed identity type',
  'service principal id',
  'service principal name',
  'interactive',
  'risk state',
  'risk level (aggregate)',
  'risk level (sign-in)',
];

/** "City, State, CC" (reference/portal_csv_headers.md); a part may be missing, the country code comes last. */
const locationPart = (part: 'city' | 'state' | 'country'): string => {
  const parts = `string_split(${str(col('location'))}, ',')`;
  const n = `len(${parts})`;
  const at = (i: string) => `nullif(trim(${parts}[${i}]), '')`;
  if (part === 'country') return at(n);
  if (part === 'city') return `CASE WHEN ${n} >= 2 THEN ${at('1')} END`;
  return `CASE WHEN ${n} >= 3 THEN ${at('2')} END`;
};

const eventType = `coalesce(file_hint,
  CASE WHEN ${str(col('managed identity type'))} IS NOT NULL THEN 'managedIdentity'
       WHEN ${str(col('service principal id'))} IS NOT NULL AND ${str(col('user id'))} IS NULL THEN 'servicePrincipal'
       WHEN lower(${str(col('interactive'))}) = 'false' THEN 'nonInteractiveUser'
       ELSE 'interactiveUser' END)`;

/** The portal writes words where Graph writes identifiers ("Not Applied", "Single-factor authentication"). */
const caStatus = `CASE replace(lower(${str(col('conditional access'))}), ' ', '')
  WHEN 'notapplied' THEN 'notApplied' WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure'
  ELSE ${str(col('conditional access'))} END`;
const authRequirement = `CASE WHEN lower(${str(col('authentication requirement'))}) LIKE 'single%' THEN 'singleFactorAuthentication'
  WHEN lower(${str(col('authentication requirement'))}) LIKE 'multi%' THEN 'multiFactorAuthentication'
  ELSE ${str(col('authentication requirement'))} END`;

const signin: SigninFields = {
  id: col('request id'),
  createdDateTime: col('date (utc)'),
  eventType,
  userPrincipalName: col('username'),
  userDisplayName: col('user'),
  userId: col('user id'),
  userType: col('user type'),
  appId: col('application id'),
  appDisplayName: col('application'),
  resourceId: col('resource id'),
  resourceDisplayName: col('resource'),
  servicePrincipalId: col('service principal id'),
  servicePrincipalName: col('service principal name'),
  ipAddress: col('ip address'),
  country: locationPart('country'),
  state: locationPart('state'),
  city: locationPart('city'),
  asn: col('autonomous system number'),
  clientAppUsed: col('client app'),
  userAgent: col('user agent'),
  // Status is Success / Failure / Interrupted; a success row may leave the error code blank.
  errorCode: `coalesce(${str(col('sign-in error code'))}, CASE lower(${str(col('status'))}) WHEN 'success' THEN '0' END)`,
  failureReason: col('failure reason'),
  conditionalAccessStatus: caStatus,
  authenticationRequirement: authRequirement,
  authenticationProtocol: col('authentication protocol'),
  incomingTokenType: col('incoming token type'),
  originalTransferMethod: col('original transfer method'),
  isInteractive: col('interactive'),
  correlationId: col('correlation id'),
  sessionId: col('session id'),
  uniqueTokenIdentifier: col('unique token identifier'),
  deviceId: col('device id'),
  deviceOs: col('operating system'),
  deviceBrowser: col('browser'),
  deviceTrustType: col('join type'),
  deviceIsCompliant: col('compliant'),
  deviceIsManaged: col('managed'),
  riskLevelDuringSignIn: col('risk level (sign-in)'),
  riskLevelAggregated: col('risk level (aggregate)'),
  riskState: col('risk state'),
  homeTenantId: col('home tenant id'),
  resourceTenantId: col('resource tenant id'),
};

// The audit download truncates: 3 targets, 5 modified properties each, 6 additional details.
const TARGETS = [1, 2, 3];
const PROPS = [1, 2, 3, 4, 5];
const DETAILS = [1, 2, 3, 4, 5, 6];
const AUDIT_KEYS = [
  'date (utc)',
  'date',
  'correlationid',
  'service',
  'category',
  'activity',
  'result',
  'resultreason',
  'user agent',
  'useragent',
  'actortype',
  'actordisplayname',
  'actorobjectid',
  'actoruserprincipalname',
  'ipaddress',
  'actorserviceprincipalid',
  'actorserviceprincipalname',
  ...TARGETS.flatMap((t) => [
    `target${t}type`,
    `target${t}displayname`,
    `target${t}objectid`,
    `target${t}userprincipalname`,
    ...PROPS.flatMap((p) => ['name', 'oldvalue', 'newvalue'].map((f) => `target${t}modifiedproperty${p}${f}`)),
  ]),
  ...DETAILS.flatMap((d) => [`additionaldetail${d}key`, `additionaldetail${d}value`]),
];

const s = (name: string) => str(col(name));
const isApp = `lower(${s('actortype')}) IN ('app', 'application', 'serviceprincipal')`;
const initiatedBy = `CAST(json_object(
  'user', CASE WHEN NOT coalesce(${isApp}, false) AND coalesce(${s('actoruserprincipalname')}, ${s('actorobjectid')}) IS NOT NULL THEN json_object(
    'id', ${s('actorobjectid')}, 'userPrincipalName', ${s('actoruserprincipalname')}, 'displayName', ${s('actordisplayname')}, 'ipAddress', ${s('ipaddress')}) END,
  'app', CASE WHEN coalesce(${isApp}, false) THEN json_object(
    'servicePrincipalId', coalesce(${s('actorserviceprincipalid')}, ${s('actorobjectid')}), 'displayName', coalesce(${s('actorserviceprincipalname')}, ${s('actordisplayname')})) END
) AS VARCHAR)`;

function target(t: number): string {
  const props = PROPS.map(
    (
      p,
    ) => `CASE WHEN ${s(`target${t}modifiedproperty${p}name`)} IS NOT NULL THEN json_object('displayName', ${s(`target${t}modifiedproperty${p}name`)},
      'oldValue', ${s(`target${t}modifiedproperty${p}oldvalue`)}, 'newValue', ${s(`target${t}modifiedproperty${p}newvalue`)}) END`,
  );
  const any = ['type', 'displayname', 'objectid', 'userprincipalname'].map((f) => s(`target${t}${f}`)).join(', ');
  return `CASE WHEN coalesce(${any}) IS NOT NULL THEN json_object('id', ${s(`target${t}objectid`)}, 'type', ${s(`target${t}type`)},
    'displayName', ${s(`target${t}displayname`)}, 'userPrincipalName', ${s(`target${t}userprincipalname`)},
    'modifiedProperties', to_json(list_filter([${props.join(', ')}], lambda x: x IS NOT NULL))) END`;
}
const targetResources = `CAST(to_json(list_filter([${TARGETS.map(target).join(', ')}], lambda x: x IS NOT NULL)) AS VARCHAR)`;
const userAgent = `coalesce(${s('user agent')}, ${s('useragent')})`;
const details = [
  `CASE WHEN ${userAgent} IS NOT NULL THEN json_object('key', 'User-Agent', 'value', ${userAgent}) END`,
  ...DETAILS.map(
    (d) =>
      `CASE WHEN ${s(`additionaldetail${d}key`)} IS NOT NULL THEN json_object('key', ${s(`additionaldetail${d}key`)}, 'value', ${s(`additionaldetail${d}value`)}) END`,
  ),
];
// Built once per row (derived columns): the audit builder reads each of them several times.
const AUDIT_DERIVED = {
  portal_initiated_by: initiatedBy,
  portal_targets: targetResources,
  portal_details: `CAST(to_json(list_filter([${details.join(', ')}], lambda x: x IS NOT NULL)) AS VARCHAR)`,
};
const audit: AuditFields = {
  id: 'NULL',
  activityDateTime: `coalesce(${s('date (utc)')}, ${s('date')})`,
  activityDisplayName: col('activity'),
  category: col('category'),
  loggedByService: col('service'),
  result: col('result'),
  resultReason: col('resultreason'),
  correlationId: col('correlationid'),
  initiatedBy: 'portal_initiated_by',
  targetResources: 'portal_targets',
  additionalDetails: 'portal_details',
};

const varchars = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, V]));

/** Portal sign-in downloads (interactive, non-interactive, application, managed identity tabs). */
export const PORTAL_SIGNIN: RecordMapper = {
  name: 'portal-signin',
  table: 'signins',
  structure: varchars([...SIGNIN_KEYS, 'activity']),
  route: `${col('request id')} IS NOT NULL`,
  sourceId: str(col('request id')),
  columns: signinColumns(signin),
  rejectReason: signinRejectReason(signin, 'Date (UTC)', true),
};

/** Portal audit-log downloads: no record id in the file, so the uid is the hash of the row. */
export const PORTAL_AUDIT: RecordMapper = {
  name: 'portal-audit',
  table: 'audits',
  structure: varchars([...AUDIT_KEYS, 'request id']),
  route: `${col('request id')} IS NULL AND ${col('activity')} IS NOT NULL`,
  derived: AUDIT_DERIVED,
  sourceId: 'NULL',
  columns: auditColumns(audit),
  rejectReason: auditRejectReason(audit, 'Date (UTC)', true),
};
