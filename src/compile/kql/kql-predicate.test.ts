import { describe, expect, it } from 'vitest';
import { builtinPipelinesDir } from '../../rules/content.js';
import { loadRulesFromText } from '../../rules/loader.js';
import type { DetectionRule } from '../../rules/model.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { predicateKql } from './kql-predicate.js';
import { Projection } from './kql-projection.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

/** The where expression for one search on premortem's signins or audits table. */
function kql(search: string, service: 'signins' | 'audits' = 'signins'): string {
  const { rules } = loadRulesFromText(
    `title: T\nlogsource: {product: premortem, service: ${service}}\ndetection:\n  s:\n${search}\n  condition: s\n`,
  );
  const mapped = pipelines.apply(rules.rules[0] as DetectionRule);
  const projection = new Projection(mapped.table, 'T');
  return predicateKql(mapped.predicate, { column: (f) => projection.column(f), rule: 'T' });
}

describe('predicate KQL (per node kind)', () => {
  it.each([
    [
      'text equality, case-insensitive',
      '    user_principal_name: Alice@Contoso.com',
      'user_principal_name =~ "Alice@Contoso.com"',
    ],
    ['|cased', '    user_principal_name|cased: Alice', 'user_principal_name == "Alice"'],
    ['|contains', '    user_agent|contains: curl', 'user_agent contains "curl"'],
    ['|startswith|cased', '    user_agent|cased|startswith: Mozilla', 'user_agent startswith_cs "Mozilla"'],
    ['|endswith', '    user_agent|endswith: bot', 'user_agent endswith "bot"'],
    [
      'inner wildcards become an anchored regex',
      "    user_agent: 'py*50%_?'",
      'user_agent matches regex "(?si)^py.*50%_.$"',
    ],
    ['a number on an integer column', '    error_code: 50126', 'error_code == 50126'],
    ['a list is an or', '    error_code: [0, 50126]', '(error_code == 0 or error_code == 50126)'],
    ['a boolean column', '    is_legacy_auth: true', 'is_legacy_auth == true'],
    ['|gte on text compares numbers', '    risk_level_aggregated|gte: 3', 'todouble(risk_level_aggregated) >= 3'],
    ['null is empty text', '    user_agent: null', 'isempty(user_agent)'],
    ['|exists', '    device_id|exists: true', 'isnotempty(device_id)'],
    [
      '|re keeps the pattern',
      "    user_agent|re: '^python-requests/\\d'",
      'user_agent matches regex "^python-requests/\\\\d"',
    ],
    ['|re|i puts the flag inline', "    user_agent|re|i: '^curl'", 'user_agent matches regex "(?i)^curl"'],
    ['|cidr', '    ip_address|cidr: 10.0.0.0/8', 'ipv4_is_in_range(ip_address, "10.0.0.0/8")'],
    ['a derived column', '    "@signin_status": Success', 'd_signin_status =~ "Success"'],
  ])('%s', (_name, search, expected) => {
    expect(kql(search)).toBe(expected);
  });

  it('not holds for a record without the field (coalesced to false)', () => {
    const { rules } = loadRulesFromText(
      'title: T\nlogsource: {product: premortem, service: signins}\ndetection:\n  a: {error_code: 0}\n  b: {client_app: Browser}\n  condition: a and not b\n',
    );
    const mapped = pipelines.apply(rules.rules[0] as DetectionRule);
    const projection = new Projection(mapped.table, 'T');
    expect(predicateKql(mapped.predicate, { column: (f) => projection.column(f), rule: 'T' })).toBe(
      '(error_code == 0 and not(coalesce(client_app =~ "Browser", false)))',
    );
  });

  it('values cannot break out of their literal', () => {
    expect(kql(`    user_agent: 'x" or 1==1 //'`)).toBe('user_agent =~ "x\\" or 1==1 //"');
  });
});
