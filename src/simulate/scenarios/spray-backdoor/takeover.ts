/**
 * Seed 003, stages 2-4: with the executive's password, the attacker signs in to the Azure portal from the spraying
 * address (single factor: the executive was exempt from MFA), assigns Global Administrator directly to the Octiga
 * Cloud Security service principal (no PIM request, no activation: permanent, outside PIM's governance), gives it a
 * client secret, and from 09-30 uses it to reset passwords and read mailboxes over Exchange ActiveSync.
 */

import {
  byApp,
  byUser,
  changed,
  makeAudit,
  otherTarget,
  passwordReset,
  roleMembership,
  servicePrincipalTarget,
  userAgentDetail,
} from '../../audit-factory.js';
import { MINUTE, SECOND, utc } from '../../calendar.js';
import { MS, THIRD_PARTY } from '../../catalog/apps.js';
import { unknownDevice } from '../../catalog/devices.js';
import type { BetaSignIn, GraphDirectoryAudit } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import { makeSignIn, passwordStep } from '../../signin-factory.js';
import { servicePrincipalOf, type Tenant, type TenantUser } from '../../tenant.js';
import { ATTACKER_BROWSER, ATTACKER_EAS_CLIENT, ATTACKER_SCRIPT_USER_AGENT, TAKEOVER_NET } from './attacker.js';

/** Why the failed resets failed (the text Entra returns for a password the policy refuses). */
export const RESET_FAILURE_REASON =
  'The password does not comply with the password complexity requirements. Please choose a different password.';

/** The records of the takeover, by role in the story. */
export interface TakeoverResult {
  readonly signIns: BetaSignIn[];
  readonly directoryAudits: GraphDirectoryAudit[];
  readonly portalSignIn: BetaSignIn;
  readonly roleAssignment: GraphDirectoryAudit;
  readonly credentialAdded: GraphDirectoryAudit;
  readonly resets: readonly {
    readonly target: TenantUser;
    readonly audits: GraphDirectoryAudit[];
    readonly ok: boolean;
  }[];
  readonly servicePrincipalSignIns: BetaSignIn[];
  readonly easSignIns: BetaSignIn[];
}

