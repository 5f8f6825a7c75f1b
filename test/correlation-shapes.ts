/** Three base rules that the correlation shapes below reference: compile tests for every target share them. */
export const BASES = `
title: Failed sign-in
name: failed
logsource: {product: azure, service: signinlogs}
detection:
  s: {ResultType: [50126, 50053]}
  condition: s
---
title: Successful sign-in
name: ok
logsource: {product: azure, service: signinlogs}
detection:
  s: {ResultType: 0}
  condition: s
---
title: Role added
name: role
logsource: {product: azure, service: auditlogs}
detection:
  s: {OperationName: Add member to role}
  condition: s
`;

/** Test correlations over the bases above, one per shape the SQL compiler produces (the KQL tests add new_value). */
export const CORRELATIONS: Record<string, string> = {
  'event-count':
    'correlation: {type: event_count, rules: [failed], group-by: [UserPrincipalName], timespan: 10m, condition: {gte: 20}}',
  'event-count-no-group':
    'correlation: {type: event_count, rules: [failed, ok], timespan: 5m, condition: {gt: 100, lte: 200}}',
  'value-count':
    'correlation: {type: value_count, rules: [failed], group-by: [IPAddress, AppDisplayName], timespan: 1h, condition: {gte: 10, field: UserPrincipalName}}',
  temporal:
    'correlation:\n  type: temporal\n  rules: [ok, role]\n  group-by: [user]\n  timespan: 2h\n  aliases:\n    user: {ok: UserPrincipalName, role: InitiatedBy.user.userPrincipalName}',
  'temporal-condition':
    'correlation: {type: temporal, rules: [failed, ok, role], group-by: [ip], timespan: 1h, condition: {gte: 2}, aliases: {ip: {failed: IPAddress, ok: IPAddress, role: InitiatedBy.user.ipAddress}}}',
  'temporal-ordered':
    'correlation: {type: temporal_ordered, rules: [failed, ok, role], group-by: [ip], timespan: 1d, aliases: {ip: {failed: IPAddress, ok: IPAddress, role: InitiatedBy.user.ipAddress}}}',
};
