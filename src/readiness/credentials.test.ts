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
