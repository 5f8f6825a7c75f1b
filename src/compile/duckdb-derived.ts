import type { RuleTable } from '../rules/rule-tables.js';

/**
 * Sign-in codes the Entra portal shows as "Interrupted" rather than "Failure": the sign-in stopped to ask for more
 * (MFA, keep-me-signed-in, password change), it was not refused (reference/signin_error_codes.md).
 */
export const INTERRUPT_CODES = [50055, 50072, 50074, 50076, 50079, 50097, 50125, 50140, 50158, 50199];

/**
 * The derived columns of src/rules/derived-columns.ts as DuckDB SQL over canonical columns, written once here so
 * that pipelines (data) can name them as `@name` and never carry SQL themselves.
 */
export const DUCKDB_DERIVED: Partial<Record<RuleTable, Record<string, string>>> = {
  signins: {
    // The portal's "Status" column (Success / Failure / Interrupted). Log Analytics' Status is the status object,
    // whose text holds the failure reason and additional details ("MFA denied; ..."): failures carry both.
    '@signin_status': `(CASE WHEN error_code = 0 THEN 'Success' ELSE concat_ws('; ', CASE WHEN error_code IN (${INTERRUPT_CODES.join(', ')}) THEN 'Interrupted' ELSE 'Failure' END, failure_reason, additional_details) END)`,
    // SigmaHQ's device-code and ROPC rules test properties.message for "Device Code" / "ROPC": the protocol as
    // the portal labels it. authenticationProtocol is the Graph value behind that label.
    '@protocol_label': `(CASE lower(authentication_protocol) WHEN 'devicecode' THEN 'Device Code' WHEN 'ropc' THEN 'ROPC' WHEN 'saml20' THEN 'SAML 2.0' WHEN 'wsfederation' THEN 'WS-Federation' ELSE authentication_protocol END)`,
    // Log Analytics' ActivityDetails names the log a row came from; every sign-in row is "Sign-ins".
    '@activity_details': `'Sign-ins'`,
    // A device as far as sign-ins can tell: its Entra device id, else the client's user agent and OS (unregistered
    // phones syncing mail over Exchange ActiveSync carry no device id).
    '@device_key': `coalesce(nullif(device_id, ''), nullif(concat_ws(' / ', nullif(user_agent, ''), nullif(device_os, '')), ''))`,
  },
  audits: {
    // Conditional Access updates carry the whole policy before and after as JSON (a string inside
    // targetResources[0].modifiedProperties[0]). Sigma cannot compare two lists, so the comparisons are written once
    // here: how many users or groups the new policy excludes that the old one did not (the seed-000 rollback added
    // one executive to a policy that already excluded the break-glass accounts), and whether the policy stopped
    // applying to all client apps (narrowed to browser and modern clients, so legacy protocols escape it).
    '@ca_exclusions_added': `len(list_filter(${caExclusions('newValue')}, lambda x: NOT list_contains(${caExclusions('oldValue')}, x)))`,
    '@ca_client_apps_narrowed': `(CASE WHEN ${caClientApps('oldValue')} LIKE '%"all"%' AND ${caClientApps('newValue')} IS NOT NULL AND ${caClientApps('newValue')} NOT LIKE '%"all"%' THEN 'true' ELSE 'false' END)`,
    // Who acted, whether a person or an application: correlations group on one value.
    '@initiator': `coalesce(nullif(initiator_upn, ''), nullif(initiator_sp_id, ''), nullif(initiator_app_id, ''), nullif(initiator_display_name, ''))`,
  },
  graph_activity: {
    // Storm-0558's mark: a token that no sign-in issued. Judged only for delegated tokens (a user id), and only while
    // sign-in collection demonstrably covered the token's issue time: sign-ins carrying token identifiers within six
    // hours before and six hours after it. Without that, a gap in collection would look like forged tokens.
    '@token_without_sign_in': `(CASE WHEN nullif(sign_in_activity_id, '') IS NULL OR nullif(user_id, '') IS NULL THEN 'false' WHEN EXISTS (SELECT 1 FROM signins issued WHERE issued.unique_token_identifier = sign_in_activity_id) THEN 'false' WHEN EXISTS (SELECT 1 FROM signins before WHERE nullif(before.unique_token_identifier, '') IS NOT NULL AND before.created_at BETWEEN coalesce(token_issued_at, requested_at) - INTERVAL 6 HOUR AND coalesce(token_issued_at, requested_at)) AND EXISTS (SELECT 1 FROM signins after WHERE nullif(after.unique_token_identifier, '') IS NOT NULL AND after.created_at BETWEEN coalesce(token_issued_at, requested_at) AND coalesce(token_issued_at, requested_at) + INTERVAL 6 HOUR) THEN 'true' ELSE 'false' END)`,
  },
  activities: {
    // Forwarding to the tenant's own domains is not exfiltration: the accepted domains are the verified domains of
    // the configuration snapshots in the workspace (collect --config, or import of a snapshot folder). Without a
    // snapshot every address counts as external, so nothing is hidden for lack of configuration.
    '@forwarding_to_accepted_domain': `(CASE WHEN EXISTS (SELECT 1 FROM snapshots accepted WHERE accepted.resource = 'domains' AND json_extract_string(accepted.raw, '$.isVerified') = 'true' AND lower(accepted.object_id) = lower(regexp_extract(parameters, '"Name"\\s*:\\s*"Forwarding(?:Smtp)?Address"\\s*,\\s*"Value"\\s*:\\s*"[^"@]*@([^"]+)"', 1))) THEN 'true' ELSE 'false' END)`,
  },
};

/** The policy JSON of a Conditional Access update, before (oldValue) or after (newValue). */
function caPolicy(side: 'oldValue' | 'newValue'): string {
  return `json_extract_string(target_resources, '$[0].modifiedProperties[0].${side}')`;
}

/** Every id in the policy's excludeUsers and excludeGroups lists, wherever they sit in its JSON. */
function caExclusions(side: 'oldValue' | 'newValue'): string {
  const ids = (key: string) =>
    `regexp_extract_all(coalesce(regexp_extract(${caPolicy(side)}, '"${key}"\\s*:\\s*\\[([^\\]]*)\\]', 1), ''), '"([^"]+)"', 1)`;
  return `list_concat(${ids('excludeUsers')}, ${ids('excludeGroups')})`;
}

/** The policy's clientAppTypes list as JSON text (["all"], ["browser","mobileAppsAndDesktopClients"], …). */
function caClientApps(side: 'oldValue' | 'newValue'): string {
  return `regexp_extract(${caPolicy(side)}, '"clientAppTypes"\\s*:\\s*(\\[[^\\]]*\\])', 1)`;
}
