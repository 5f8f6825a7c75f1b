/**
 * Scenario "spray-backdoor" (seed 003): password spray over legacy protocols → the executive's password → a
 * permanent Global Administrator assignment to a third-party service principal outside PIM → password resets by
 * that app and mailbox access over Exchange ActiveSync. See spray.ts and takeover.ts for each stage.
 */
import { graphSeconds, SIMULATION_END } from '../../calendar.js';
import { THIRD_PARTY } from '../../catalog/apps.js';
import type { Rng } from '../../random.js';
import { servicePrincipalOf, type Tenant } from '../../tenant.js';
import type { Scenario, ScenarioOutput } from '../types.js';
import { SPRAY_NETS, TAKEOVER_NET } from './attacker.js';
import { passwordSpray, SPRAY_START } from './spray.js';
import { takeover } from './takeover.js';

/** What the spray-backdoor scenario did, with the ids of the records that prove it. */
export interface SprayBackdoorTruth {
  readonly scenario: 'spray-backdoor';
  /** Every spraying address; `takeoverIp` is the one used after the password was found. */
  readonly attackerIps: readonly string[];
  readonly attackerAsns: readonly number[];
  readonly takeoverIp: string;
  readonly compromisedUser: { readonly id: string; readonly userPrincipalName: string; readonly displayName: string };
  readonly backdoor: {
    readonly servicePrincipalId: string;
    readonly appId: string;
    readonly displayName: string;
    readonly roleTemplateId: string;
    readonly roleDisplayName: string;
  };
  readonly spray: {
    readonly start: string;
    readonly end: string;
    /** Failed attempts (50126, 50034, 50053) from the spraying addresses. */
    readonly failures: number;
    readonly byErrorCode: Readonly<Record<string, number>>;
    /** Distinct user principal names tried, existing or not. */
    readonly distinctAccounts: number;
  };
  readonly signInIds: {
    /** errorCode 0 over "Authenticated SMTP", late on 2025-09-25. */
    readonly legacySuccess: string;
    /** errorCode 0 to "Azure Portal", single factor, 2025-09-26. */
    readonly portalSuccess: string;
    readonly servicePrincipal: readonly string[];
    readonly exchangeActiveSync: readonly string[];
  };
  readonly auditIds: {
    /** "Add member to role" of Global Administrator to the service principal, by the executive, outside PIM. */
    readonly roleAssignment: string;
    /** "Add service principal credentials" right after it (the secret the app then signs in with). */
    readonly credentialAdded: string;
    /** Every "Reset password (by admin)" and "Reset user password" record initiated by the app. */
    readonly resets: readonly string[];
  };
  readonly resetTargets: readonly { readonly userPrincipalName: string; readonly succeeded: boolean }[];
}

/** The scenario as the registry lists it. */
export const sprayBackdoor: Scenario<SprayBackdoorTruth> = {
  name: 'spray-backdoor',
  title: 'password spray over legacy auth, then a permanent Global Administrator backdoor outside PIM',
  seed: 'seed 003: 7,000+ failed SMTP sign-ins, "Add member to role" to Octiga Cloud Security, resets and EAS access',
  window: { start: graphSeconds(SPRAY_START), end: graphSeconds(SIMULATION_END) },
  run(tenant: Tenant, rng: Rng): ScenarioOutput<SprayBackdoorTruth> {
    const spray = passwordSpray(tenant, rng.fork('spray'));
    const after = takeover(tenant, rng.fork('takeover'));
    const octiga = servicePrincipalOf(tenant, THIRD_PARTY.octiga);
    const exec = tenant.executive;
    const failures = spray.signIns.filter((s) => s.status.errorCode !== 0);
    const byErrorCode: Record<string, number> = {};
    for (const s of failures) byErrorCode[s.status.errorCode] = (byErrorCode[s.status.errorCode] ?? 0) + 1;
    const times = spray.signIns.map((s) => s.createdDateTime).sort();
    return {
      signIns: [...spray.signIns, ...after.signIns],
      directoryAudits: after.directoryAudits,
      truth: {
        scenario: 'spray-backdoor',
        attackerIps: SPRAY_NETS.map((n) => n.ip),
        attackerAsns: [...new Set(SPRAY_NETS.map((n) => n.asn))],
        takeoverIp: TAKEOVER_NET.ip,
        compromisedUser: { id: exec.id, userPrincipalName: exec.userPrincipalName, displayName: exec.displayName },
        backdoor: {
          servicePrincipalId: octiga.id,
          appId: octiga.appId,
          displayName: octiga.displayName,
          roleTemplateId: tenant.roles.globalAdmin.templateId,
          roleDisplayName: tenant.roles.globalAdmin.displayName,
        },
        spray: {
          start: times[0] ?? '',
          end: times[times.length - 1] ?? '',
          failures: failures.length,
          byErrorCode,
          distinctAccounts: new Set(spray.signIns.map((s) => s.userPrincipalName)).size,
        },
        signInIds: {
          legacySuccess: spray.success.id,
          portalSuccess: after.portalSignIn.id,
          servicePrincipal: after.servicePrincipalSignIns.map((s) => s.id),
          exchangeActiveSync: after.easSignIns.map((s) => s.id),
        },
        auditIds: {
          roleAssignment: after.roleAssignment.id,
          credentialAdded: after.credentialAdded.id,
          resets: after.resets.flatMap((r) => r.audits.map((a) => a.id)),
        },
        resetTargets: after.resets.map((r) => ({ userPrincipalName: r.target.userPrincipalName, succeeded: r.ok })),
      },
    };
  },
};
