import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinPipelinesDir, builtinRulesDir } from '../../rules/content.js';
import { loadRules } from '../../rules/loader.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { compileKql } from './compile-kql.js';
import { attackOf, ruleGuid, sentinelRuleYaml } from './sentinel-rule.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const { rules } = loadRules(builtinRulesDir());

function sentinel(name: string): Record<string, unknown> {
  const rule = rules.rules.find((r) => r.meta.name === name);
  if (!rule) throw new Error(`no built-in rule ${name}`);
  return parse(sentinelRuleYaml(compileKql(rule, { ruleSet: rules, pipelines })));
}

describe('Sentinel analytic rules', () => {
  it('ATT&CK tags become tactics and parent techniques', () => {
    expect(
      attackOf(['attack.credential-access', 'attack.t1110.003', 'attack.t1110', 'attack.initial-access', 'cve.x']),
    ).toEqual({
      tactics: ['CredentialAccess', 'InitialAccess'],
      techniques: ['T1110'],
    });
    expect(attackOf(['attack.command-and-control', 'attack.not-a-tactic']).tactics).toEqual(['CommandAndControl']);
  });

  it('a correlation: its window in the query period, entities from its group, severity, connectors', () => {
    const doc = sentinel('password-spray');
    expect(doc).toMatchObject({
      id: 'ae35311f-0975-491a-b324-e0314db2a738',
      name: 'Password spray from one source',
      severity: 'High',
      kind: 'Scheduled',
      queryFrequency: 'PT1H',
      queryPeriod: 'PT2H',
      triggerOperator: 'gt',
      triggerThreshold: 0,
      tactics: ['CredentialAccess'],
      relevantTechniques: ['T1110'],
      entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'ip_address' }] }],
    });
    expect(doc.requiredDataConnectors).toEqual([
      {
        connectorId: 'AzureActiveDirectory',
        dataTypes: [
          'SigninLogs',
          'AADNonInteractiveUserSignInLogs',
          'AADServicePrincipalSignInLogs',
          'AADManagedIdentitySignInLogs',
        ],
      },
    ]);
    expect(String(doc.query)).toContain('make_set_if(v2, isnotempty(v2))');
  });

  it('a window longer than Sentinel allows is cut to 14 days, and the query says so', () => {
    const doc = sentinel('sp-signin-from-spray-ip');
    expect(doc.queryPeriod).toBe('P14D');
    expect(doc.severity).toBe('High');
    expect(String(doc.query)).toContain(
      '// note: its windows reach back 30d 1h before the hour a scheduled run looks at',
    );
  });

  it('a new_value window of 14 days does not fit either: the query says what that costs', () => {
    const doc = sentinel('eas-new-device');
    expect(doc.queryPeriod).toBe('P14D');
    expect(String(doc.query)).toMatch(/\/\/ note: its windows reach back 14d .* finds fewer new values, or none\)/);
  });

  it('a single-event rule maps its account and address', () => {
    const doc = sentinel('legacy-auth-success');
    expect(doc.queryPeriod).toBe('PT1H');
    expect(doc.entityMappings).toEqual([
      { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'user_principal_name' }] },
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'ip_address' }] },
    ]);
  });

  it('ids are GUIDs: the rule id when it is one, else a stable one derived from it', () => {
    expect(ruleGuid('AE35311F-0975-491A-B324-E0314DB2A738')).toBe('ae35311f-0975-491a-b324-e0314db2a738');
    expect(ruleGuid('my-rule')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ruleGuid('my-rule')).toBe(ruleGuid('my-rule'));
    expect(ruleGuid('my-rule')).not.toBe(ruleGuid('my-rule2'));
  });
});
