import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/workspace.js';
import { configSnapshot, writeConfigSnapshot } from '../../config/index.js';
import { type Simulation, simulate } from '../../simulate.js';
import { truthOf } from '../index.js';
import type { MfaExceptionTruth } from './index.js';
import { MFA_ENFORCED_AT, ROLLBACK_AT } from './story.js';

let sim: Simulation;
let truth: MfaExceptionTruth;
beforeAll(() => {
  sim = simulate({ seed: 1, scenario: 'mfa-exception' });
  const t = truthOf(sim.groundTruth.scenarios, 'mfa-exception');
  if (!t) throw new Error('no ground truth');
  truth = t;
});

const ms = (iso: string) => Date.parse(iso);

describe('scenario mfa-exception (seed 000)', () => {
  it('runs the invoicing app on four phones, the executive’s first, over Exchange ActiveSync with a password only', () => {
    expect(truth.phones).toHaveLength(4);
    expect(truth.phones[0]?.userPrincipalName).toBe('j.tan@contoso-demo.com');
    const invoicing = sim.signIns.filter((s) => s.appDisplayName === 'InvoiceFlow Mobile');
    expect(invoicing).toHaveLength(truth.invoicingSignIns);
    expect(new Set(invoicing.map((s) => s.deviceDetail.deviceId))).toEqual(
      new Set(truth.phones.map((p) => p.deviceId)),
    );
    for (const s of invoicing) {
      expect(s.clientAppUsed).toBe('Exchange ActiveSync');
      expect(s.authenticationRequirement).toBe('singleFactorAuthentication');
      expect(s.appliedConditionalAccessPolicies).toContainEqual(
        expect.objectContaining({ id: truth.policies.blockLegacy, result: 'reportOnlyFailure' }),
      );
    }
  });

  it('blocks the syncs (53003) only while MFA was enforced on every client app, before the rollback', () => {
    const invoicing = sim.signIns.filter((s) => s.appDisplayName === 'InvoiceFlow Mobile');
    const blocked = invoicing.filter((s) => s.status.errorCode === 53003);
    expect(blocked.length).toBeGreaterThan(3);
    for (const s of blocked) {
      const t = ms(s.createdDateTime);
      expect(t >= MFA_ENFORCED_AT && t < ROLLBACK_AT).toBe(true);
      expect(s.conditionalAccessStatus).toBe('failure');
    }
    expect(invoicing.filter((s) => s.status.errorCode !== 0 && s.status.errorCode !== 53003)).toEqual([]);
  });

  it('records the enforcement and the rollback as "Update conditional access policy" by the same administrator', () => {
    const updates = sim.directoryAudits.filter((a) => a.activityDisplayName === 'Update conditional access policy');
    expect(updates.map((a) => a.id).sort()).toEqual([truth.auditIds.enforced, truth.auditIds.rolledBack].sort());
    const rollback = updates.find((a) => a.id === truth.auditIds.rolledBack);
    expect(rollback?.initiatedBy.user?.userPrincipalName).toBe(truth.changedBy.userPrincipalName);
    const change = rollback?.targetResources[0]?.modifiedProperties[0];
    const after = JSON.parse(change?.newValue ?? '{}') as {
      conditions: { users: { excludeUsers: string[] }; clientAppTypes: string[] };
    };
    expect(after.conditions.users.excludeUsers).toContain(truth.executive.id);
    expect(after.conditions.clientAppTypes).toEqual(['browser', 'mobileAppsAndDesktopClients']);
  });
});

describe('the configuration snapshot', () => {
  const FILES = [
    'applications.json',
    'authenticationMethodsPolicy.json',
    'authorizationPolicy.json',
    'conditionalAccessPolicies.json',
    'domains.json',
    'namedLocations.json',
    'organization.json',
    'roleAssignmentScheduleInstances.json',
    'roleAssignments.json',
    'roleDefinitions.json',
    'roleEligibilitySchedules.json',
    'securityDefaults.json',
    'servicePrincipals.json',
    'subscribedSkus.json',
    'userRegistrationDetails.json',
    'users.json',
  ];

  it('writes the sixteen resources of the live-collection format, plus appRoleAssignments and the manifest, the same bytes each time', () => {
    const a = tempDir();
    const b = tempDir();
    try {
      writeConfigSnapshot(a.dir, configSnapshot(sim));
      writeConfigSnapshot(b.dir, configSnapshot(simulate({ seed: 1, scenario: 'mfa-exception' })));
      const names = readdirSync(a.dir).sort();
      expect(names).toEqual([...FILES, 'appRoleAssignments.json', 'premortem-snapshot.json'].sort());
      for (const n of names) expect(readFileSync(join(b.dir, n), 'utf8'), n).toBe(readFileSync(join(a.dir, n), 'utf8'));
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('shows the executive excluded at the end of the month and not before the rollback', () => {
    const policy = (moment: 'end' | 'before-rollback') =>
      (
        configSnapshot(sim, moment).resources.conditionalAccessPolicies as {
          value: { id: string; conditions: { users: { excludeUsers: string[] } } }[];
        }
      ).value.find((p) => p.id === truth.policies.mfaAll);
    expect(policy('end')?.conditions.users.excludeUsers).toContain(truth.executive.id);
    expect(policy('before-rollback')?.conditions.users.excludeUsers).not.toContain(truth.executive.id);
  });

  it('holds the seed-003 backdoor only when that scenario ran', () => {
    const octigaGa = (s: Simulation) =>
      (
        configSnapshot(s).resources.roleAssignments as { value: { principalId: string; roleDefinitionId: string }[] }
      ).value.filter((a) => a.roleDefinitionId === '62e90394-69f5-4237-9190-012177145e10');
    const full = simulate({ seed: 1 });
    const backdoor = truthOf(full.groundTruth.scenarios, 'spray-backdoor');
    expect(octigaGa(full).map((a) => a.principalId)).toContain(backdoor?.backdoor.servicePrincipalId);
    expect(octigaGa(sim).map((a) => a.principalId)).not.toContain(backdoor?.backdoor.servicePrincipalId);
  });
});
