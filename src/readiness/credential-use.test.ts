/**
 * Last use end to end: a configuration snapshot with and without appCredentialSignInActivities stored in a
 * workspace, read by the readiness report. With it, the idle credentials lead the removal actions and the terminal
 * says how many are never or long unused; without it, last use is "unknown (needs ..., P1)", never "never".
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { storeSnapshot } from '../snapshot/store.js';
import { LAST_USE_UNKNOWN } from './credential-use.js';
import { formatReadiness } from './format.js';
import { assessReadiness } from './report.js';

const NOW = Date.parse('2025-10-03T00:00:00Z');
const activities = JSON.parse(
  readFileSync(new URL('./test-fixtures/appCredentialSignInActivities.json', import.meta.url), 'utf8'),
) as unknown;
const applications = {
  value: [
    {
      id: 'a-reporting',
      appId: 'app-reporting',
      displayName: 'Reporting',
      passwordCredentials: [
        { keyId: 'k-idle', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-01T00:00:00Z' },
      ],
      keyCredentials: [],
    },
    {
      id: 'a-mailer',
      appId: 'app-mailer',
      displayName: 'Mailer',
      passwordCredentials: [],
      keyCredentials: [
        { keyId: 'k-fresh', startDateTime: '2025-06-01T00:00:00Z', endDateTime: '2026-05-31T00:00:00Z' },
      ],
    },
  ],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function readiness(withActivities: boolean) {
  const t = await tempWorkspace();
  cleanup = t.cleanup;
  await storeSnapshot(t.ws, {
    snapshotId: 'snap-1',
    takenAt: '2025-10-02T12:00:00Z',
    tenantId: 'tenant-1',
    origin: 'folder',
    resources: [
      { name: 'applications', status: 'ok', body: applications },
      { name: 'servicePrincipals', status: 'ok', body: { value: [] } },
      withActivities
        ? { name: 'appCredentialSignInActivities', status: 'ok', body: activities }
        : { name: 'appCredentialSignInActivities', status: 'unavailable', detail: 'needs Entra ID P1' },
    ],
  });
  return assessReadiness(t.ws, { now: NOW });
}

describe('credential last use in the readiness report', () => {
  it('uses appCredentialSignInActivities from the snapshot: idle credentials first, to remove', async () => {
    const r = await readiness(true);
    expect(r.credentials.lastUse).toEqual({ source: 'appCredentialSignInActivities', snapshot: 'snap-1' });
    expect(r.credentials.counts).toMatchObject({ total: 2, 'never-used': 1, unused: 1 });
    expect(r.credentials.rotateFirst.map((c) => [c.keyId, c.lastUse, c.unusedDays])).toEqual([
      ['k-idle', 'used', 154],
      ['k-fresh', 'never', 124],
    ]);
    const removals = r.actions.filter((a) => a.text.startsWith('remove it:')).map((a) => a.text);
    expect(removals).toEqual([
      'remove it: not used to sign in for 154 days: secret k-idle of Reporting (application id a-reporting, app id app-reporting)',
      'remove it: never used to sign in in the 124 days since it was added: certificate k-fresh of Mailer (application id a-mailer, app id app-mailer)',
    ]);
    // The objects the action is taken on, by id: the application and the credential by its keyId.
    expect(r.actions.find((a) => a.text.includes('k-idle'))?.objects).toEqual([
      { type: 'application', id: 'a-reporting', name: 'Reporting', app_id: 'app-reporting' },
      { type: 'credential', id: 'k-idle', name: null, key_id: 'k-idle' },
    ]);
    const text = formatReadiness(r);
    expect(text).toContain('last use (appCredentialSignInActivities): 1 never used, 1 unused for 90+ days');
    expect(text).toContain('last used 2025-05-01 (154 d ago)');
    expect(text).not.toContain(LAST_USE_UNKNOWN);
  });

  it('says last use is unknown, and what it needs, when the snapshot could not read the report', async () => {
    const r = await readiness(false);
    expect(r.credentials.lastUse).toBeNull();
    expect(r.credentials.all.map((c) => c.lastUse)).toEqual(['unknown', 'unknown']);
    expect(r.credentials.counts).toMatchObject({ 'never-used': 0, unused: 0 });
    expect(formatReadiness(r)).toContain(`  ${LAST_USE_UNKNOWN}`);
    expect(r.actions.map((a) => a.text)).toContain(
      `Credentials: ${LAST_USE_UNKNOWN}; collect it with the next snapshot so unused credentials can be removed safely`,
    );
    expect(r.actions.some((a) => a.text.startsWith('remove it:'))).toBe(false);
  });
});
