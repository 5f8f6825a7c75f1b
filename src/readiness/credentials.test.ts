import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialHygiene } from './credentials.js';
import { federationCerts } from './federation.js';
import { privilegedPrincipals } from './privileged.js';

const NOW = Date.parse('2025-10-03T00:00:00Z');
const TENANT = '11111111-1111-1111-1111-111111111111';
const GRAPH_SP = 'sp-graph';
const MAIL_READ = 'role-mail-read';

const servicePrincipals = [
  {
    id: GRAPH_SP,
    appId: '00000003-0000-0000-c000-000000000000',
    displayName: 'Microsoft Graph',
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    appRoles: [{ id: MAIL_READ, value: 'Mail.Read' }],
    passwordCredentials: [],
    keyCredentials: [],
  },
  {
    id: 'sp-backdoor',
    appId: 'app-backdoor',
    displayName: 'Octiga Cloud Security',
    appOwnerOrganizationId: '99999999-9999-9999-9999-999999999999',
    passwordCredentials: [
      { keyId: 'k-foreign', startDateTime: '2025-09-26T01:30:00Z', endDateTime: '2027-09-26T01:30:00Z' },
    ],
    keyCredentials: [],
  },
  {
    id: 'sp-invoice',
    appId: 'app-invoice',
    displayName: 'Invoicing',
    appOwnerOrganizationId: TENANT,
    passwordCredentials: [],
    keyCredentials: [],
  },
  {
    id: 'sp-mailer',
    appId: 'app-mailer',
    displayName: 'Mailer',
    appOwnerOrganizationId: TENANT,
    passwordCredentials: [],
    keyCredentials: [],
  },
];
const applications = [
  // A secret never rotated since 2022 with a 3-year lifetime, on an app holding Global Administrator.
  {
    id: 'a-invoice',
    appId: 'app-invoice',
    displayName: 'Invoicing',
    passwordCredentials: [
      { keyId: 'k-old', startDateTime: '2022-10-01T00:00:00Z', endDateTime: '2025-12-31T00:00:00Z' },
    ],
    keyCredentials: [],
  },
  // A certificate that expired but is still on the app, beside a fresh one with a one-year lifetime.
  {
    id: 'a-mailer',
    appId: 'app-mailer',
    displayName: 'Mailer',
    passwordCredentials: [],
    keyCredentials: [
      {
        keyId: 'k-expired',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        startDateTime: '2024-01-01T00:00:00Z',
        endDateTime: '2025-01-01T00:00:00Z',
      },
      {
        keyId: 'k-fresh',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        startDateTime: '2025-06-01T00:00:00Z',
        endDateTime: '2026-05-31T00:00:00Z',
      },
    ],
  },
];
const privileged = privilegedPrincipals({
  servicePrincipals,
  roleDefinitions: [
    { id: 'rd-ga', templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
    { id: 'rd-reader', displayName: 'Directory Readers' },
  ],
  roleAssignments: [
    { principalId: 'sp-invoice', roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
    { principalId: 'sp-backdoor', roleDefinitionId: 'rd-reader', directoryScopeId: '/' },
  ],
  appRoleAssignments: [{ principalId: 'sp-mailer', resourceId: GRAPH_SP, appRoleId: MAIL_READ }],
});

describe('privilegedPrincipals', () => {
  it('finds privileged directory roles and high-privilege app permissions, not readers', () => {
    expect(Object.fromEntries(privileged)).toEqual({
      'sp-invoice': ['Global Administrator'],
      'sp-mailer': ['Mail.Read'],
    });
  });
});

describe('credentialHygiene', () => {
  const rows = credentialHygiene({ applications, servicePrincipals, privileged, tenantId: TENANT }, NOW);

  it('ranks the privileged, never-rotated secret first, then the foreign-app credential', () => {
    expect(rows.map((r) => [r.keyId, r.issues])).toEqual([
      ['k-old', ['long-lifetime', 'never-rotated', 'privileged-secret']],
      ['k-foreign', ['long-lifetime', 'foreign-app-credential']],
      ['k-expired', ['expired-present']],
      ['k-fresh', []],
    ]);
    expect(rows[0]).toMatchObject({
      displayName: 'Invoicing',
      kind: 'secret',
      ageDays: 1098,
      lifetimeDays: 1187,
      daysToExpiry: 89,
    });
    expect(rows[0]?.action).toMatch(/^rotate now/);
    expect(rows[1]?.action).toMatch(/^remove it unless its owner can say why/);
    expect(rows[2]?.action).toBe('remove the expired credential');
  });
});

describe('credentialHygiene with last use (appCredentialSignInActivities)', () => {
  const activities = (
    JSON.parse(
      readFileSync(new URL('./test-fixtures/appCredentialSignInActivities.json', import.meta.url), 'utf8'),
    ) as { value: Record<string, unknown>[] }
  ).value;
  // An unprivileged app whose secret was last used in May: idle for five months.
  const reporting = {
    id: 'a-reporting',
    appId: 'app-reporting',
    displayName: 'Reporting',
    passwordCredentials: [
      { keyId: 'k-idle', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-01T00:00:00Z' },
    ],
    keyCredentials: [],
  };
  const input = { applications: [...applications, reporting], servicePrincipals, privileged, tenantId: TENANT };
  const rows = credentialHygiene({ ...input, signInActivities: activities }, NOW);
  const byKey = (k: string) => rows.find((r) => r.keyId === k);

  it('gives each credential its last use: a time, never, matched on key id, origin and app', () => {
    expect(byKey('k-old')).toMatchObject({ lastUse: 'used', lastUsed: '2025-10-01T06:12:44.000Z', unusedDays: 1 });
    // Key ids match whatever their case.
    expect(byKey('k-foreign')).toMatchObject({ lastUse: 'used', lastUsed: '2025-09-30T01:12:31.000Z' });
    // The newest of the interactive and non-interactive times.
    expect(byKey('k-idle')).toMatchObject({ lastUse: 'used', lastUsed: '2025-05-01T08:30:00.000Z', unusedDays: 154 });
    // The application's certificate never signed in; the service principal entry with the same key id used
    // recently must not lend it its use. Never used: counted from when it was added.
    expect(byKey('k-fresh')).toMatchObject({ lastUse: 'never', lastUsed: null, unusedDays: 124 });
    // Not in the report at all: never used either.
    expect(byKey('k-expired')).toMatchObject({ lastUse: 'never' });
  });

  it('flags never-used and unused credentials and puts their removal ahead of plain rotation', () => {
    expect(byKey('k-fresh')?.issues).toEqual(['never-used']);
    expect(byKey('k-fresh')?.action).toBe('remove it: never used to sign in in the 124 days since it was added');
    expect(byKey('k-idle')?.issues).toEqual(['long-lifetime', 'unused']);
    expect(byKey('k-idle')?.action).toBe('remove it: not used to sign in for 154 days');
    // In use: no idle issue, the other issues as before; expired: removed for that reason, not for being idle.
    expect(byKey('k-old')?.issues).toEqual(['long-lifetime', 'never-rotated', 'privileged-secret']);
    expect(byKey('k-expired')?.issues).toEqual(['expired-present']);
    const order = rows.map((r) => r.keyId);
    expect(order.indexOf('k-idle')).toBeLessThan(order.indexOf('k-expired'));
    expect(order.indexOf('k-fresh')).toBeLessThan(order.indexOf('k-expired'));
    // Without last use, the same idle secret ranks below the expired one's removal... and is only "rotate".
    const blind = credentialHygiene(input, NOW);
    expect(blind.find((r) => r.keyId === 'k-idle')).toMatchObject({
      lastUse: 'unknown',
      unusedDays: null,
      issues: ['long-lifetime'],
      action: 'rotate; keep lifetime under 180 days',
    });
    expect(blind.every((r) => r.lastUse === 'unknown' && !r.issues.includes('never-used'))).toBe(true);
  });
});

describe('federationCerts', () => {
  const pem = readFileSync(new URL('./test-fixtures/signing-cert.pem', import.meta.url), 'utf8');
  const b64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const from = Date.parse(new X509Certificate(pem).validFrom);
  const config = {
    '@premortem.domainId': 'fed.contoso-demo.com',
    issuerUri: 'http://adfs/trust',
    signingCertificate: b64,
  };

  it('reads the signing certificate dates and flags one older than a year with no rollover staged', () => {
    const [c] = federationCerts([config], from + 400 * 86_400_000);
    expect(c).toMatchObject({ domain: 'fed.contoso-demo.com', ageDays: 400, nextStaged: false });
    expect(c?.issues).toEqual(['signing certificate older than a year (not rotated)']);
  });

  it('passes a fresh certificate and reports one that cannot be parsed', () => {
    expect(federationCerts([config], from + 10 * 86_400_000)[0]?.issues).toEqual([]);
    expect(federationCerts([config], from - 86_400_000)[0]?.issues).toEqual(['signing certificate not valid yet']);
    expect(federationCerts([{ ...config, signingCertificate: 'MIIC' }], NOW)[0]?.issues).toEqual([
      'signing certificate could not be parsed',
    ]);
  });
});
