import { describe, expect, it } from 'vitest';
import { PremortemError } from '../core/errors.js';
import { formatPredicate } from './ast/format-predicate.js';
import { loadRules, loadRulesFromText } from './loader.js';
import type { CorrelationRule, DetectionRule } from './model.js';

const HEAD = 'title: T\nlogsource: {product: azure, service: signinlogs}\n';

function detection(body: string): DetectionRule {
  const { rules } = loadRulesFromText(`${HEAD}detection:\n${body}`, 'r.yml');
  const r = rules.rules[0];
  if (r?.type !== 'detection') throw new Error('not a detection');
  return r;
}

function predicate(body: string): string {
  return formatPredicate(detection(body).predicate);
}

function error(text: string): PremortemError {
  try {
    loadRulesFromText(text, 'bad.yml');
  } catch (err) {
    if (err instanceof PremortemError) return err;
    throw err;
  }
  throw new Error('loaded without error');
}

describe('metadata', () => {
  it('reads Sigma metadata and ATT&CK tags', () => {
    const r = detection('  sel: {a: 1}\n  condition: sel\n');
    expect(r.meta.title).toBe('T');
    const { rules } = loadRulesFromText(
      `title: X\nid: 1f1e1d1c-0000-4000-8000-000000000000\nname: x-rule\nstatus: test\nlevel: high\ndescription: why\nauthor: me\ndate: 2025-01-02\ntags: [attack.credential-access, attack.t1110.003]\nfalsepositives: one\nlogsource: {product: azure, service: signinlogs}\ndetection: {s: {a: 1}, condition: s}\n`,
    );
    expect(rules.rules[0]?.meta).toMatchObject({
      id: '1f1e1d1c-0000-4000-8000-000000000000',
      name: 'x-rule',
      status: 'test',
      level: 'high',
      date: '2025-01-02',
      tags: ['attack.credential-access', 'attack.t1110.003'],
      falsepositives: ['one'],
    });
  });
});

describe('detection constructs', () => {
  it.each([
    ['map = AND of fields', '  s:\n    a: x\n    b: 2\n  condition: s\n', '(a = "x" AND b = 2)'],
    ['value list = OR', '  s:\n    a: [x, y]\n  condition: s\n', '(a = "x" OR a = "y")'],
    ['|all = AND', '  s:\n    a|contains|all: [x, y]\n  condition: s\n', '(a = "*x*" AND a = "*y*")'],
    [
      'list of maps = OR of ANDs',
      '  s:\n    - {a: 1}\n    - {b: 2, c: 3}\n  condition: s\n',
      '(a = 1 OR (b = 2 AND c = 3))',
    ],
    ['keywords', '  k:\n    - evil\n    - "bad*"\n  condition: k\n', '(KEYWORD "evil" OR KEYWORD "bad*")'],
    [
      'startswith / endswith',
      '  s:\n    a|startswith: x\n    b|endswith: y\n  condition: s\n',
      '(a = "x*" AND b = "*y")',
    ],
    ['wildcards and escapes', "  s:\n    a: 'x*y?z\\*'\n  condition: s\n", 'a = "x*y?z\\*"'],
    ['null', '  s:\n    a: null\n  condition: s\n', 'a IS NULL'],
    ['null in a list', '  s:\n    a: [null, x]\n  condition: s\n', '(a IS NULL OR a = "x")'],
    ['booleans', '  s:\n    a: false\n  condition: s\n', 'a = false'],
    ['exists', '  s:\n    a|exists: true\n  condition: s\n', 'a EXISTS'],
    ['re with flags', "  s:\n    a|re|i: '^adm.*'\n  condition: s\n", 'a =~ /^adm.*/i'],
    [
      'cidr',
      '  s:\n    a|cidr: [10.0.0.0/8, "2001:db8::/32"]\n  condition: s\n',
      '(a IN 10.0.0.0/8 OR a IN 2001:db8::/32)',
    ],
    ['cased', '  s:\n    a|cased: Admin\n  condition: s\n', 'a == "Admin"'],
    ['gt / lte', '  s:\n    a|gt: 5\n    b|lte: "7"\n  condition: s\n', '(a > 5 AND b <= 7)'],
    ['fieldref', '  s:\n    a|fieldref: b\n  condition: s\n', 'a = FIELD b'],
    ['neq', '  s:\n    a|neq: [x, y]\n  condition: s\n', 'NOT (a = "x" OR a = "y")'],
    ['base64', '  s:\n    a|base64: /bin/bash\n  condition: s\n', 'a = "L2Jpbi9iYXNo"'],
    [
      'base64offset|contains',
      '  s:\n    a|base64offset|contains: /bin/bash\n  condition: s\n',
      '(a = "*L2Jpbi9iYXNo*" OR a = "*9iaW4vYmFza*" OR a = "*vYmluL2Jhc2*")',
    ],
    [
      'windash',
      '  s:\n    a|windash|contains: " -c"\n  condition: s\n',
      '(a = "* -c*" OR a = "* /c*" OR a = "* \u2013c*" OR a = "* \u2014c*" OR a = "* \u2015c*")',
    ],
    ['numbers stay numbers', '  s:\n    ResultType: 50126\n  condition: s\n', 'ResultType = 50126'],
    ['number with a modifier becomes text', '  s:\n    a|startswith: 50\n  condition: s\n', 'a = "50*"'],
    [
      '1 of pattern',
      '  sel_a: {a: 1}\n  sel_b: {b: 2}\n  other: {c: 3}\n  condition: 1 of sel_*\n',
      '(a = 1 OR b = 2)',
    ],
    [
      'all of them skips _names',
      '  a1: {a: 1}\n  _hidden: {h: 1}\n  b1: {b: 2}\n  condition: all of them\n',
      '(a = 1 AND b = 2)',
    ],
    [
      'not and parentheses',
      '  a1: {a: 1}\n  b1: {b: 2}\n  c1: {c: 3}\n  condition: a1 and not (b1 or c1)\n',
      '(a = 1 AND NOT (b = 2 OR c = 3))',
    ],
    ['a list of conditions is OR', '  a1: {a: 1}\n  b1: {b: 2}\n  condition: [a1, b1]\n', '(a = 1 OR b = 2)'],
  ])('%s', (_name, body, expected) => {
    expect(predicate(body)).toBe(expected);
  });

  it('keeps the searches and the parsed condition', () => {
    const r = detection('  sel: {a: 1}\n  filter: {b: 2}\n  condition: sel and not filter\n');
    expect([...r.searches.keys()]).toEqual(['sel', 'filter']);
    expect(r.condition.kind).toBe('and');
    expect(r.searches.get('filter')?.origin.line).toBe(5);
    expect(Object.isFrozen(r.predicate)).toBe(true);
  });
});

