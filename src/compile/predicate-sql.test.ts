import { describe, expect, it } from 'vitest';
import { builtinPipelinesDir } from '../rules/content.js';
import { loadRulesFromText } from '../rules/loader.js';
import type { DetectionRule } from '../rules/model.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { predicateSql } from './predicate-sql.js';
import { Parameters } from './query.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

/** The WHERE expression and parameters for one search on premortem's signins or audits table. */
function sql(
  search: string,
  service: 'signins' | 'audits' = 'signins',
): { sql: string; parameters: readonly unknown[] } {
  const { rules } = loadRulesFromText(
    `title: T\nlogsource: {product: premortem, service: ${service}}\ndetection:\n  s:\n${search}\n  condition: s\n`,
  );
  const mapped = pipelines.apply(rules.rules[0] as DetectionRule);
  const params = new Parameters();
  return { sql: predicateSql(mapped.predicate, { table: mapped.table, params, rule: 'T' }), parameters: params.list() };
}

describe('predicate SQL (golden per node kind)', () => {
  it.each([
    [
      'text equality, case-insensitive',
      '    user_principal_name: Alice@Contoso.com',
      'lower(user_principal_name) = lower($1)',
      ['Alice@Contoso.com'],
    ],
    ['|cased', '    user_principal_name|cased: Alice', 'user_principal_name = $1', ['Alice']],
    [
      'wildcards become ILIKE with escapes',
      "    user_agent: 'python*50%_?'",
      "user_agent ILIKE $1 ESCAPE '\\'",
      ['python%50\\%\\__'],
    ],
    ['|contains', '    user_agent|contains: curl', "user_agent ILIKE $1 ESCAPE '\\'", ['%curl%']],
    ['|cased|startswith', '    user_agent|cased|startswith: Mozilla', "user_agent LIKE $1 ESCAPE '\\'", ['Mozilla%']],
    [
      'a string number on an INTEGER column compares as a number',
      "    error_code: '50126'",
      'error_code = $1',
      [50126],
    ],
    ['a YAML number', '    error_code: 50126', 'error_code = $1', [50126]],
    [
      'a pattern on an INTEGER column compares its text',
      "    error_code|startswith: '50'",
      "CAST(error_code AS VARCHAR) LIKE $1 ESCAPE '\\'",
      ['50%'],
    ],
    ['a number on a text column compares text', '    ip_address: 5', 'ip_address = $1', ['5']],
    ['booleans on a BOOLEAN column', '    is_interactive: false', 'is_interactive = $1', [false]],
    ["'true' on a BOOLEAN column", "    is_interactive: 'True'", 'is_interactive = $1', [true]],
    [
      'value list on a number is OR, bounded by its range (pushed into the Parquet scan)',
      '    error_code: [50126, 50053]',
      '(error_code BETWEEN $3 AND $4 AND (error_code = $1 OR error_code = $2))',
      [50126, 50053, 50053, 50126],
    ],
    [
      'value list on text: the column lowered once, looked up in the list',
      "    client_app: ['IMAP4', 'POP3']",
      'list_contains(list_value(lower($1), lower($2)), lower(client_app))',
      ['IMAP4', 'POP3'],
    ],
    [
      'a list mixing a number and a pattern on a number column has no range',
      "    error_code: [50126, '5005*']",
      "(error_code = $1 OR CAST(error_code AS VARCHAR) LIKE $2 ESCAPE '\\')",
      [50126, '5005%'],
    ],
    [
      'a cased value list is looked up as written',
      "    client_app|cased: ['IMAP4', 'POP3']",
      'list_contains(list_value($1, $2), client_app)',
      ['IMAP4', 'POP3'],
    ],
    [
      'a value list mixing a text and a pattern stays an OR',
      "    client_app: ['IMAP4', 'POP*']",
      "(lower(client_app) = lower($1) OR client_app ILIKE $2 ESCAPE '\\')",
      ['IMAP4', 'POP%'],
    ],
    ['null on text: NULL or empty', '    user_agent: null', "(user_agent IS NULL OR user_agent = '')", []],
    ['null on a number', '    error_code: null', 'error_code IS NULL', []],
    ['exists', '    user_agent|exists: false', 'user_agent IS NULL', []],
    ['gt on a number', '    asn|gt: 100', 'asn > $1', [100]],
    ['lte on text', '    city|lte: 3', 'TRY_CAST(city AS DOUBLE) <= $1', [3]],
    [
      're, case-sensitive',
      "    user_agent|re: '^python-requests/\\d+'",
      'regexp_matches(user_agent, $1)',
      ['^python-requests/\\d+'],
    ],
    ['re|i|s flags inline', "    user_agent|re|i|s: 'a.b'", 'regexp_matches(user_agent, $1)', ['(?is)a.b']],
    [
      'fieldref on text',
      '    user_principal_name|fieldref: user_display_name',
      'lower(user_principal_name) = lower(user_display_name)',
      [],
    ],
    [
      'neq',
      '    country|neq: [FR, DE]',
      'NOT coalesce(list_contains(list_value(lower($1), lower($2)), lower(country)), false)',
      ['FR', 'DE'],
    ],
  ])('%s', (_name, search, expected, parameters) => {
    expect(sql(search)).toEqual({ sql: expected, parameters });
  });

  it('cidr IPv4 is a numeric range test', () => {
    const out = sql('    ip_address|cidr: 203.0.113.0/24');
    expect(out.parameters).toEqual([3405803776, 3405804031]);
    expect(out.sql).toBe(
      "(CASE WHEN regexp_full_match(ip_address, '(\\d{1,3}\\.){3}\\d{1,3}') THEN list_reduce(list_transform(string_split(ip_address, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END) BETWEEN $1 AND $2",
    );
  });

  it('cidr IPv6 binds 128-bit bounds as decimal text', () => {
    const out = sql("    ip_address|cidr: '2001:db8::/32'");
    expect(out.parameters).toEqual([
      '42540766411282592856903984951653826560',
      '42540766490510755371168322545197776895',
    ]);
    expect(out.sql).toMatch(/BETWEEN CAST\(\$1 AS UHUGEINT\) AND CAST\(\$2 AS UHUGEINT\)$/);
  });

  it('activity names compare on activity_key, normalised like it', () => {
    expect(sql("    activity: 'Update application \u2013 Certificates and secrets management '", 'audits')).toEqual({
      sql: 'lower(activity_key) = lower($1)',
      parameters: ['update application - certificates and secrets management'],
    });
  });

  it('not survives NULL: a record without the field matches "not field = x"', () => {
    const { rules } = loadRulesFromText(
      'title: T\nlogsource: {product: premortem, service: audits}\ndetection:\n  a: {result: success}\n  b: {initiator_display_name: MS-PIM}\n  condition: a and not b\n',
    );
    const mapped = pipelines.apply(rules.rules[0] as DetectionRule);
    const params = new Parameters();
    expect(predicateSql(mapped.predicate, { table: 'audits', params, rule: 'T' })).toBe(
      '(lower(result) = lower($1) AND NOT coalesce(lower(initiator_display_name) = lower($2), false))',
    );
  });

  it('a rule value trying SQL injection is bound, never written into the SQL text', () => {
    const evil = "x'); DROP TABLE signins; --";
    const out = sql(
      `    user_principal_name: "${evil}"\n    user_agent|contains: "${evil}"\n    city|re: "${evil.replace('(', '\\\\(').replace(')', '\\\\)')}"`,
    );
    expect(out.sql).not.toContain('DROP');
    expect(out.sql).not.toContain("x'");
    expect(out.parameters).toContain(evil);
  });

  it('|compare on a time column is unsupported, naming the column', () => {
    expect(() => sql('    created_at|gt: 5')).toThrow(/compares numbers; created_at is TIMESTAMPTZ/);
  });
});
