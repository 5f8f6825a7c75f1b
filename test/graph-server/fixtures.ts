/**
 * Small, real-shaped Graph records for tests that need to run in a second: sign-ins of the four kinds, directory
 * audits, Identity Protection and PIM records, a password spray, and a configuration for snapshots. Ids are
 * deterministic; some records share a timestamp on purpose (checkpoint boundaries must handle ties).
 */
import type { ConfigData, GraphObject, TenantStore } from './tenant-data.js';

const KINDS = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;
const MINUTE = 60_000;

/** A GUID-shaped id: the prefix names the collection, n makes it unique. */
export function fixtureId(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function signInRecord(
  n: number,
  at: number,
  kind: (typeof KINDS)[number],
  over: Partial<GraphObject> = {},
): GraphObject {
  const user = kind === 'interactiveUser' || kind === 'nonInteractiveUser';
  return {
    id: fixtureId(0x51, n),
    createdDateTime: iso(at),
    userDisplayName: user ? `User ${n % 40}` : null,
    userPrincipalName: user ? `user${n % 40}@contoso-demo.com` : null,
    userId: user ? fixtureId(0x75, n % 40) : '',
    appId: '00000003-0000-0000-c000-000000000000',
    appDisplayName: 'Microsoft Graph',
    ipAddress: `192.0.2.${(n % 200) + 1}`,
    clientAppUsed: user ? 'Browser' : '',
    userAgent: 'Mozilla/5.0',
    correlationId: fixtureId(0xc0, n),
    conditionalAccessStatus: 'notApplied',
    isInteractive: kind === 'interactiveUser',
    servicePrincipalId: user ? '' : fixtureId(0x59, n % 5),
    servicePrincipalName: user ? null : `Service ${n % 5}`,
    signInEventTypes: [kind],
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    location: { city: 'Singapore', state: 'Singapore', countryOrRegion: 'SG' },
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: 'Windows10',
      browser: 'Edge',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    ...over,
  };
}

export function auditRecord(n: number, at: number): GraphObject {
  return {
    id: `Directory_${fixtureId(0xa0, n)}_X_${n}`,
    category: 'UserManagement',
    correlationId: fixtureId(0xc1, n),
    result: 'success',
    resultReason: '',
    activityDisplayName: n % 3 === 0 ? 'Update user' : 'Add member to group',
    activityDateTime: iso(at),
    loggedByService: 'Core Directory',
    operationType: n % 3 === 0 ? 'Update' : 'Assign',
    initiatedBy: {
      user: {
        id: fixtureId(0x75, 1),
        displayName: 'Admin',
        userPrincipalName: 'admin@contoso-demo.com',
        ipAddress: '192.0.2.10',
      },
      app: null,
    },
    targetResources: [
      {
        id: fixtureId(0x75, n % 40),
        displayName: null,
        type: 'User',
        userPrincipalName: `user${n % 40}@contoso-demo.com`,
        modifiedProperties: [],
      },
    ],
    additionalDetails: [],
  };
}

/** counts per collection, spread over the `days` before `now`. */
export interface LogFixtureOptions {
  readonly now: number;
  readonly days?: number;
  readonly signIns?: number;
  readonly audits?: number;
  readonly risk?: number;
}

/** Fills the store with sign-ins of every kind, audits, risk detections, risky users and PIM alerts. */
export function addLogFixtures(store: TenantStore, o: LogFixtureOptions): void {
  const span = (o.days ?? 3) * 86_400_000;
  const nSignIns = o.signIns ?? 240;
  const signIns: GraphObject[] = [];
  let at = o.now - span;
  for (let n = 0; n < nSignIns; n++) {
    // Every 7th record shares the time of the one before: ties at page and checkpoint boundaries.
    if (n % 7 !== 0) at += Math.floor(span / nSignIns);
    signIns.push(signInRecord(n, at, KINDS[n % KINDS.length] as (typeof KINDS)[number]));
  }
  store.add('signIns', signIns);
  const nAudits = o.audits ?? 60;
  store.add(
    'directoryAudits',
    Array.from({ length: nAudits }, (_, n) => auditRecord(n, o.now - span + Math.floor(((n + 0.5) * span) / nAudits))),
  );
  const nRisk = o.risk ?? 6;
  store.add(
    'riskDetections',
    Array.from({ length: nRisk }, (_, n) => {
      const t = iso(o.now - span + ((n + 1) * span) / (nRisk + 1));
      return {
        id: fixtureId(0x71, n),
        requestId: fixtureId(0x51, n),
        riskEventType: n % 2 ? 'unfamiliarFeatures' : 'passwordSpray',
        riskLevel: 'medium',
        riskState: 'atRisk',
        detectionTimingType: 'offline',
        activity: 'signin',
        activityDateTime: t,
        detectedDateTime: t,
        lastUpdatedDateTime: t,
        userId: fixtureId(0x75, n),
        userPrincipalName: `user${n}@contoso-demo.com`,
        ipAddress: '203.0.113.57',
      };
    }),
  );
  store.add(
    'riskyUsers',
    Array.from({ length: 3 }, (_, n) => ({
      id: fixtureId(0x75, n),
      userPrincipalName: `user${n}@contoso-demo.com`,
      riskLevel: 'medium',
      riskState: 'atRisk',
      riskDetail: 'none',
      riskLastUpdatedDateTime: iso(o.now - span / 2 + n * MINUTE),
      isDeleted: false,
      isProcessing: false,
    })),
  );
  store.add(
    'servicePrincipalRiskDetections',
    Array.from({ length: 2 }, (_, n) => {
      const t = iso(o.now - span / 4 + n * MINUTE);
      return {
        id: fixtureId(0x72, n),
        requestId: fixtureId(0x52, n),
        correlationId: fixtureId(0xc2, n),
        riskEventType: n === 0 ? 'investigationsThreatIntelligence' : 'leakedCredentials',
        riskState: 'atRisk',
        riskLevel: 'high',
        riskDetail: 'none',
        source: 'IdentityProtection',
        detectionTimingType: 'offline',
        activity: 'servicePrincipal',
        ipAddress: '203.0.113.90',
        activityDateTime: t,
        detectedDateTime: t,
        lastUpdatedDateTime: t,
        servicePrincipalId: fixtureId(0x59, 3),
        servicePrincipalDisplayName: 'Service 3',
        appId: fixtureId(0xa9, 3),
        keyIds: [fixtureId(0xb0, 3)],
      };
    }),
  );
  store.add(
    'riskyServicePrincipals',
    Array.from({ length: 2 }, (_, n) => ({
      id: fixtureId(0x59, 3 - n),
      appId: fixtureId(0xa9, 3 - n),
      displayName: `Service ${3 - n}`,
      servicePrincipalType: 'Application',
      accountEnabled: true,
      isProcessing: false,
      riskLevel: n === 0 ? 'high' : 'low',
      riskState: n === 0 ? 'atRisk' : 'dismissed',
      riskDetail: n === 0 ? 'none' : 'adminDismissedAllRiskForServicePrincipal',
      riskLastUpdatedDateTime: iso(o.now - span / 4 + (n + 2) * MINUTE),
    })),
  );
  store.add('roleManagementAlerts', [
    {
      id: 'DirectoryRole_8f3c2a10_RolesAssignedOutsidePimAlert',
      alertDefinitionId: 'DirectoryRole_8f3c2a10_RolesAssignedOutsidePimAlert',
      scopeId: '/',
      scopeType: 'DirectoryRole',
      incidentCount: 1,
      isActive: true,
      lastModifiedDateTime: iso(o.now - span / 3),
      lastScannedDateTime: iso(o.now - MINUTE),
    },
  ]);
}

/**
 * A password spray: `accounts` failed legacy-protocol sign-ins (50126, SMTP AUTH) from one address within
 * minutes, then one success for the last account: the shape seed 003 describes.
 */
export function sprayRecords(start: number, accounts: number, ip = '203.0.113.57', firstId = 90_000): GraphObject[] {
  const out: GraphObject[] = [];
  for (let i = 0; i < accounts; i++) {
    const success = i === accounts - 1;
    out.push(
      signInRecord(firstId + i, start + i * 20_000, 'interactiveUser', {
        userPrincipalName: `sprayed${i}@contoso-demo.com`,
        userDisplayName: `Sprayed ${i}`,
        userId: fixtureId(0x76, i),
        appId: '00000002-0000-0ff1-ce00-000000000000',
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: ip,
        clientAppUsed: 'Authenticated SMTP',
        userAgent: 'BAV2ROPC',
        authenticationProtocol: 'ropc',
        location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL' },
        status: success
          ? { errorCode: 0, failureReason: null, additionalDetails: null }
          : {
              errorCode: 50126,
              failureReason: 'Error validating credentials due to invalid username or password.',
              additionalDetails: null,
            },
      }),
    );
  }
  return out;
}

/** A small tenant configuration: every snapshot resource, with a few objects each. */
export function configFixture(users = 5): ConfigData {
  const list = (prefix: number, n: number, f: (i: number) => GraphObject) =>
    Array.from({ length: n }, (_, i) => ({ id: fixtureId(prefix, i), ...f(i) }));
  const sps = list(0x59, 4, (i) => ({
    appId: fixtureId(0xa9, i),
    displayName: `Service ${i}`,
    appRoles: i === 0 ? [{ id: fixtureId(0xa8, 1), value: 'Directory.Read.All' }] : [],
    keyCredentials: [],
    passwordCredentials:
      i === 3 ? [{ keyId: fixtureId(0xb0, 3), displayName: 'backdoor', endDateTime: '2027-01-01T00:00:00Z' }] : [],
    owners: [],
  }));
  return {
    lists: {
      users: list(0x75, users, (i) => ({
        displayName: `User ${i}`,
        userPrincipalName: `user${i}@contoso-demo.com`,
        accountEnabled: true,
        signInActivity: { lastSignInDateTime: '2025-09-30T10:00:00Z' },
      })),
      userRegistrationDetails: list(0x75, users, (i) => ({
        userPrincipalName: `user${i}@contoso-demo.com`,
        isMfaRegistered: i % 2 === 0,
      })),
      conditionalAccessPolicies: list(0xca, 2, (i) => ({ displayName: `Policy ${i}`, state: 'enabled' })),
      namedLocations: list(0x4e, 1, () => ({ displayName: 'Office', isTrusted: true })),
      roleDefinitions: list(0x6d, 3, (i) => ({
        displayName: ['Global Administrator', 'User Administrator', 'Helpdesk Administrator'][i],
      })),
      roleAssignments: list(0x6a, 2, (i) => ({
        principalId: fixtureId(0x75, i),
        roleDefinitionId: fixtureId(0x6d, i),
        directoryScopeId: '/',
      })),
      roleEligibilitySchedules: list(0x6e, 1, () => ({
        principalId: fixtureId(0x75, 2),
        roleDefinitionId: fixtureId(0x6d, 1),
      })),
      roleAssignmentScheduleInstances: list(0x6f, 1, () => ({
        principalId: fixtureId(0x75, 0),
        roleDefinitionId: fixtureId(0x6d, 0),
        assignmentType: 'Assigned',
      })),
      servicePrincipals: sps,
      applications: list(0xa9, 2, (i) => ({
        appId: fixtureId(0xa9, i),
        displayName: `App ${i}`,
        passwordCredentials: [],
        keyCredentials: [],
        owners: [],
      })),
      oauth2PermissionGrants: list(0x06, 1, () => ({
        clientId: fixtureId(0x59, 1),
        consentType: 'AllPrincipals',
        scope: 'Mail.Read',
      })),
      domains: [
        { id: 'contoso-demo.com', authenticationType: 'Managed', isVerified: true },
        { id: 'fed.contoso-demo.com', authenticationType: 'Federated', isVerified: true },
      ],
      organization: list(0x0f, 1, () => ({ displayName: 'Contoso Demo Pte Ltd' })),
      subscribedSkus: list(0x5c, 1, () => ({ skuPartNumber: 'AAD_PREMIUM_P2', prepaidUnits: { enabled: 500 } })),
      appCredentialSignInActivities: appCredentialSignInActivities(),
    },
    singles: {
      securityDefaults: { id: '00000000-0000-0000-0000-000000000005', isEnabled: false },
      authenticationMethodsPolicy: { id: 'authenticationMethodsPolicy', policyVersion: '1.5' },
      authorizationPolicy: {
        id: 'authorizationPolicy',
        allowInvitesFrom: 'everyone',
        defaultUserRolePermissions: { allowedToCreateApps: true },
      },
    },
    appRoleAssignedTo: {
      [fixtureId(0x59, 0)]: [
        {
          id: 'assign-1',
          principalId: fixtureId(0x59, 3),
          resourceId: fixtureId(0x59, 0),
          appRoleId: fixtureId(0xa8, 1),
          principalType: 'ServicePrincipal',
        },
      ],
    },
    federation: {
      'fed.contoso-demo.com': [
        {
          id: fixtureId(0xfe, 0),
          issuerUri: 'http://adfs.contoso-demo.com/adfs/services/trust',
          signingCertificate: 'MIIC',
        },
      ],
    },
  };
}

/**
 * The beta report of when each app credential last signed in (GET /beta/reports/appCredentialSignInActivities):
 * one used certificate of an app, and the "backdoor" secret of Service 3's service principal, unused for months.
 * The ids follow Graph's documented form (base64 of appId + keyId).
 */
export function appCredentialSignInActivities(): GraphObject[] {
  const entry = (i: number, over: GraphObject): GraphObject => ({
    id: Buffer.from(`${fixtureId(0xa9, i)}${fixtureId(0xb0, i)}`).toString('base64'),
    keyId: fixtureId(0xb0, i),
    keyType: 'clientSecret',
    keyUsage: 'Verify',
    appId: fixtureId(0xa9, i),
    appObjectId: fixtureId(0xaa, i),
    servicePrincipalObjectId: fixtureId(0x59, i),
    resourceId: '00000003-0000-0000-c000-000000000000',
    credentialOrigin: 'application',
    expirationDateTime: '2027-01-01T00:00:00Z',
    signInActivity: {
      lastSignInDateTime: '2025-09-30T10:00:00Z',
      lastSignInRequestId: fixtureId(0x51, i),
    },
    ...over,
  });
  return [
    entry(1, { keyType: 'certificate', credentialOrigin: 'application' }),
    entry(3, {
      credentialOrigin: 'servicePrincipal',
      appObjectId: null,
      signInActivity: { lastSignInDateTime: '2025-03-02T08:15:00Z', lastSignInRequestId: fixtureId(0x51, 3) },
    }),
  ];
}

/** "2025-01-02T03:04:05": the unified audit log's CreationTime, UTC without a zone letter, as Microsoft writes it. */
export const ualTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const UAL_KINDS = [
  { Workload: 'Exchange', RecordType: 50, Operation: 'MailItemsAccessed' },
  { Workload: 'Exchange', RecordType: 1, Operation: 'New-InboxRule' },
  { Workload: 'SharePoint', RecordType: 6, Operation: 'FileAccessed' },
  { Workload: 'OneDrive', RecordType: 6, Operation: 'FileDownloaded' },
  { Workload: 'AzureActiveDirectory', RecordType: 15, Operation: 'UserLoggedIn' },
  { Workload: 'MicrosoftTeams', RecordType: 25, Operation: 'TeamsSessionStarted' },
] as const;

/** A Management Activity API record (AuditData) of one of six workloads/operations, by n. */
export function ualRecord(n: number, at: number, over: Partial<GraphObject> = {}): GraphObject {
  const kind = UAL_KINDS[n % UAL_KINDS.length] as (typeof UAL_KINDS)[number];
  return {
    CreationTime: ualTime(at),
    Id: fixtureId(0xa1, n),
    Operation: kind.Operation,
    OrganizationId: '8f3c2a10-5b7e-4c1d-9a6f-2e4b8d0c7a19',
    RecordType: kind.RecordType,
    ResultStatus: 'Succeeded',
    UserKey: `1003200${n % 40}`,
    UserType: 0,
    Version: 1,
    Workload: kind.Workload,
    ClientIP: `198.51.100.${(n % 200) + 1}`,
    UserId: `user${n % 40}@contoso-demo.com`,
    AppId: '00000002-0000-0ff1-ce00-000000000000',
    ObjectId: kind.Workload === 'Exchange' ? `user${n % 40}@contoso-demo.com` : `/sites/team/doc${n}.docx`,
    ...over,
  };
}

/** `count` UAL records spread over the last `days` days before now (every 5th shares its predecessor's time). */
export function ualRecords(o: { now: number; count?: number; days?: number; firstId?: number }): GraphObject[] {
  const count = o.count ?? 90;
  const span = (o.days ?? 3) * 86_400_000;
  const out: GraphObject[] = [];
  let at = o.now - span;
  for (let i = 0; i < count; i++) {
    if (i % 5 !== 0) at += Math.floor(span / count);
    out.push(ualRecord((o.firstId ?? 0) + i, at));
  }
  return out;
}
