/**
 * Stages 2-4: with the engineer's password the attacker signs in to the Azure portal, adds a client secret to the
 * tenant's own "Contoso Data Sync" application (ATT&CK T1098.001: an application admin can do that without any
 * directory role of its own), then signs in as the application and uses its Graph permissions to invite a guest
 * and make it Global Administrator outside PIM. The guest signs in; the engineer's mailbox is read over IMAP4.
 */
import {
  byApp,
  byUser,
  changed,
  makeAudit,
  otherTarget,
  roleMembership,
  userAgentDetail,
} from '../../audit-factory.js';
import { SECOND, utc } from '../../calendar.js';
import { MS } from '../../catalog/apps.js';
import { unknownDevice } from '../../catalog/devices.js';
import type { BetaSignIn, GraphDirectoryAudit, GraphTargetResource } from '../../graph-types.js';
import type { Rng } from '../../random.js';
import { makeSignIn, passwordStep } from '../../signin-factory.js';
import type { Tenant, TenantServicePrincipal, TenantUser } from '../../tenant.js';
import { BURST_BROWSER, BURST_IMAP_CLIENT, BURST_NETS, BURST_SCRIPT_USER_AGENT } from './attacker.js';

/** The records of stages 2-4, by role in the story. */
export interface AppSecretResult {
  readonly signIns: BetaSignIn[];
  readonly directoryAudits: GraphDirectoryAudit[];
  readonly app: TenantServicePrincipal;
  readonly credentialAdded: GraphDirectoryAudit;
  readonly keyId: string;
  readonly guestInvited: GraphDirectoryAudit;
  readonly roleAssignment: GraphDirectoryAudit;
  readonly guestUpn: string;
  readonly appSignIns: BetaSignIn[];
  readonly imapSignIns: BetaSignIn[];
}

/** Runs stages 2-4 (pass the scenario's `rng.fork('app-secret')`). */
export function appSecret(tenant: Tenant, rng: Rng, victim: TenantUser, after: number): AppSecretResult {
  const [attackA, attackB] = BURST_NETS;
  const local = tenant.applications.find((a) => a.displayName === 'Contoso Data Sync') ?? tenant.applications[0];
  if (!local) throw new Error('burst-app-secret: the tenant has no application registration');
  // The tenant's own app signs in as its service principal; the simulated tenant lists only multi-tenant apps'
  // service principals, so this one gets a stable id from the scenario's stream.
  const app: TenantServicePrincipal = {
    id: rng.uuid(),
    appId: local.appId,
    displayName: local.displayName,
    createdAt: null,
  };
  const signIns: BetaSignIn[] = [];
  const at = (base: number, minutes: number) => base + minutes * 60 * SECOND + rng.int(0, 59) * SECOND;

  const portalAt = at(after, 14);
  signIns.push(
    makeSignIn(tenant, rng, {
      user: victim,
      at: portalAt,
      app: MS.azurePortal,
      resource: MS.azureManagementApi,
      clientAppUsed: 'Browser',
      net: attackA,
      device: BURST_BROWSER.device,
      userAgent: BURST_BROWSER.userAgent,
      errorCode: 0,
      mfa: false,
      authenticationDetails: [passwordStep(portalAt, true)],
      protocol: 'none',
    }),
  );
  const keyId = rng.uuid();
  const credentialAdded = makeAudit(rng, {
    at: at(portalAt, 6),
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Update application – Certificates and secrets management ',
    operationType: 'Update',
    initiatedBy: byUser(victim, attackA.ip),
    targets: [
      otherTarget('Application', local.id, local.displayName, [
        changed('KeyDescription', [], [`[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=backup]`]),
        changed('Included Updated Properties', null, 'KeyDescription'),
      ]),
    ],
    additionalDetails: userAgentDetail(BURST_BROWSER.userAgent),
  });

  // The next morning: the app's secret at work from the second address.
  const appAt = utc('2025-09-18T09:05:00Z') + rng.int(0, 300) * SECOND;
  const appSignIns = [0, 41].map((m) =>
    makeSignIn(tenant, rng, {
      at: at(appAt, m),
      servicePrincipal: { sp: app, credentialKeyId: keyId },
      app,
      resource: MS.graph,
      clientAppUsed: '',
      net: attackB,
      device: unknownDevice(),
      userAgent: '',
      errorCode: 0,
      mfa: false,
      authenticationDetails: [],
      protocol: 'none',
    }),
  );
  const guestUpn = `sync.ops_proton.example#ext#@${tenant.domain}`;
  const guestId = rng.uuid();
  const guest: GraphTargetResource = {
    id: guestId,
    displayName: 'Sync Operations',
    type: 'User',
    userPrincipalName: guestUpn,
    groupType: null,
    modifiedProperties: [],
  };
  const guestInvited = makeAudit(rng, {
    at: at(appAt, 3),
    service: 'Core Directory',
    category: 'UserManagement',
    activity: 'Invite external user',
    operationType: 'Add',
    initiatedBy: byApp(app),
    targets: [guest],
    additionalDetails: userAgentDetail(BURST_SCRIPT_USER_AGENT),
  });
  const roleAssignment = makeAudit(rng, {
    at: at(appAt, 5),
    service: 'Core Directory',
    category: 'RoleManagement',
    activity: 'Add member to role',
    operationType: 'Assign',
    initiatedBy: byApp(app),
    targets: [
      { ...guest, modifiedProperties: roleMembership(tenant.roles.globalAdmin, 'add') },
      otherTarget('Role', tenant.roles.globalAdmin.objectId, null),
    ],
    additionalDetails: userAgentDetail(BURST_SCRIPT_USER_AGENT),
  });
  const guestAt = at(appAt, 30);
  signIns.push(
    makeSignIn(tenant, rng, {
      user: { unknownUpn: guestUpn },
      at: guestAt,
      app: MS.azurePortal,
      resource: MS.azureManagementApi,
      clientAppUsed: 'Browser',
      net: attackB,
      device: BURST_BROWSER.device,
      userAgent: BURST_BROWSER.userAgent,
      errorCode: 0,
      mfa: false,
      authenticationDetails: [passwordStep(guestAt, true)],
      protocol: 'none',
    }),
  );
  // 09-19: the engineer's mailbox over IMAP4, three sessions.
  const imapSignIns = ['2025-09-19T01:10:00Z', '2025-09-19T05:40:00Z', '2025-09-19T11:25:00Z'].map((iso) => {
    const t = utc(iso) + rng.int(0, 59) * SECOND;
    return makeSignIn(tenant, rng, {
      user: victim,
      at: t,
      app: MS.exchangeOnline,
      resource: MS.exchangeOnline,
      clientAppUsed: 'IMAP4',
      net: attackA,
      device: BURST_IMAP_CLIENT.device,
      userAgent: BURST_IMAP_CLIENT.userAgent,
      errorCode: 0,
      mfa: false,
      authenticationDetails: [passwordStep(t, true)],
      protocol: 'ropc',
    });
  });
  signIns.push(...appSignIns, ...imapSignIns);
  return {
    signIns,
    directoryAudits: [credentialAdded, guestInvited, roleAssignment],
    app,
    credentialAdded,
    keyId,
    guestInvited,
    roleAssignment,
    guestUpn,
    appSignIns,
    imapSignIns,
  };
}
