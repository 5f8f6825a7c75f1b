import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshotFolder } from '../../snapshot/config-snapshot.js';
import { assess } from '../assess.js';
import { loadBaseline } from '../baseline.js';
import type { CheckResult } from '../model.js';
import { CHECK_LOGIC } from './index.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/snapshots');
const NOW = new Date('2025-10-01T00:00:00Z');
const checks = loadBaseline();

function run(name: string, smtp: { upn: string; ip: string; count: number; last: string }[] = []) {
  return assess(readSnapshotFolder(join(FIXTURES, name)), checks, [], {
    now: NOW,
    signins: { smtpAuthSuccesses: smtp },
  });
}
const byId = (results: readonly CheckResult[]) => new Map(results.map((r) => [r.id, r]));

describe('the baseline', () => {
  it('has metadata and logic for the same 32 checks', () => {
    expect(checks.map((c) => c.id).sort()).toEqual(Object.keys(CHECK_LOGIC).sort());
    expect(checks).toHaveLength(32);
    for (const c of checks) expect(c.rationale.length, c.id).toBeGreaterThan(20);
  });
});

describe('fixture snapshots (Graph-shaped, from the reference notes)', () => {
  const pass = byId(run('pass').results);
  const fail = byId(
    run('fail', [{ upn: 'j.tan@contoso.com', ip: '198.51.100.9', count: 3, last: '2025-09-25T22:10:00Z' }]).results,
  );
  const rollback = byId(run('rollback').results);

  it.each(checks.map((c) => c.id))('%s passes on the well-configured tenant', (id) => {
    const r = pass.get(id);
    expect(r?.status, `${id}: ${r?.summary} ${JSON.stringify(r?.evidence)}`).toBe('pass');
  });

  it.each(checks.map((c) => c.id).filter((id) => id !== 'PM-007'))('%s fails on the misconfigured tenant', (id) => {
    const r = fail.get(id);
    expect(r?.status, `${id}: ${r?.summary}`).toBe('fail');
    expect(r?.evidence.length).toBeGreaterThan(0);
  });

  it('PM-007 fails when security defaults are off and MFA is only report-only or narrowed', () => {
    expect(fail.get('PM-007')?.status).toBe('pass');
    expect(rollback.get('PM-007')?.status).toBe('fail');
  });
});

describe('what the anchors get wrong', () => {
  const fail = byId(run('fail').results);
  const rollback = byId(run('rollback').results);
  const messages = (r: CheckResult | undefined) => r?.evidence.map((e) => e.message).join('\n') ?? '';

  it('does not count report-only, location-narrowed or "MFA OR device" policies as MFA for all', () => {
    const r = rollback.get('PM-001');
    expect(r?.status).toBe('fail');
    const text = messages(r);
    expect(text).toMatch(/"Require MFA for all users".*report-only enforces nothing/);
    expect(text).toMatch(/"MFA from outside the office".*locations: include All, exclude AllTrusted/);
    expect(text).toMatch(/"MFA or compliant device".*mfa OR compliantDevice: the other control stands in for MFA/);
    expect(rollback.get('PM-005')?.evidence[0]?.policy?.displayName).toBe('Require MFA for all users');
  });

  it('names the policy and the excluded executive, and does not let an iOS-only policy count', () => {
    const r = fail.get('PM-001');
    expect(r?.evidence).toContainEqual(
      expect.objectContaining({
        subject: expect.objectContaining({ type: 'user', name: 'Jonathan Tan', upn: 'j.tan@contoso.com' }),
        policy: { id: '00000001-aaaa-4aaa-8aaa-000000000001', displayName: 'Require MFA for all users' },
        accepted: false,
      }),
    );
    expect(messages(r)).not.toContain('MFA for iOS only');
    expect(messages(fail.get('PM-006'))).toMatch(/names user 99999999-.*does not exist/);
    expect(messages(fail.get('PM-006'))).toMatch(/excludes group "MFA exclusions".*not role-assignable/);
  });

  it('reports a service principal with a permanent Global Administrator as a finding, not a side table', () => {
    for (const id of ['PM-019', 'PM-020', 'PM-021']) {
      expect(fail.get(id)?.evidence, id).toContainEqual(
        expect.objectContaining({
          subject: expect.objectContaining({ type: 'servicePrincipal', name: 'Octiga Cloud Security' }),
        }),
      );
    }
    expect(messages(fail.get('PM-022'))).toMatch(/Mail Archiver Pro has RoleManagement.ReadWrite.Directory/);
    expect(messages(fail.get('PM-022'))).toMatch(
      /Octiga Cloud Security holds a privileged role and has owner\(s\) alice/,
    );
  });

  it('flags a federation signing certificate older than a year', () => {
    expect(messages(fail.get('PM-032'))).toMatch(/corp.contoso.com's signing certificate dates from 2022-03-01/);
  });

  it('reports no-data, not pass, when the snapshot lacks the resource', () => {
    const r = byId(run('rollback').results);
    expect(r.get('PM-019')?.status).toBe('no-data');
    expect(r.get('PM-014')?.summary).toBe('not in the snapshot: exchangeTransportConfig');
  });
});
