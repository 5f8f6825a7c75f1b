import { describe, expect, it } from 'vitest';
import { PremortemError } from '../core/errors.js';
import { formatPredicate } from './ast/format-predicate.js';
import { builtinPipelinesDir } from './content.js';
import { loadRulesFromText } from './loader.js';
import type { DetectionRule } from './model.js';
import { loadPipelines, PipelineSet, parsePipeline } from './pipeline.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

function rule(logsource: string, detection: string): DetectionRule {
  const { rules } = loadRulesFromText(`title: T\nlogsource: ${logsource}\ndetection:\n${detection}`, 'r.yml');
  return rules.rules[0] as DetectionRule;
}

function mapped(logsource: string, detection: string): { table: string; predicate: string } {
  const m = pipelines.apply(rule(logsource, detection));
  return { table: m.table, predicate: formatPredicate(m.predicate) };
}

const SIGNINS = '{product: azure, service: signinlogs}';
const AUDITS = '{product: azure, service: auditlogs}';

describe('logsource to table', () => {
  it.each([
    [SIGNINS, 'signins'],
    ['{product: Azure, service: SignInLogs}', 'signins'],
    [AUDITS, 'audits'],
    ['{product: premortem, service: signins}', 'signins'],
    ['{product: premortem, service: audits}', 'audits'],
  ])('%s -> %s', (ls, table) => {
    expect(
      mapped(
        ls,
        '  s: {error_code: 0}\n  condition: s\n'.replace('error_code', table === 'audits' ? 'result' : 'error_code'),
      ).table,
    ).toBe(table);
  });

  it('an unmapped logsource is rule-unsupported, naming the logsource', () => {
    const r = rule('{product: windows, service: security}', '  s: {EventID: 4625}\n  condition: s\n');
    expect(() => pipelines.apply(r)).toThrow(/no pipeline maps logsource \{product: windows, service: security\}/);
  });
});

describe('field names', () => {
  it.each([
    // Quoted in the rule, so still text here: the compiler compares it as a number on the INTEGER column.
    ['ResultType', '50126', 'error_code = "50126"'],
    ['Status.errorCode', '50126', 'error_code = "50126"'],
    ['status.errorCode', '50126', 'error_code = "50126"'],
    ['properties.status.errorCode', '50126', 'error_code = "50126"'],
    ['resultType', '50126', 'error_code = "50126"'],
    ['IPAddress', '1.2.3.4', 'ip_address = "1.2.3.4"'],
    ['ipAddress', '1.2.3.4', 'ip_address = "1.2.3.4"'],
    ['UserPrincipalName', 'a@b', 'user_principal_name = "a@b"'],
    ['ClientAppUsed', 'IMAP4', 'client_app = "IMAP4"'],
    ['AppDisplayName', 'Teams', 'app_display_name = "Teams"'],
    ['user_agent', 'curl*', 'user_agent = "curl*"'],
  ])('signins %s', (field, value, expected) => {
    expect(mapped(SIGNINS, `  s: {'${field}': '${value}'}\n  condition: s\n`).predicate).toBe(expected);
  });

  it.each([
    ['OperationName', 'Add member to role.', 'activity_key = "add member to role"'],
    [
      'ActivityDisplayName',
      'Update application \u2013 Certificates and secrets management ',
      'activity_key = "update application - certificates and secrets management"',
    ],
    ['activity', 'Add Member*', 'activity_key = "add member*"'],
    ['LoggedByService', 'Core Directory', 'logged_by_service = "Core Directory"'],
    ['Category', 'RoleManagement', 'category = "RoleManagement"'],
    ['Result', 'success', 'result = "success"'],
    ['TargetResources', '*Admin*', 'target_resources = "*Admin*"'],
  ])('audits %s', (field, value, expected) => {
    expect(mapped(AUDITS, `  s: {'${field}': '${value}'}\n  condition: s\n`).predicate).toBe(expected);
  });

  it('a field mapped to several columns becomes an OR', () => {
    expect(mapped(AUDITS, "  s: {'InitiatedBy|contains': 'evil'}\n  condition: s\n").predicate).toBe(
      '(initiator_upn = "*evil*" OR initiator_display_name = "*evil*" OR initiator_ip = "*evil*" OR initiator_app_id = "*evil*" OR initiator_sp_id = "*evil*" OR initiator_user_id = "*evil*")',
    );
  });

  it('keywords search the pipeline keyword columns', () => {
    expect(mapped(SIGNINS, '  k: [python-requests]\n  condition: k\n').predicate).toBe(
      '(user_principal_name = "*python-requests*" OR user_display_name = "*python-requests*" OR app_display_name = "*python-requests*" OR ip_address = "*python-requests*" OR client_app = "*python-requests*" OR user_agent = "*python-requests*" OR failure_reason = "*python-requests*")',
    );
  });

  it('a field with no mapping is rule-unsupported naming the field and the rule', () => {
    const r = rule(SIGNINS, "  s: {'properties.NetworkLocationDetails': '[]'}\n  condition: s\n");
    let err: unknown;
    try {
      pipelines.apply(r);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PremortemError);
    expect(err).toMatchObject({
      code: 'rule-unsupported',
      source: { field: 'properties.NetworkLocationDetails', rule: 'T', file: 'r.yml', line: 4 },
    });
  });

  it('group-by fields need exactly one column', () => {
    const r = rule(AUDITS, '  s: {Result: success}\n  condition: s\n');
    expect(pipelines.column(r, 'IPAddress'.replace('IPAddress', 'InitiatedBy.user.ipAddress'))).toBe('initiator_ip');
    expect(() => pipelines.column(r, 'InitiatedBy')).toThrow(/maps to several columns/);
  });
});

