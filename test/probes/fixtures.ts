import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Graph sign-in (v1.0 shape) with the fields the probes need. */
export function graphSignin(i: number, createdDateTime: string, extra: Record<string, unknown> = {}): unknown {
  return {
    id: `probe-signin-${i}`,
    createdDateTime,
    userPrincipalName: `user${i}@contoso-probe.com`,
    userDisplayName: `User ${i}`,
    userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    appDisplayName: 'Microsoft Teams',
    ipAddress: '203.0.113.7',
    clientAppUsed: 'Browser',
    isInteractive: true,
    status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
    ...extra,
  };
}

/**
 * A password spray (40 failed sign-ins from one address within 40 minutes) the built-in rules catch, written as
 * NDJSON; `more` are added after it.
 */
export function writeSpray(
  dir: string,
  name: string,
  more: readonly unknown[] = [],
  extra: Record<string, unknown> = {},
): string {
  const start = Date.parse('2025-09-09T18:00:00Z');
  const records = Array.from({ length: 40 }, (_, i) =>
    graphSignin(i, new Date(start + i * 60_000).toISOString().replace('.000Z', 'Z'), extra),
  );
  const file = join(dir, name);
  writeFileSync(file, `${[...records, ...more].map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}