/** The backdoor and its use (pass the scenario's `rng.fork('takeover')`). */
export function takeover(tenant: Tenant, rng: Rng): TakeoverResult {
  const exec = tenant.executive;
  const octiga = servicePrincipalOf(tenant, THIRD_PARTY.octiga);
  const ga = tenant.roles.globalAdmin;
  const signIns: BetaSignIn[] = [];
  const directoryAudits: GraphDirectoryAudit[] = [];
  const jitter = (iso: string) => utc(iso) + rng.int(0, 59) * SECOND;

  // 09-26: the portal, with a "keep me signed in" prompt on the way, single factor.
  const portalAt = jitter('2025-09-26T01:03:00Z');
  const portal = {
    user: exec,
    app: MS.azurePortal,
    resource: MS.azureManagementApi,
    clientAppUsed: 'Browser',
    net: TAKEOVER_NET,
    device: ATTACKER_BROWSER.device,
    userAgent: ATTACKER_BROWSER.userAgent,
    mfa: false,
    authenticationDetails: [passwordStep(portalAt, true)],
    protocol: 'none' as const,
    correlationId: rng.uuid(),
  };
  signIns.push(makeSignIn(tenant, rng, { ...portal, at: portalAt, errorCode: 50140 }));
  const portalSignIn = makeSignIn(tenant, rng, { ...portal, at: portalAt + 7 * SECOND, errorCode: 0 });
  signIns.push(portalSignIn);

  const asExec = byUser(exec, TAKEOVER_NET.ip);
  const roleAssignment = makeAudit(rng, {
    at: portalAt + 14 * MINUTE + rng.int(0, 59) * SECOND,
    service: 'Core Directory',
    category: 'RoleManagement',
    activity: 'Add member to role',
    operationType: 'Assign',
    initiatedBy: asExec,
    targets: [servicePrincipalTarget(octiga, roleMembership(ga, 'add')), otherTarget('Role', ga.objectId, null)],
    additionalDetails: userAgentDetail(ATTACKER_BROWSER.userAgent),
  });
  const keyId = rng.uuid();
  const credentialAdded = makeAudit(rng, {
    at: portalAt + 21 * MINUTE + rng.int(0, 59) * SECOND,
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Add service principal credentials',
    operationType: 'Update',
    initiatedBy: asExec,
    targets: [
      servicePrincipalTarget(octiga, [
        changed('KeyDescription', [], [`[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=sync]`]),
        changed('Included Updated Properties', null, 'KeyDescription'),
      ]),
    ],
    additionalDetails: userAgentDetail(ATTACKER_BROWSER.userAgent),
  });
  directoryAudits.push(roleAssignment, credentialAdded);

  // 09-30 to 10-02: the app resets passwords and the attacker reads mail over EAS.
  const [first, second, third, fourth] = pickVictims(tenant, rng);
  const plan: readonly (readonly [string, 'sp' | 'eas' | 'reset' | 'fail', TenantUser | null])[] = [
    ['2025-09-30T01:12:00Z', 'sp', null],
    ['2025-09-30T01:15:00Z', 'reset', first],
    ['2025-09-30T01:19:00Z', 'fail', second],
    ['2025-09-30T01:31:00Z', 'eas', exec],
    ['2025-09-30T02:47:00Z', 'eas', exec],
    ['2025-10-01T00:58:00Z', 'sp', null],
    ['2025-10-01T01:02:00Z', 'reset', third],
    ['2025-10-01T01:05:00Z', 'fail', second],
    ['2025-10-01T01:20:00Z', 'eas', first],
    ['2025-10-01T01:44:00Z', 'eas', exec],
    ['2025-10-02T02:05:00Z', 'sp', null],
    ['2025-10-02T02:09:00Z', 'reset', fourth],
    ['2025-10-02T02:30:00Z', 'eas', exec],
    ['2025-10-02T02:41:00Z', 'eas', first],
  ];
  const resets: { target: TenantUser; audits: GraphDirectoryAudit[]; ok: boolean }[] = [];
  const servicePrincipalSignIns: BetaSignIn[] = [];
  const easSignIns: BetaSignIn[] = [];
  for (const [iso, kind, who] of plan) {
    const at = jitter(iso);
    if (kind === 'sp') {
      const s = makeSignIn(tenant, rng, {
        at,
        servicePrincipal: { sp: octiga, credentialKeyId: keyId },
        app: octiga,
        resource: MS.graph,
        clientAppUsed: '',
        net: TAKEOVER_NET,
        device: unknownDevice(),
        userAgent: '',
        errorCode: 0,
        mfa: false,
        authenticationDetails: [],
        protocol: 'none',
      });
      servicePrincipalSignIns.push(s);
    } else if (who === null) {
      throw new Error(`spray-backdoor: no victim for ${kind} at ${iso}`);
    } else if (kind === 'eas') {
      easSignIns.push(
        makeSignIn(tenant, rng, {
          user: who,
          at,
          app: MS.exchangeOnline,
          resource: MS.exchangeOnline,
          clientAppUsed: 'Exchange ActiveSync',
          net: TAKEOVER_NET,
          device: ATTACKER_EAS_CLIENT.device,
          userAgent: ATTACKER_EAS_CLIENT.userAgent,
          errorCode: 0,
          mfa: false,
          authenticationDetails: [passwordStep(at, true)],
          protocol: 'ropc',
        }),
      );
    } else {
      const ok = kind === 'reset';
      const audits = passwordReset(rng, {
        at,
        initiatedBy: byApp(octiga),
        target: who,
        userAgent: ATTACKER_SCRIPT_USER_AGENT,
        ...(ok ? {} : { failureReason: RESET_FAILURE_REASON }),
      });
      resets.push({ target: who, audits, ok });
      directoryAudits.push(...audits);
    }
  }
  signIns.push(...servicePrincipalSignIns, ...easSignIns);
  return {
    signIns,
    directoryAudits,
    portalSignIn,
    roleAssignment,
    credentialAdded,
    resets,
    servicePrincipalSignIns,
    easSignIns,
  };
}

/**
 * Four Finance people (the attacker is after invoices). The first must have no per-user MFA, because the attacker
 * reads that mailbox over basic-auth EAS after resetting the password.
 */
function pickVictims(tenant: Tenant, rng: Rng): [TenantUser, TenantUser, TenantUser, TenantUser] {
  const pool = tenant.users.filter((u) => u !== tenant.executive && u.department === 'Finance' && u.createdAt === null);
  const noMfa = pool.filter((u) => !u.perUserMfa);
  const first = rng.pick(noMfa.length > 0 ? noMfa : pool);
  const [second, third, fourth] = rng.sample(
    pool.filter((u) => u !== first),
    3,
  );
  if (fourth === undefined || third === undefined || second === undefined) {
    throw new Error('spray-backdoor: the tenant has fewer than four Finance people');
  }
  return [first, second, third, fourth];
}