describe('pipeline files', () => {
  it('rejects a mapping to a column the event model lacks', () => {
    const text = 'name: p\nlogsources: [{product: x, table: signins}]\nfields:\n  signins:\n    Foo: no_such_column\n';
    expect(() => parsePipeline(text, 'p.yaml')).toThrow(
      /Foo maps to signins.no_such_column, which is not a canonical, derived or JSON column/,
    );
  });

  it('rejects names listed twice in different case', () => {
    const text = 'name: p\nlogsources: []\nfields:\n  signins:\n    Foo: ip_address\n    foo: city\n';
    expect(() => parsePipeline(text, 'p.yaml')).toThrow(/listed twice/);
  });
});

describe('pipelines beyond sign-ins and audits', () => {
  it('maps M365 logsources to activities, with alert names read from AuditData', () => {
    const m = mapped(
      '{product: m365, service: threat_management}',
      '  s: {eventSource: SecurityComplianceCenter, eventName: Suspicious inbox forwarding}\n  condition: s\n',
    );
    expect(m.table).toBe('activities');
    expect(m.predicate).toBe(
      '(workload = "SecurityComplianceCenter" AND (operation = "Suspicious inbox forwarding" OR audit_data#Name = "Suspicious inbox forwarding"))',
    );
  });

  it('maps risk detections and PIM alerts to their views', () => {
    expect(
      mapped('{product: azure, service: riskdetection}', '  s: {riskEventType: leakedCredentials}\n  condition: s\n'),
    ).toEqual({
      table: 'risk_detections',
      predicate: 'risk_event_type = "leakedCredentials"',
    });
    expect(
      mapped('{product: azure, service: pim}', '  s: {riskEventType: staleSignInAlertIncident}\n  condition: s\n')
        .table,
    ).toBe('pim_alerts');
  });

  it('maps the Azure Activity log to its table, under its diagnostic and Log Analytics field names', () => {
    const diag = mapped('{product: azure, service: activitylogs}', '  s: {operationName: X}\n  condition: s\n');
    expect(diag).toEqual({ table: 'azure_activity', predicate: 'operation_name = "X"' });
    const la = mapped('{product: azure, service: activitylogs}', '  s: {OperationNameValue: X}\n  condition: s\n');
    expect(la).toEqual(diag);
  });

  it("maps the portal's sign-in Status to the derived status", () => {
    expect(mapped(SIGNINS, '  s: {Status: Success}\n  condition: s\n').predicate).toBe('@signin_status = "Success"');
  });

  it('finds a value inside JSON text written once or escaped again (json-text)', () => {
    expect(
      mapped(
        AUDITS,
        "  s: {'TargetResources.modifiedProperties.displayName': StrongAuthenticationRequirement}\n  condition: s\n",
      ).predicate,
    ).toBe(
      '(target_resources = "*"StrongAuthenticationRequirement"*" OR target_resources = "*\\\\"StrongAuthenticationRequirement\\\\"*")',
    );
  });
});
