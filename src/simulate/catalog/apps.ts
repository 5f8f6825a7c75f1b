/**
 * Applications the demo tenant uses. Microsoft's first-party application ids are real and the same in every tenant
 * (sign-in logs show them as appId / resourceId), so detections written against the simulator hold in production.
 * Third-party ids are invented (fixed, v4-formatted) because a gallery app's id is its publisher's, not ours.
 */

/** An application as sign-in logs and audit initiators name it. */
export interface AppRef {
  readonly appId: string;
  readonly displayName: string;
}

/** Microsoft first-party applications, by their real application ids. */
export const MS = {
  azurePortal: { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', displayName: 'Azure Portal' },
  azureManagementApi: {
    appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    displayName: 'Windows Azure Service Management API',
  },
  exchangeOnline: { appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online' },
  sharePoint: { appId: '00000003-0000-0ff1-ce00-000000000000', displayName: 'Office 365 SharePoint Online' },
  graph: { appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph' },
  office: { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', displayName: 'Microsoft Office' },
  teams: { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', displayName: 'Microsoft Teams' },
  teamsServices: { appId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', displayName: 'Microsoft Teams Services' },
  authBroker: { appId: '29d9ed98-a469-4536-ade2-f981bc1d605e', displayName: 'Microsoft Authentication Broker' },
  deviceRegistration: { appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', displayName: 'Device Registration Service' },
  officeHome: { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', displayName: 'OfficeHome' },
  outlookWeb: { appId: '9199bf20-a13f-4107-85dc-02114787ef48', displayName: 'One Outlook Web' },
  outlookMobile: { appId: '27922004-5251-4030-b22d-91ecd9a37ea4', displayName: 'Outlook Mobile' },
  oneDriveSync: { appId: 'ab9b8c07-8f02-4f72-87fa-80105867a763', displayName: 'OneDrive SyncEngine' },
  myApps: { appId: '2793995e-0a7d-40d7-bd35-6968ba142197', displayName: 'My Apps' },
  azurePowerShell: { appId: '1950a258-227b-4e31-a9cf-717495945fc2', displayName: 'Microsoft Azure PowerShell' },
  azureCli: { appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', displayName: 'Microsoft Azure CLI' },
  companyPortal: { appId: '9ba1a5c7-f17a-4de9-a1f1-6178c8d51223', displayName: 'Microsoft Intune Company Portal' },
  /** Privileged Identity Management's own principal: Core Directory logs PIM role changes as initiated by it. */
  msPim: { appId: '01fc33a7-78ba-4d2f-a4b7-768e336e890e', displayName: 'MS-PIM' },
} as const satisfies Record<string, AppRef>;

/** Third-party multi-tenant applications consented in the demo tenant (invented ids). */
export const THIRD_PARTY = {
  /** The seed-003 backdoor target: a real MSP security product, legitimately consented before the window. */
  octiga: { appId: '3f1c6a2e-8b4d-4e7a-9c15-6d2e8f0a4b71', displayName: 'Octiga Cloud Security' },
  salesforce: { appId: 'a7d4e2c1-5f38-4b96-8e0d-2c7b9a1f6e53', displayName: 'Salesforce' },
  xero: { appId: '5e9b1d7c-2a64-4f8e-b3c0-9d1e7a4c2b86', displayName: 'Xero' },
  atlassian: { appId: 'c2f8a6d4-9e17-4b35-a0c8-7e4d1b9f3a62', displayName: 'Atlassian Cloud' },
  zoom: { appId: '8b3e5f1a-6c92-4d07-9f4b-1a8c3e6d5f29', displayName: 'Zoom' },
  docusign: { appId: 'd6a1c9e4-3b57-4f2a-8d61-5c9f2e7b0a14', displayName: 'DocuSign' },
  workday: { appId: '1a7f3c8e-4d26-4b91-a5e3-8f0c6b2d9e47', displayName: 'Workday' },
  miro: { appId: 'e4b2d8f6-1c73-4a59-9b2e-3f6a8d1c7e05', displayName: 'Miro' },
} as const satisfies Record<string, AppRef>;

/** Every application that has a service principal in the demo tenant (about twenty, as the brief asks). */
export const TENANT_APPS: readonly AppRef[] = [...Object.values(MS), ...Object.values(THIRD_PARTY)];

/** The service principal added during the window (by an Application Administrator), not present before it. */
export const APP_ADDED_IN_WINDOW: AppRef = THIRD_PARTY.miro;