describe('correlations', () => {
  const base =
    'title: Failed\nname: failed\nlogsource: {product: azure, service: signinlogs}\ndetection: {s: {ResultType: 50126}, condition: s}\n';

  it('parses every correlation field; multi-document files resolve references by name', () => {
    const { rules } = loadRulesFromText(
      `${base}---\ntitle: Spray\nid: 00000000-0000-4000-8000-00000000000a\nname: spray\ncorrelation:\n  type: value_count\n  rules: failed\n  group-by: [IPAddress]\n  timespan: 30m\n  condition: {gte: 10, lt: 100, field: UserPrincipalName}\nlevel: high\n`,
    );
    const c = rules.find('spray') as CorrelationRule;
    expect(c.correlation).toMatchObject({
      type: 'value_count',
      rules: ['failed'],
      groupBy: ['IPAddress'],
      timespan: '30m',
      timespanMs: 1_800_000,
      condition: [
        { operator: 'gte', value: 10 },
        { operator: 'lt', value: 100 },
      ],
      field: 'UserPrincipalName',
    });
    expect(rules.find('00000000-0000-4000-8000-00000000000a')).toBe(c);
    expect(rules.alerting().map((r) => r.meta.title)).toEqual(['Spray']);
  });

  it('a correlation may reference another correlation (chaining) and accepts timeframe and aliases', () => {
    const { rules } = loadRulesFromText(
      `${base}---\ntitle: Ok\nname: ok\nlogsource: {product: azure, service: signinlogs}\ndetection: {s: {ResultType: 0}, condition: s}\n---\ntitle: Many\nname: many\ncorrelation: {type: event_count, rules: [failed], group-by: [IPAddress], timeframe: 1h, condition: {gte: 5}}\n---\ntitle: Then ok\ncorrelation:\n  type: temporal_ordered\n  rules: [many, ok]\n  group-by: [ip]\n  timespan: 1d\n  aliases:\n    ip: {many: IPAddress, ok: IPAddress}\n  generate: true\nlevel: high\n`,
    );
    const outer = rules.rules[3] as CorrelationRule;
    expect(outer.correlation.aliases.get('ip')?.get('ok')).toBe('IPAddress');
    expect(outer.generate).toBe(true);
    // generate: true makes the outer correlation's references alert on their own (ok, and many despite having no
    // level); failed only feeds many, which does not say generate.
    expect(rules.alerting().map((r) => r.meta.title)).toEqual(['Ok', 'Many', 'Then ok']);
  });
});

