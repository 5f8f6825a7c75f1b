import { describe, expect, it } from 'vitest';
import { BASES, CORRELATIONS } from '../../test/correlation-shapes.js';
import { expectGolden } from '../../test/golden.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules, loadRulesFromText } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { compileRule, compileRules } from './compile.js';
import type { CompiledQuery } from './query.js';

/** The query as a golden file holds it: the SQL, then its parameters as a JSON comment line. */
const goldenText = (query: CompiledQuery): string =>
  `${query.sql}\n-- parameters: ${JSON.stringify(query.parameters)}\n`;

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

describe('golden SQL: every query shape', () => {
  it('a detection rule', () => {
    const { rules } = loadRulesFromText(
      'title: D\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  sel:\n    ResultType: 0\n    ClientAppUsed: [IMAP4, POP3, Authenticated SMTP]\n  filter:\n    IPAddress|cidr: 10.0.0.0/8\n  condition: sel and not filter\n',
    );
    const c = compileRule(rules.rules[0] as NonNullable<(typeof rules.rules)[0]>, { ruleSet: rules, pipelines });
    expectGolden('sql/detection.sql', goldenText(c.query));
  });

  for (const [name, body] of Object.entries(CORRELATIONS)) {
    it(`correlation ${name}`, () => {
      const { rules } = loadRulesFromText(`${BASES}---\ntitle: ${name}\nname: subject\n${body}\nlevel: high\n`);
      const subject = rules.find('subject');
      if (!subject) throw new Error('subject not loaded');
      const c = compileRule(subject, { ruleSet: rules, pipelines });
      expectGolden(`sql/${name}.sql`, goldenText(c.query));
    });
  }

  const builtin = loadRules(builtinRulesDir()).rules;
  for (const rule of builtin.alerting()) {
    it(`built-in rule ${rule.meta.name}`, () => {
      const c = compileRule(rule, { ruleSet: builtin, pipelines });
      expectGolden(`sql/builtin-${rule.meta.name}.sql`, goldenText(c.query));
    });
  }
});

describe('compileRules', () => {
  it('reports a correlation whose dependency cannot be mapped, naming both rules and the field', () => {
    const { rules } = loadRulesFromText(
      'title: Base\nname: base\nlogsource: {product: azure, service: signinlogs}\ndetection: {s: {properties.NetworkLocationDetails: ROPC}, condition: s}\n---\n' +
        'title: Corr\nname: corr\ncorrelation: {type: event_count, rules: [base], group-by: [IPAddress], timespan: 1h, condition: {gte: 2}}\nlevel: low\n',
      'x.yml',
    );
    const { compiled, errors } = compileRules(rules, pipelines, { collectErrors: true });
    expect(compiled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(
      'corr (Corr): field "properties.NetworkLocationDetails" has no mapping to a signins column in pipeline entra-id',
    );
    expect(errors[0]?.source).toMatchObject({
      rule: 'corr (Corr)',
      field: 'properties.NetworkLocationDetails',
      file: 'x.yml',
    });
  });

  it('converts the SigmaHQ Azure/M365 rules it can and names the reason for every other one', () => {
    const loaded = loadRules('../shared/data/sigma-rules/rules', { collectErrors: true });
    const { compiled, errors } = compileRules(loaded.rules, pipelines, { collectErrors: true });
    expect(compiled.length + errors.length + loaded.errors.length).toBe(
      loaded.rules.alerting().length + loaded.errors.length,
    );
    for (const e of errors) expect(['rule-unsupported', 'rule-invalid']).toContain(e.code);
    // Sign-in and audit-log rules are what the pipeline exists for: most of them must convert.
    const azure = compiled.filter((c) => /signin_logs|audit_logs/.test(c.rule.origin.file));
    expect(azure.length).toBeGreaterThanOrEqual(40);
  });
});
