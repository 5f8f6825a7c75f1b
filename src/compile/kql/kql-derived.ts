import type { RuleTable } from '../../rules/rule-tables.js';
import { INTERRUPT_CODES } from '../duckdb-derived.js';

/** A canonical column's KQL expression in the Sentinel table being projected. */
type Col = (name: string) => string;

/** Text that is empty when the value is: KQL's strcat has no concat_ws that skips missing parts. */
const part = (sep: string, expr: string): string =>
  `iff(isempty(${expr}), "", strcat(${JSON.stringify(sep)}, ${expr}))`;

/** The policy JSON of a Conditional Access update, before (oldValue) or after (newValue), as text. */
const caPolicy = (c: Col, side: string): string =>
  `tostring(parse_json(${c('target_resources')})[0].modifiedProperties[0].${side})`;

/** Every id in the policy's excludeUsers and excludeGroups lists (a set: KQL's set_difference is distinct). */
const caExclusions = (c: Col, side: string): string => {
  const ids = (key: string) =>
    `coalesce(extract_all(@'"([^"]+)"', extract(@'"${key}"\\s*:\\s*\\[([^\\]]*)\\]', 1, ${caPolicy(c, side)})), dynamic([]))`;
  return `array_concat(${ids('excludeUsers')}, ${ids('excludeGroups')})`;
};

const caClientApps = (c: Col, side: string): string =>
  `extract(@'"clientAppTypes"\\s*:\\s*(\\[[^\\]]*\\])', 1, ${caPolicy(c, side)})`;

/**
 * The derived columns of src/rules/derived-columns.ts in KQL, over canonical columns (so each Sentinel table's
 * projection supplies them); the meaning and the reasons are those of the DuckDB definitions (duckdb-derived.ts).
 */
export const KQL_DERIVED: Partial<Record<RuleTable, Record<string, (c: Col) => string>>> = {
  signins: {
    '@signin_status': (c) =>
      `iff(${c('error_code')} == 0, "Success", strcat(iff(${c('error_code')} in (${INTERRUPT_CODES.join(', ')}), "Interrupted", "Failure"), ${part('; ', c('failure_reason'))}, ${part('; ', c('additional_details'))}))`,
    '@protocol_label': (c) => {
      const p = c('authentication_protocol');
      return `case(tolower(${p}) == "devicecode", "Device Code", tolower(${p}) == "ropc", "ROPC", tolower(${p}) == "saml20", "SAML 2.0", tolower(${p}) == "wsfederation", "WS-Federation", ${p})`;
    },
    '@activity_details': () => '"Sign-ins"',
    '@device_key': (c) => {
      const agent = c('user_agent');
      const os = c('device_os');
      return `coalesce(${c('device_id')}, iff(isempty(${agent}), ${os}, strcat(${agent}, ${part(' / ', os)})))`;
    },
  },
  audits: {
    '@ca_exclusions_added': (c) =>
      `array_length(set_difference(${caExclusions(c, 'newValue')}, ${caExclusions(c, 'oldValue')}))`,
    '@ca_client_apps_narrowed': (c) =>
      `iff(${caClientApps(c, 'oldValue')} contains_cs '"all"' and isnotempty(${caClientApps(c, 'newValue')}) and ${caClientApps(c, 'newValue')} !contains_cs '"all"', "true", "false")`,
    '@initiator': (c) =>
      `coalesce(${c('initiator_upn')}, ${c('initiator_sp_id')}, ${c('initiator_app_id')}, ${c('initiator_display_name')})`,
  },
  graph_activity: {
    // The token's uti looked up in the sign-in tables Sentinel keeps; the collection-health condition of the DuckDB
    // definition is left out (docs/rules.md).
    '@token_without_sign_in': (c) =>
      `iff(isnotempty(${c('sign_in_activity_id')}) and isnotempty(${c('user_id')}) and ${c('sign_in_activity_id')} !in ((union SigninLogs, AADNonInteractiveUserSignInLogs | project UniqueTokenIdentifier)), "true", "false")`,
  },
  activities: {
    // Sentinel holds no configuration snapshot: every forwarding address counts as external there (docs/rules.md).
    '@forwarding_to_accepted_domain': () => '"false"',
  },
};
