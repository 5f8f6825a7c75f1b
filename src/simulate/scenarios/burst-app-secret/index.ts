/**
 * Scenario "burst-app-secret": the second shape the investigation is tested on. Unlike seed 003 (weeks of SMTP/IMAP
 * spray from five addresses, then a role for a third-party app): a two-hour POP3 / Exchange Web Services burst from
 * two addresses, an Application Integration Engineer's password, a client secret added to the tenant's own app,
 * and that app inviting a guest and making it Global Administrator; then IMAP4 reads of the engineer's mailbox.
 *
 * Not in the registry's default "all" yet: the demo and the `simulate` CLI tests pin the seed-003 output. Tests run
 * it with `simulateWith()` (test/scenario-burst.ts).
 */
import { graphSeconds, utc } from '../../calendar.js';
import type { Rng } from '../../random.js';
import type { Tenant } from '../../tenant.js';
import type { Scenario, ScenarioOutput } from '../types.js';
import { appSecret } from './app-secret.js';
import { BURST_NETS } from './attacker.js';
import { BURST_START, passwordBurst } from './burst.js';

/** What the scenario did, with the ids of the records that prove it. */
export interface BurstAppSecretTruth {
  readonly scenario: 'burst-app-secret';
  readonly attackerIps: readonly string[];
  readonly compromisedUser: { readonly id: string; readonly userPrincipalName: string };
  readonly application: {
    readonly servicePrincipalId: string;
    readonly appId: string;
    readonly displayName: string;
    readonly keyId: string;
  };
  readonly guestUpn: string;
  readonly signInIds: {
    readonly success: string;
    readonly appSignIns: readonly string[];
    readonly imap: readonly string[];
  };
  readonly auditIds: {
    readonly credentialAdded: string;
    readonly guestInvited: string;
    readonly roleAssignment: string;
  };
}

/** The scenario, in the shape the registry takes. */
export const burstAppSecret: Scenario<BurstAppSecretTruth> = {
  name: 'burst-app-secret',
  title: 'two-hour POP3/EWS password burst, then a client secret on an app that makes a guest Global Administrator',
  seed: 'second shape for the investigation tests (T1110.003, T1098.001, T1136.003, T1098.003, T1114.002)',
  window: { start: graphSeconds(BURST_START), end: graphSeconds(utc('2025-09-19T12:00:00Z')) },
  run(tenant: Tenant, rng: Rng): ScenarioOutput<BurstAppSecretTruth> {
    const victim = tenant.admins.find((a) => a.eligibleRoles.includes('applicationAdmin'))?.user;
    if (!victim) throw new Error('burst-app-secret: the tenant has no Application Administrator');
    const burst = passwordBurst(tenant, rng.fork('burst'), victim);
    const after = appSecret(tenant, rng.fork('app-secret'), victim, Date.parse(burst.success.createdDateTime));
    return {
      signIns: [...burst.signIns, ...after.signIns],
      directoryAudits: after.directoryAudits,
      truth: {
        scenario: 'burst-app-secret',
        attackerIps: BURST_NETS.map((n) => n.ip),
        compromisedUser: { id: victim.id, userPrincipalName: victim.userPrincipalName },
        application: {
          servicePrincipalId: after.app.id,
          appId: after.app.appId,
          displayName: after.app.displayName,
          keyId: after.keyId,
        },
        guestUpn: after.guestUpn,
        signInIds: {
          success: burst.success.id,
          appSignIns: after.appSignIns.map((s) => s.id),
          imap: after.imapSignIns.map((s) => s.id),
        },
        auditIds: {
          credentialAdded: after.credentialAdded.id,
          guestInvited: after.guestInvited.id,
          roleAssignment: after.roleAssignment.id,
        },
      },
    };
  },
};
