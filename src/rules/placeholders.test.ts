import { describe, expect, it } from 'vitest';
import { PRIVILEGED_ROLES, roleByName } from '../core/directory-roles.js';
import { PremortemError } from '../core/errors.js';
import { formatPredicate } from './ast/format-predicate.js';
import { builtinPipelinesDir, builtinRulesDir } from './content.js';
import { loadRules, loadRulesFromText } from './loader.js';
import type { DetectionRule } from './model.js';
import { loadPipelines, PipelineSet, parsePipeline } from './pipeline.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const AUDITS = '{product: azure, service: auditlogs}';

function rule(detection: string): DetectionRule {
  const { rules } = loadRulesFromText(`title: T\nlogsource: ${AUDITS}\ndetection:\n${detection}`, 'r.yml');
  return rules.rules[0] as DetectionRule;
}

const predicate = (set: PipelineSet, detection: string): string =>
  formatPredicate(set.apply(rule(detection)).predicate);

describe('|expand placeholders', () => {
  it('fills %privileged_roles% with every privileged role of the catalogue (names and aliases)', () => {
    const p = predicate(pipelines, "  s: {role_name|expand: '%privileged_roles%'}\n  condition: s\n");
    for (const r of PRIVILEGED_ROLES) expect(p).toContain(r.name);
    expect(p).toContain('Company Administrator');
    expect(p).not.toContain('%privileged_roles%');
    // The decision recorded in core/directory-roles.ts.
    expect(p).toContain('Intune Administrator');
    expect(p).not.toContain('Helpdesk Administrator');
    expect(p).not.toContain('Billing Administrator');
  });

  it('keeps the other modifiers: |contains wraps every filled value', () => {
    const p = predicate(pipelines, "  s: {role_name|expand|contains: '%tier0_roles%'}\n  condition: s\n");
    expect(p).toContain('*Global Administrator*');
    expect(p).not.toContain('Security Administrator');
  });

  it("takes a pipeline's vars before the built-in values", () => {
    const own = parsePipeline(
      `name: own\npriority: 1\nlogsources: [{product: azure, service: auditlogs, table: audits}]\nvars: {privileged_roles: [Only This Role]}\n`,
      'own.yaml',
    );
    const p = predicate(new PipelineSet([own]), "  s: {role_name|expand: '%privileged_roles%'}\n  condition: s\n");
    expect(p).toContain('Only This Role');
    expect(p).not.toContain('Global Administrator');
  });

  it('an undefined placeholder is rule-unsupported, naming the field', () => {
    const r = rule("  s: {role_name|expand: '%nobody_knows%'}\n  condition: s\n");
    const err = (() => {
      try {
        pipelines.apply(r);
      } catch (e) {
        return e;
      }
    })() as PremortemError;
    expect(err).toBeInstanceOf(PremortemError);
    expect(err.code).toBe('rule-unsupported');
    expect(err.message).toMatch(/%nobody_knows%/);
    expect(err.source.field).toBe('role_name');
  });

  it('no built-in rule carries its own list of directory roles', () => {
    const { rules } = loadRules(builtinRulesDir());
    const names = new Set([...PRIVILEGED_ROLES.map((r) => r.name), 'Helpdesk Administrator', 'Billing Administrator']);
    for (const r of rules.rules) {
      if (r.type !== 'detection') continue;
      const text = formatPredicate(r.predicate);
      const listed = [...names].filter((n) => text.includes(`'${n}'`) || text.includes(`"${n}"`));
      expect(listed, r.meta.name).toEqual([]);
    }
    expect(roleByName('company administrator')?.name).toBe('Global Administrator');
  });
});