describe('errors name the file, line, column and field', () => {
  it.each([
    ['YAML syntax', `${HEAD}detection:\n  s: {a: [1, 2}\n  condition: s\n`, 'rule-invalid', 4, 15, undefined],
    ['missing title', 'logsource: {}\ndetection: {s: {a: 1}, condition: s}\n', 'rule-invalid', 1, 1, 'title'],
    ['bad level', `${HEAD}level: severe\ndetection: {s: {a: 1}, condition: s}\n`, 'rule-invalid', 3, 8, 'level'],
    ['unknown modifier', `${HEAD}detection:\n  s:\n    a|containz: x\n  condition: s\n`, 'rule-invalid', 5, 5, 'a'],
    [
      'unsupported modifier',
      `${HEAD}detection:\n  s:\n    a|utf16le: x\n  condition: s\n`,
      'rule-unsupported',
      5,
      5,
      'a',
    ],
    [
      'bad value for a modifier',
      `${HEAD}detection:\n  s:\n    a|cidr: [10.0.0.0/8, nope]\n  condition: s\n`,
      'rule-invalid',
      5,
      26,
      'a',
    ],
    [
      'unknown identifier in the condition',
      `${HEAD}detection:\n  sel: {a: 1}\n  condition: sel and filtre\n`,
      'rule-invalid',
      5,
      22,
      'condition',
    ],
    [
      'quoted condition column',
      `${HEAD}detection:\n  sel: {a: 1}\n  condition: 'sel or'\n`,
      'rule-invalid',
      5,
      21,
      'condition',
    ],
    [
      'aggregation pipe',
      `${HEAD}detection:\n  sel: {a: 1}\n  condition: sel | count() > 5\n`,
      'rule-unsupported',
      5,
      18,
      'condition',
    ],
    [
      'old timeframe',
      `${HEAD}detection:\n  sel: {a: 1}\n  timeframe: 1h\n  condition: sel\n`,
      'rule-unsupported',
      5,
      3,
      undefined,
    ],
    ['no condition', `${HEAD}detection:\n  sel: {a: 1}\n`, 'rule-invalid', 4, 3, 'condition'],
    ['|all on one value', `${HEAD}detection:\n  s:\n    a|all: x\n  condition: s\n`, 'rule-invalid', 5, 5, 'a'],
    [
      'regex lookahead',
      `${HEAD}detection:\n  s:\n    a|re: 'x(?=y)'\n  condition: s\n`,
      'rule-unsupported',
      5,
      12,
      'a',
    ],
    [
      'correlation typo',
      'title: C\ncorrelation:\n  type: event_count\n  rules: [x]\n  groupby: [a]\n  timespan: 1h\n  condition: {gte: 1}\n',
      'rule-invalid',
      5,
      3,
      'correlation.groupby',
    ],
    [
      'bad timespan',
      'title: C\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 1 hour\n  condition: {gte: 1}\n',
      'rule-invalid',
      5,
      13,
      'correlation.timespan',
    ],
    [
      'value_count without field',
      'title: C\ncorrelation:\n  type: value_count\n  rules: [x]\n  timespan: 1h\n  condition: {gte: 1}\n',
      'rule-invalid',
      6,
      14,
      'correlation.condition',
    ],
    ['v1 collection', 'action: global\ntitle: G\n', 'rule-unsupported', 1, 9, 'action'],
  ])('%s', (_name, text, code, line, column, field) => {
    const err = error(text);
    expect(err.code).toBe(code);
    expect(err.source).toMatchObject({ file: 'bad.yml', line, column });
    if (field !== undefined) expect(err.source.field).toBe(field);
  });

  it('a reference to no rule fails the correlation, and a correlation chained on it too', () => {
    const text =
      'title: A\nname: a\ncorrelation: {type: event_count, rules: [nothing], timespan: 1h, condition: {gte: 1}}\n---\n' +
      'title: B\nname: b\ncorrelation: {type: temporal, rules: [a], timespan: 1h}\n';
    const { rules, errors } = loadRulesFromText(text, 'c.yml', { collectErrors: true });
    expect(rules.rules).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'a (A) references "nothing", which no loaded rule is (by name or id)',
      'b (B) references "a", which no loaded rule is (by name or id)',
    ]);
    expect(errors[0]?.source).toMatchObject({ file: 'c.yml', line: 1, field: 'correlation.rules' });
  });

  it('reports cycles and duplicate names', () => {
    const text =
      'title: A\nname: a\ncorrelation: {type: temporal, rules: [b], timespan: 1h}\n---\n' +
      'title: B\nname: b\ncorrelation: {type: temporal, rules: [a], timespan: 1h}\n---\n' +
      'title: A again\nname: a\ncorrelation: {type: temporal, rules: [b], timespan: 1h}\n';
    const { errors } = loadRulesFromText(text, 'c.yml', { collectErrors: true });
    expect(errors.map((e) => e.message)).toEqual([
      '"a" already identifies a (A) (c.yml)',
      'a (A) the correlation references itself through a chain of correlations',
      'b (B) the correlation references itself through a chain of correlations',
    ]);
  });
});

describe('collect-errors mode over a folder', () => {
  it('loads the 142 SigmaHQ Azure and M365 rules with none skipped silently', () => {
    const { rules, errors } = loadRules('../shared/data/sigma-rules/rules', { collectErrors: true });
    expect(rules.rules.length + errors.length).toBe(142);
  });

  it('without collectErrors the first error is thrown', () => {
    expect(() => loadRulesFromText(`${HEAD}detection: {}\n`)).toThrow(PremortemError);
  });
});
