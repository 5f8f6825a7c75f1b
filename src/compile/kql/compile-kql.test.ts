import { describe, expect, it } from 'vitest';
import { BASES, CORRELATIONS } from '../../../test/correlation-shapes.js';
import { expectGolden } from '../../../test/golden.js';
import { builtinPipelinesDir } from '../../rules/content.js';
import { loadRulesFromText } from '../../rules/loader.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { compileRule } from '../compile.js';
import { compileKql } from './compile-kql.js';
import { checkKql } from './kql-check.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

/** The SQL compiler's correlation shapes, and new_value. */
const SHAPES: Record<string, string> = {
  ...CORRELATIONS,
  'new-value':
    'correlation: {type: new_value, rules: [ok], group-by: [UserPrincipalName], timespan: 14d, condition: {field: Location}}',
};

function compile(text: string) {
  const { rules } = loadRulesFromText(text);
  const subject = rules.rules.find((r) => r.meta.name === 'subject') ?? rules.rules[0];
  if (!subject) throw new Error('no rule');
  return compileKql(subject, { ruleSet: rules, pipelines });
}

describe('golden KQL: every query shape, each clean for the language service', () => {
  it('a detection rule', () => {
    const c = compile(
      'title: D\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  sel:\n    ResultType: 0\n    ClientAppUsed: [IMAP4, POP3, Authenticated SMTP]\n  filter:\n    IPAddress|cidr: 10.0.0.0/8\n  condition: sel and not filter\n',
    );
    expectGolden('kql/detection.kql', c.query);
    expect(checkKql(c.query)).toEqual([]);
    expect(c.entities).toEqual({ account: 'user_principal_name', ip: 'ip_address' });
  });

  for (const [name, body] of Object.entries(SHAPES)) {
    it(`correlation ${name}`, () => {
      const c = compile(`${BASES}---\ntitle: ${name}\nname: subject\n${body}\nlevel: high\n`);
      expectGolden(`kql/${name}.kql`, c.query);
      expect(checkKql(c.query)).toEqual([]);
    });
  }

  it('a correlation over a correlation, with the history a chain needs and Sentinel cannot give', () => {
    const c = compile(
      `${BASES}---\ntitle: spray\nname: spray\ncorrelation: {type: value_count, rules: [failed], group-by: [IPAddress], timespan: 1h, condition: {gte: 10, field: UserPrincipalName}}\n---\ntitle: chained\nname: subject\ncorrelation: {type: temporal_ordered, rules: [spray, ok], group-by: [IPAddress], timespan: 30d}\nlevel: high\n`,
    );
    expect(checkKql(c.query)).toEqual([]);
    expect(c.lookbackMs).toBe(30 * 86_400_000 + 3_600_000);
    expect(c.notes.join()).toMatch(/14 days/);
    expect(c.query).toContain('// note: its windows reach back 30d 1h');
    expect(c.entities).toEqual({ ip: 'IPAddress' });
  });

  it('refuses a condition on temporal_ordered in both targets, with the same words', () => {
    const text = `${BASES}---\ntitle: ordered\nname: subject\ncorrelation: {type: temporal_ordered, rules: [failed, ok], group-by: [IPAddress], timespan: 1h, condition: {gte: 2}}\nlevel: high\n`;
    const words = /a condition on temporal_ordered is not supported/;
    expect(() => compile(text)).toThrow(words);
    const { rules } = loadRulesFromText(text);
    const subject = rules.rules.find((r) => r.meta.name === 'subject');
    if (!subject) throw new Error('no rule');
    expect(() => compileRule(subject, { ruleSet: rules, pipelines })).toThrow(words);
  });

  it('names what does not translate', () => {
    expect(() =>
      compile(
        'title: P\nlogsource: {product: azure, service: pim}\ndetection:\n  s: {riskEventType: x}\n  condition: s\n',
      ),
    ).toThrow(/pim_alerts has no Sentinel table/);
    expect(() =>
      compile('title: U\nlogsource: {product: m365}\ndetection:\n  s: {Directionality: Inbound}\n  condition: s\n'),
    ).toThrow(/OfficeActivity has no column for the AuditData field Directionality/);
    expect(() =>
      compile('title: R\nlogsource: {product: m365}\ndetection:\n  s: {RecordType: 1}\n  condition: s\n'),
    ).toThrow(/record type's name/);
  });

  it('a title cannot escape its comment line', () => {
    const c = compile(
      'title: "x\\nSigninLogs | take 1"\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  s: {ResultType: 0}\n  condition: s\n',
    );
    expect(c.query.split('\n')[0]).toBe('// x SigninLogs | take 1');
  });
});
