import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRuleTests } from '../rules/rule-test-cases.js';
import { runRuleTests } from './rule-tests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-rules-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const RULE = `title: Legacy sign-in
name: legacy
logsource: {product: premortem, service: signins}
detection:
  s: {client_app: [IMAP4, POP3]}
  condition: s
level: medium
`;

describe('runRuleTests', () => {
  it('passes matching expectations and fails wrong ones, saying why', async () => {
    writeFileSync(join(dir, 'legacy.yml'), RULE);
    writeFileSync(
      join(dir, 'legacy.tests.yml'),
      `cases:
  - name: two IMAP sign-ins
    expect: {alerts: 2, entities: {users: [a@contoso.com]}}
    signins:
      - {created_at: 2025-01-01T00:00:00Z, client_app: IMAP4, user_principal_name: a@contoso.com}
      - {created_at: 2025-01-01T00:01:00Z, client_app: imap4, user_principal_name: b@contoso.com}
  - name: wrong on purpose
    expect: {alerts: 0, entities: {ips: [192.0.2.1]}, summary: [nothing like this]}
    signins:
      - {created_at: 2025-01-01T00:00:00Z, client_app: POP3, user_principal_name: a@contoso.com}
`,
    );
    const out = await runRuleTests(dir);
    expect(out.passed).toBe(1);
    expect(out.failed).toBe(1);
    expect(out.results[1]?.problems).toEqual([
      'expected 0 alert(s), got 1',
      'entities.ips lacks 192.0.2.1 (has none)',
      'no alert summary mentions "nothing like this"',
    ]);
  });

  it('runs cases over Microsoft Graph activity rows (graph_activity)', async () => {
    writeFileSync(
      join(dir, 'reset.yml'),
      `title: Password reset through Graph
name: graph-reset
logsource: {product: azure, service: microsoftgraphactivitylogs}
detection:
  s: {RequestMethod: POST, RequestUri|endswith: /resetPassword}
  condition: s
level: high
`,
    );
    writeFileSync(
      join(dir, 'reset.tests.yml'),
      `cases:
  - name: one reset among reads
    expect: {alerts: 1, entities: {ips: [203.0.113.57]}}
    graph_activity:
      - {requested_at: 2025-01-01T00:00:00Z, request_method: POST, request_uri: "https://graph.microsoft.com/v1.0/users/a/authentication/passwordMethods/x/resetPassword", ip_address: 203.0.113.57}
      - {requested_at: 2025-01-01T00:01:00Z, request_method: GET, request_uri: "https://graph.microsoft.com/v1.0/users", ip_address: 203.0.113.57}
`,
    );
    const out = await runRuleTests(dir);
    expect(out.results.map((r) => r.problems)).toEqual([[]]);
    expect(out.passed).toBe(1);
  });

  it('a rule that does not load is a failed result, not a skipped one', async () => {
    writeFileSync(
      join(dir, 'broken.yml'),
      'title: Broken\nlogsource: {product: premortem, service: signins}\ndetection: {s: {a|nope: 1}, condition: s}\n',
    );
    const out = await runRuleTests(dir);
    expect(out.failed).toBe(1);
    expect(out.results[0]?.problems[0]).toMatch(/unknown modifier \|nope/);
  });

  it('a test case naming no loaded rule fails', async () => {
    writeFileSync(join(dir, 'legacy.yml'), RULE);
    writeFileSync(join(dir, 'legacy.tests.yml'), 'rule: nope\ncases:\n  - {name: x, expect: {alerts: 0}}\n');
    const out = await runRuleTests(dir);
    expect(out.results[0]?.problems).toEqual(['no loaded rule is named nope']);
  });
});

describe('parseRuleTests', () => {
  it('expands generators: {i} is 1-based, lists cycle, times step from start', () => {
    const { cases, errors } = parseRuleTests(
      `cases:
  - name: g
    expect: {alerts: 0}
    signins:
      - repeat: 3
        start: 2025-01-01T00:00:00Z
        every: 90s
        template: {ip_address: 192.0.2.1}
        vary: {user_principal_name: "u{i}@x", error_code: [1, 2]}
    audits:
      - {activity_at: 2025-01-01T00:00:00Z, activity: Add member to role.}
`,
      't.tests.yml',
    );
    expect(errors).toEqual([]);
    expect(cases[0]?.rows.signins).toEqual([
      { ip_address: '192.0.2.1', user_principal_name: 'u1@x', error_code: 1, created_at: '2025-01-01T00:00:00.000Z' },
      { ip_address: '192.0.2.1', user_principal_name: 'u2@x', error_code: 2, created_at: '2025-01-01T00:01:30.000Z' },
      { ip_address: '192.0.2.1', user_principal_name: 'u3@x', error_code: 1, created_at: '2025-01-01T00:03:00.000Z' },
    ]);
    expect(cases[0]?.rows.audits[0]?.activity_key).toBe('add member to role');
  });

  it('an unknown column is an error with its line', () => {
    const { errors } = parseRuleTests(
      'cases:\n  - name: g\n    expect: {alerts: 0}\n    signins:\n      - {created_at: 2025-01-01T00:00:00Z, ipaddress: 1.2.3.4}\n',
      't.tests.yml',
    );
    expect(errors[0]?.message).toBe('signins has no column "ipaddress" (see src/core/event-model.ts)');
    expect(errors[0]?.source).toMatchObject({ file: 't.tests.yml', line: 5, field: 'ipaddress' });
  });
});
