import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runPremortem } from '../../test/cli.js';

const root = mkdtempSync(join(tmpdir(), 'premortem-kql-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The real program, in process, as the bin runs it. */
async function premortem(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await runPremortem(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe('premortem rules export --target kql', async () => {
  it('writes one .kql per built-in rule, every one translated', async () => {
    const out = join(root, 'kql');
    const r = await premortem('rules', 'export', '--target', 'kql', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const builtin = doc.sources[0];
    expect(builtin.source).toBe('built-in');
    expect(builtin.notTranslated).toBe(0);
    expect(builtin.invalid).toBe(0);
    expect(builtin.translated).toBeGreaterThan(30);
    const files = readdirSync(out);
    expect(files).toHaveLength(builtin.translated);
    expect(files).toContain('password-spray.kql');
    expect(readFileSync(join(out, 'password-spray.kql'), 'utf8')).toMatch(/^\/\/ password-spray \(Password spray/);
  }, 120_000);

  it('--format sentinel --rules DIR: analytic rules, safe file names, and a reason for what does not translate', async () => {
    const rules = join(root, 'rules');
    const out = join(root, 'sentinel');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'mine.yml'),
      [
        'title: Legacy sign-in by the CEO',
        'name: ../../ceo legacy',
        'level: critical',
        'tags: [attack.initial-access, attack.t1078.004]',
        'logsource: {product: azure, service: signinlogs}',
        'detection:',
        '  s: {UserPrincipalName: ceo@contoso.com, ClientAppUsed: IMAP4}',
        '  condition: s',
        '---',
        'title: PIM alert',
        'name: pim-alert',
        'logsource: {product: azure, service: pim}',
        'detection:',
        '  s: {riskEventType: tooManyGlobalAdminsAssignedToTenantAlertIncident}',
        '  condition: s',
      ].join('\n'),
    );
    const r = await premortem(
      'rules',
      'export',
      '--target',
      'kql',
      '--format',
      'sentinel',
      '--rules',
      rules,
      '--out',
      out,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not-translated mine\.yml: KQL: pim_alerts has no Sentinel table/);
    expect(r.stdout).toMatch(/: translated 1 of 2, not translated 1, invalid 0/);
    const doc = parse(readFileSync(join(out, 'ceo-legacy.yaml'), 'utf8'));
    expect(doc).toMatchObject({ name: 'Legacy sign-in by the CEO', severity: 'High', tactics: ['InitialAccess'] });
    expect(doc.query).toContain('user_principal_name =~ "ceo@contoso.com"');
    expect(readdirSync(out).every((f) => !f.includes('/') && f.endsWith('.yaml'))).toBe(true);
  }, 120_000);

  it('a target or format it does not know is a usage error', async () => {
    expect((await premortem('rules', 'export', '--target', 'spl', '--out', join(root, 'x'))).status).toBe(2);
    const r = await premortem('rules', 'export', '--format', 'arm', '--out', join(root, 'x'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format takes kql or sentinel/);
  }, 60_000);
});
