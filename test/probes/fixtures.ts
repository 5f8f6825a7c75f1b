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

const LA_HEADER =
  'TimeGenerated [UTC],Id,CreatedDateTime [UTC],UserPrincipalName,UserId,AppId,AppDisplayName,IPAddress,ResultType,ResultDescription,ClientAppUsed,Category';

/**
 * A Log Analytics SigninLogs CSV export of `count` failed sign-ins (ids `<idPrefix>-<i>`, `extraColumns` empty ones
 * after the real ones), as bytes; `edit(i, row)` may change row i's text (or bytes) to make it malformed.
 */
export function laSigninCsv(
  count: number,
  edit: (i: number, row: Buffer) => Buffer = (_, row) => row,
  idPrefix = 'la',
  extraColumns = 0,
): Buffer {
  const extra = ','.repeat(extraColumns);
  const header = `${LA_HEADER}${Array.from({ length: extraColumns }, (_, i) => `,X${i}`).join('')}`;
  const rows = Array.from({ length: count }, (_, i) => {
    const t = `2025-09-09T18:${String(i).padStart(2, '0')}:00Z`;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const row = `${t},${idPrefix}-${i},${t},user${i}@contoso-probe.com,${id},1fec8e78-bce4-4aaf-ab1b-5451cc387264,Teams,203.0.113.7,50126,Invalid username or password.,Browser,SignInLogs${extra}`;
    return edit(i, Buffer.from(row));
  });
  return Buffer.concat([Buffer.from(`${header}\n`), ...rows.flatMap((r) => [r, Buffer.from('\n')])]);
}
