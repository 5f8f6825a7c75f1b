import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/workspace.js';
import { compileRules } from '../compile/compile.js';
import { builtinPipelinesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { rulesForException, writeGeneratedRules } from './compensating.js';
import type { ExceptionEntry } from './exceptions/schema.js';

const entry: ExceptionEntry = {
  id: 'EXC-007',
  control: 'PM-001',
  subjects: {
    users: ['J.Tan@contoso-demo.com', '55555555-5555-4555-8555-555555555555'],
    groups: ['Finance Approvers'],
    service_principals: [],
    apps: [],
    other: [],
  },
  reason: 'legacy invoicing app',
  owner: 'finance-it',
  approver: 'ciso',
  created: '2025-09-10',
  expires: '2025-10-10',
  compensating_controls: ['alert on every sign-in'],
  allowed_ips: ['192.0.2.0/24'],
};

describe('compensating rules', () => {
  it('watches users by UPN (lower-cased) or object id, at raised severity, with stable ids', () => {
    const rules = rulesForException(entry);
    expect(rules.map((r) => [r.kind, r.level])).toEqual([
      ['no-mfa', 'high'],
      ['legacy-auth', 'critical'],
      ['outside-locations', 'high'],
    ]);
    const event = rules[0]?.documents[1] as { detection: Record<string, unknown> };
    expect(event.detection).toMatchObject({
      subject_upn: { user_principal_name: ['j.tan@contoso-demo.com'] },
      subject_id: { user_id: ['55555555-5555-4555-8555-555555555555'] },
      condition: '(subject_upn or subject_id) and single_factor',
    });
    expect(rulesForException(entry)[0]?.documents[0]?.id).toBe(rules[0]?.documents[0]?.id);
  });

  it('watches a service principal only where the exception states its addresses', () => {
    const sp = { ...entry, subjects: { ...entry.subjects, users: [], service_principals: ['Payroll Sync'] } };
    expect(rulesForException(sp).map((r) => r.kind)).toEqual(['service-principal-outside-locations']);
    const { allowed_ips: _ips, ...noIps } = sp;
    expect(rulesForException(noIps)).toEqual([]);
  });

  it('writes Sigma files the engine loads and compiles, and removes the files of a withdrawn exception', () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'exception-exc-001-no-mfa.yml'), 'stale');
      writeFileSync(join(t.dir, 'my-own-rule.yml'), 'kept');
      const files = writeGeneratedRules(t.dir, rulesForException(entry));
      expect(existsSync(join(t.dir, 'exception-exc-001-no-mfa.yml'))).toBe(false);
      expect(readdirSync(t.dir)).toContain('my-own-rule.yml');
      const loaded = loadRules(files);
      expect(loaded.errors).toEqual([]);
      const { compiled, errors } = compileRules(loaded.rules, new PipelineSet(loadPipelines(builtinPipelinesDir())), {
        collectErrors: true,
      });
      expect(errors).toEqual([]);
      // The correlations alert; their single-event building blocks do not.
      expect(compiled.map((c) => c.rule.meta.name).sort()).toEqual([
        'exception-exc-007-legacy-auth',
        'exception-exc-007-no-mfa',
        'exception-exc-007-outside-locations',
      ]);
    } finally {
      t.cleanup();
    }
  });
});
